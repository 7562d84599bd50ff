// The browser host's binary frames (shared/binary-frame.ts) on a real WebSocket: inpaint's pixels travel as
// typed arrays both ways, and a malformed binary frame — truncated, a wrong length, garbage, or huge — gets
// one clear error (or, past the size cap, a closed socket) while the host keeps serving.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { InpaintApi, InpaintRequest, InpaintResponse } from '../../shared/contract';
import { decodeFrame, encodeFrame } from '../../shared/binary-frame';
import { createWsClient } from '../../shared/ws-client';
import { httpProbe } from './probe';
import { startHost, type RunningHost } from './server';

const TOKEN = 'b'.repeat(64);
const SMALL_CAP = 64 * 1024;
let host: RunningHost;
let root: string;
const received: InpaintRequest[] = [];

/** A core whose inpaint answers each method with the image plus 0.25 on the missing pixels (capped at 1). */
const core = {
  async inpaint(req: InpaintRequest): Promise<InpaintResponse> {
    received.push(req);
    const image = Float32Array.from(req.image, (v, i) => (req.mask[i] ? Math.min(1, v + 0.25) : v));
    return {
      input: { energy: 1.5, probs: null },
      results: req.methods.map((method) => ({ method, image, ms: 1, energy: 2, probs: null })),
    };
  },
  async ping() {
    return { t: 1 };
  },
  onTrainingEvent: () => () => {},
  onModelsChanged: () => () => {},
  onMenuCommand: () => () => {},
  onEvalEvent: () => () => {},
} as unknown as InpaintApi;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'inpaint-binary-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
  host = await startHost({
    services: core,
    rendererDir: root,
    token: TOKEN,
    port: 0,
    limits: { smallMessageBytes: SMALL_CAP },
  });
});

afterAll(async () => {
  await host?.close();
  await rm(root, { recursive: true, force: true });
});

const image = () => Float32Array.from({ length: 784 }, (_, i) => (i % 9) / 9);
const mask = () => Uint8Array.from({ length: 784 }, (_, i) => (i >= 300 && i < 420 ? 1 : 0));

