// Issue 13, defects 8, 9, 10 and 13: the browser host's memory and time limits, each against a host
// started with small limits so the tests need no large data and no waiting.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { InpaintApi } from '../../shared/contract';
import { DEFAULT_HOST_LIMITS, type HostLimits } from './limits';
import { httpProbe } from './probe';
import { startHost, type RunningHost } from './server';

const TOKEN = 'b'.repeat(64);
const BIG_ANSWER = 'x'.repeat(256 * 1024);

function fakeCore(calls: { n: number; imported: string[] }) {
  return {
    async ping() {
      calls.n++;
      return { t: 1 };
    },
    async appInfo() {
      calls.n++;
      return { blob: BIG_ANSWER }; // a large answer, to fill a send buffer fast
    },
    async importModel(req: { bundleBase64?: string }) {
      calls.imported.push(req.bundleBase64 ?? '');
      return { id: 'm' };
    },
    onTrainingEvent: () => () => {},
    onModelsChanged: () => () => {},
    onMenuCommand: () => () => {},
    onEvalEvent: () => () => {},
  } as unknown as InpaintApi;
}

let host: RunningHost | undefined;
let root = '';
let calls = { n: 0, imported: [] as string[] };
const sockets: Socket[] = [];
async function start(limits: Partial<HostLimits>): Promise<RunningHost> {
  root = await mkdtemp(join(tmpdir(), 'inpaint-limits-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
  calls = { n: 0, imported: [] };
  host = await startHost({ services: fakeCore(calls), rendererDir: root, token: TOKEN, port: 0, limits });
  return host;
}
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await host?.close();
  host = undefined;
  await rm(root, { recursive: true, force: true });
});

const wsUrl = (h: RunningHost) => `ws://127.0.0.1:${h.port}/api/ws?token=${TOKEN}`;
function openWs(h: RunningHost, opts: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(h), opts);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}
const closed = (ws: WebSocket) =>
  new Promise<number>((resolve) => (ws.readyState === ws.CLOSED ? resolve(0) : ws.once('close', (c) => resolve(c))));
const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((r) => setTimeout(r, 10));
};

/** POST with a body of `size` bytes; the status, or the error code when the connection was cut. */
function postBody(port: number, path: string, size: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { Host: `127.0.0.1:${port}`, Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let left = size;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!req.write(chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('browser host limits', () => {
  it('answers an HTTP body over its call cap with 413, not a reset (defect 13)', async () => {
    const h = await start({ smallMessageBytes: 64 * 1024, largeMessageBytes: 1024 * 1024 });
    expect(await postBody(h.port, '/api/ping', 200 * 1024)).toBe(413); // past the small cap
    expect(await postBody(h.port, '/api/importModel', 3 * 1024 * 1024)).toBe(413); // past even import's cap
    expect(calls.n).toBe(0);
  });

  it('caps each call by what it needs: only import takes a large message, and only over HTTP (defect 9)', async () => {
    const h = await start({ smallMessageBytes: 64 * 1024, largeMessageBytes: 1024 * 1024 });
    const auth = { Authorization: `Bearer ${TOKEN}` };
    // 500 KB of `{},` as an HTTP ping: refused (413) unparsed; as an HTTP import body: refused unparsed.
    const junk = `[${'{},'.repeat(170_000)}{}]`;
    expect((await httpProbe(h.port, '/api/ping', { method: 'POST', headers: auth, body: junk })).status).toBe(413);
    const notImport = await httpProbe(h.port, '/api/importModel', { method: 'POST', headers: auth, body: junk });
    expect(JSON.parse(notImport.body).error).toMatch(/at most 65536 bytes; only importModel may send more/);
    // A 500 KB import over HTTP goes through, its base64 intact.
    const base64 = 'QUJD'.repeat(125_000);
    const body = JSON.stringify({ bundleBase64: base64 });
    const ok = await httpProbe(h.port, '/api/importModel', { method: 'POST', headers: auth, body });
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true });
    expect(calls.imported).toEqual([base64]);
    // On the WebSocket every message is small: a larger frame is refused from its header (1009), unbuffered.
    const ws = await openWs(h);
    ws.send(JSON.stringify({ id: 9, call: 'importModel', payload: { bundleBase64: base64 } }));
    expect(await closed(ws)).toBe(1009);
    expect(calls.imported).toHaveLength(1);
    expect((await httpProbe(h.port, '/api/ping', { method: 'POST', headers: auth })).status).toBe(200);
  });

  it('stops reading from, then closes, a WebSocket client that never reads its answers (defect 8)', async () => {
    const h = await start({ softBufferedBytes: 512 * 1024, maxBufferedBytes: 2 * 1024 * 1024 });
    const ws = await openWs(h);
    const raw = (ws as unknown as { _socket: Socket })._socket;
    raw.pause(); // a client that never reads: its answers pile up in the host's send buffer
    // 30 requests a round × 256 KB answers: far past both caps were every answer buffered.
    const sendRound = () => {
      for (let i = 0; i < 30; i++) ws.send(JSON.stringify({ id: i, call: 'appInfo' }));
    };
    sendRound();
    await until(() => calls.n >= 3); // the host read and answered some
    for (let r = 0; r < 20; r++) sendRound();
    raw.resume();
    let answers = 0;
    ws.on('message', () => answers++);
    await closed(ws);
    // Without the caps all 630 answers (160 MB) were buffered and delivered; with them the host read
    // only what fit and dropped the client before 160 MB could pile up.
    expect(answers).toBeLessThan(630);
    expect(calls.n).toBeLessThan(630);
  });

  it('closes idle HTTP sockets and caps connections, evicting idle ones for a real client (defect 10)', async () => {
    const h = await start({ maxConnections: 20, idleTimeoutMs: 300, headersTimeoutMs: 300 });
    const idle: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      const s = connect({ host: '127.0.0.1', port: h.port });
      sockets.push(s);
      s.on('error', () => {});
      idle.push(new Promise((resolve) => s.once('close', () => resolve())));
    }
    // Each socket either connected or was already closed by the cap.
    await Promise.all(
      sockets.map((s) => new Promise<void>((r) => (s.connecting ? (s.once('connect', r), s.once('close', r)) : r()))),
    );
    const r = await httpProbe(h.port, '/api/ping', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200); // the real client got in
    expect(h.connections()).toBeLessThanOrEqual(20);
    await Promise.all(idle); // and every idle socket is closed in the end, by the cap or the idle timeout
  });

  it('pings WebSocket clients and drops one that stops answering (defect 10)', async () => {
    const h = await start({ wsPingIntervalMs: 100 });
    const alive = await openWs(h);
    const dead = await openWs(h, { autoPong: false });
    expect(await closed(dead)).toBe(1006); // terminated: no pong within an interval
    expect(alive.readyState).toBe(alive.OPEN);
    alive.close();
  });

  it('has defaults that admit the largest import and keep everything else small', () => {
    expect(DEFAULT_HOST_LIMITS.smallMessageBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(DEFAULT_HOST_LIMITS.largeMessageBytes).toBeGreaterThan(100 * 1024 * 1024);
  });
});