/** A raw socket: sends one message and resolves with the next answer (decoded) or the close code. */
async function rawSocket() {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/ws?token=${TOKEN}`);
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  const next = () =>
    new Promise<{ answer?: Record<string, unknown>; closed?: number; binary?: boolean }>((resolve) => {
      ws.once('message', (data: Buffer, isBinary: boolean) => {
        const frame = isBinary ? decodeFrame(new Uint8Array(data)) : { message: JSON.parse(String(data)) };
        resolve({ answer: 'message' in frame ? (frame.message as Record<string, unknown>) : {}, binary: isBinary });
      });
      ws.once('close', (code: number) => resolve({ closed: code }));
    });
  return { ws, next };
}

describe('browser host: binary frames', () => {
  it('carries an inpaint request and its answer as typed arrays, both ways', async () => {
    const api = createWsClient({
      url: `ws://127.0.0.1:${host.port}/api/ws`,
      token: TOKEN,
      WebSocketImpl: WebSocket as never,
    });
    received.length = 0;
    const res = await api.inpaint({ image: image(), mask: mask(), original: image(), methods: ['pca', 'crbm'] });
    // The core got typed arrays, exactly as sent (no number-array conversion).
    expect(received[0].image).toBeInstanceOf(Float32Array);
    expect(received[0].mask).toBeInstanceOf(Uint8Array);
    expect(Array.from(received[0].image)).toEqual(Array.from(image()));
    expect(Array.from(received[0].mask)).toEqual(Array.from(mask()));
    // The answer's images came back as Float32Array with the exact values.
    expect(res.results.map((r) => r.method)).toEqual(['pca', 'crbm']);
    const img = res.results[1].image;
    expect(img).toBeInstanceOf(Float32Array);
    expect(img?.[350]).toBe(Math.fround(Math.min(1, Math.fround((350 % 9) / 9) + 0.25)));
    expect(img?.[10]).toBe(Math.fround((10 % 9) / 9));
    expect(res.input.energy).toBe(1.5);
    // Control calls stay JSON and still work on the same socket.
    expect(await api.ping()).toEqual({ t: 1 });
  });

  it('checks the decoded payload with the same strict schema: a typed array of a wrong length', async () => {
    const { ws, next } = await rawSocket();
    ws.send(
      encodeFrame({
        id: 7,
        call: 'inpaint',
        payload: { image: new Float32Array(700), mask: mask(), methods: ['pca'] },
      }),
    );
    const { answer } = await next();
    expect(answer).toMatchObject({ id: 7, ok: false });
    expect(String(answer?.error)).toMatch(/image must be .*Float32Array of exactly 784 values/);
    ws.send(
      encodeFrame({
        id: 8,
        call: 'inpaint',
        payload: { image: image(), mask: new Float32Array(784), methods: ['pca'] },
      }),
    );
    expect(String((await next()).answer?.error)).toMatch(/mask must be .*Uint8Array of exactly 784/);
    ws.close();
  });

  it('answers a truncated frame, a length that disagrees with its bodies, garbage: one clear error', async () => {
    const { ws, next } = await rawSocket();
    const good = encodeFrame({ id: 1, call: 'inpaint', payload: { image: image(), mask: mask(), methods: ['pca'] } });
    const cases: [Uint8Array, RegExp][] = [
      [good.subarray(0, good.length - 100), /malformed binary message: it is truncated/],
      [good.subarray(0, 20), /malformed binary message: it is truncated inside its header/],
      [good.subarray(0, 5), /malformed binary message: it is 5 bytes/],
      [Uint8Array.from([...good, 0, 0, 0, 0]), /malformed binary message: its length .* does not match/],
      [Uint8Array.from({ length: 4000 }, (_, i) => (i * 131 + 7) & 255), /malformed binary message: it does not start/],
    ];
    // A header claiming far more bytes than it has, and one claiming a body longer than the frame.
    const claims = Uint8Array.from(good);
    new DataView(claims.buffer).setUint32(4, 0xfffffff0, true);
    cases.push([claims, /its header claims/]);
    const header = new TextEncoder().encode(
      '{"m":{"id":3,"call":"inpaint","payload":{"image":{"$bin":0}}},"b":[["f32",1000000]]}',
    );
    const longBody = new Uint8Array(8 + header.length);
    longBody.set([0x49, 0x4e, 0x42, 0x31]);
    new DataView(longBody.buffer).setUint32(4, header.length, true);
    longBody.set(header, 8);
    cases.push([longBody, /it is truncated \(a body ends at byte/]);
    for (const [bytes, why] of cases) {
      ws.send(bytes);
      const { answer } = await next();
      expect(answer).toMatchObject({ id: null, ok: false });
      expect(String(answer?.error)).toMatch(why);
      expect(String(answer?.error)).not.toMatch(/\n/);
    }
    // The same socket still serves a good frame afterwards.
    ws.send(good);
    const { answer, binary } = await next();
    expect(binary).toBe(true);
    expect(answer).toMatchObject({ id: 1, ok: true });
    ws.close();
  });

  it('closes a socket that sends a frame past the size cap unbuffered, and keeps serving others', async () => {
    const { ws, next } = await rawSocket();
    ws.send(new Uint8Array(SMALL_CAP + 1024));
    expect((await next()).closed).toBe(1009);
    const other = await rawSocket();
    other.ws.send(encodeFrame({ id: 2, call: 'inpaint', payload: { image: image(), mask: mask(), methods: ['pca'] } }));
    expect((await other.next()).answer).toMatchObject({ id: 2, ok: true });
    other.ws.close();
  });

  it('still serves JSON callers on the HTTP API: number arrays in, number arrays out', async () => {
    const body = JSON.stringify({ image: Array.from(image()), mask: Array.from(mask()), methods: ['pca'] });
    const reply = await httpProbe(host.port, `/api/inpaint?token=${TOKEN}`, { method: 'POST', body });
    expect(reply.status).toBe(200);
    const answer = JSON.parse(reply.body);
    expect(Array.isArray(answer.result.results[0].image)).toBe(true);
    expect(answer.result.results[0].image).toHaveLength(784);
    expect(answer.result.results[0].image[10]).toBe(Math.fround((10 % 9) / 9));
  });
});
