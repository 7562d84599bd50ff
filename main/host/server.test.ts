// The browser host's gates (RELIABILITY 5–6) and its WebSocket API, against a fake core and a temp renderer.
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { CALLS, type InpaintApi, type TrainEvent } from '../../shared/contract';
import { createWsClient } from '../../shared/ws-client';
import { httpProbe as http, tcpConnect, upgradeStatus } from './probe';
import { startHost, type RunningHost } from './server';

function fakeCore() {
  const trainListeners = new Set<(e: TrainEvent) => void>();
  const received: unknown[] = [];
  const core = {
    async ping() {
      return { t: 42 };
    },
    async sample(req: unknown) {
      received.push(req);
      return { echoed: req };
    },
    async listModels() {
      throw new Error('store is locked\nstack…');
    },
    modelDetails: () => new Promise(() => {}),
    onTrainingEvent(cb: (e: TrainEvent) => void) {
      trainListeners.add(cb);
      return () => trainListeners.delete(cb);
    },
    onModelsChanged: () => () => {},
    onMenuCommand: () => () => {},
    onEvalEvent: () => () => {},
  };
  return { core: core as unknown as InpaintApi, received, trainListeners };
}

const TOKEN = 'a'.repeat(64);

/** Waits until `done()` holds. No deadline of its own (expect.poll's is 1 s, which a busy machine can miss):
 * a wait that never ends fails by the test's timeout. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 10));
}
let host: RunningHost;
let root: string;
let fake: ReturnType<typeof fakeCore>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'inpaint-host-'));
  const renderer = join(root, 'renderer');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(renderer, '.env'), 'SECRET=1');
  await writeFile(join(root, 'secret.txt'), 'outside');
  await symlink(join(root, 'secret.txt'), join(renderer, 'assets', 'link.txt'));
  fake = fakeCore();
  host = await startHost({ services: fake.core, rendererDir: renderer, token: TOKEN, port: 0 });
});

afterAll(async () => {
  await host?.close();
  await rm(root, { recursive: true, force: true });
});

describe('browser host: network exposure', () => {
  it('listens on 127.0.0.1 only: other loopback addresses and IPv6 are refused', async () => {
    const tryConnect = (addr: string) => tcpConnect(addr, host.port);
    expect(await tryConnect('127.0.0.1')).toBe('connected');
    // A socket bound to 0.0.0.0 would accept 127.0.0.2 too.
    expect(await tryConnect('127.0.0.2')).toBe('ECONNREFUSED');
    expect(await tryConnect('::1')).not.toBe('connected');
  });

  it('prints a URL with a 256-bit token on 127.0.0.1', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`);
  });
});

describe('browser host: token (RELIABILITY 5)', () => {
  it('answers the HTTP API with 401 without a token or with a wrong one, and 200 with it', async () => {
    expect((await http(host.port, '/api/ping', { method: 'POST' })).status).toBe(401);
    expect((await http(host.port, `/api/ping?token=${'b'.repeat(64)}`, { method: 'POST' })).status).toBe(401);
    expect((await http(host.port, '/api/ping?token=short', { method: 'POST' })).status).toBe(401);
    expect(
      (await http(host.port, '/api/ping', { method: 'POST', headers: { Authorization: 'Bearer nope' } })).status,
    ).toBe(401);
    const ok = await http(host.port, '/api/ping', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: '{}',
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ ok: true, result: { t: 42 } });
  });

  it('refuses the WebSocket upgrade with 401 without a token or with a wrong one', async () => {
    expect(await upgradeStatus(host.port, '/api/ws')).toBe(401);
    expect(await upgradeStatus(host.port, `/api/ws?token=${'b'.repeat(64)}`)).toBe(401);
    expect(await upgradeStatus(host.port, `/api/ws?token=${TOKEN}`)).toBe(101);
  });
});

describe('browser host: Host and Origin (RELIABILITY 6)', () => {
  it('answers 403 to a foreign Host header on pages, the API and the WebSocket, even with the token', async () => {
    const evil = { Host: `evil.example:${host.port}` };
    expect((await http(host.port, '/', { headers: evil })).status).toBe(403);
    expect((await http(host.port, `/api/ping?token=${TOKEN}`, { method: 'POST', headers: evil })).status).toBe(403);
    expect((await http(host.port, '/', { headers: { Host: '127.0.0.1:1' } })).status).toBe(403);
    expect(await upgradeStatus(host.port, `/api/ws?token=${TOKEN}`, evil)).toBe(403);
  });

  it('accepts localhost and [::1] names of our port', async () => {
    expect((await http(host.port, '/', { headers: { Host: `localhost:${host.port}` } })).status).toBe(200);
    expect((await http(host.port, '/', { headers: { Host: `[::1]:${host.port}` } })).status).toBe(200);
  });

  it('answers 403 to a foreign Origin even with the token', async () => {
    const origin = { Origin: 'http://evil.example' };
    expect((await http(host.port, `/api/ping?token=${TOKEN}`, { method: 'POST', headers: origin })).status).toBe(403);
    expect(await upgradeStatus(host.port, `/api/ws?token=${TOKEN}`, origin)).toBe(403);
    expect(await upgradeStatus(host.port, `/api/ws?token=${TOKEN}`, { Origin: 'null' })).toBe(403);
    expect(await upgradeStatus(host.port, `/api/ws?token=${TOKEN}`, { Origin: `http://localhost:${host.port}` })).toBe(
      101,
    );
  });

  it('never sends Access-Control-Allow-Origin, not even to a preflight', async () => {
    const replies = await Promise.all([
      http(host.port, '/'),
      http(host.port, `/api/ping?token=${TOKEN}`, { method: 'POST' }),
      http(host.port, `/api/ping?token=${TOKEN}`, {
        method: 'OPTIONS',
        headers: { Origin: `http://127.0.0.1:${host.port}`, 'Access-Control-Request-Method': 'POST' },
      }),
      http(host.port, '/api/ping', { method: 'OPTIONS', headers: { Origin: 'http://evil.example' } }),
    ]);
    for (const r of replies) expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('browser host: static files', () => {
  it('serves the renderer with the CSP and the right MIME types', async () => {
    const page = await http(host.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-eval');
    expect((await http(host.port, '/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('refuses traversal, dotfiles and symlinks that leave the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/.env',
      '/assets/link.txt',
      '/%00',
      '/..%5csecret.txt',
    ]) {
      const r = await http(host.port, path);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('outside');
    }
  });
});

describe('browser host: WebSocket API', () => {
  it('runs calls through the same client the renderer uses, with short errors and pushed events', async () => {
    const api = createWsClient({ url: `ws://127.0.0.1:${host.port}/api/ws`, token: TOKEN, WebSocketImpl: WebSocket });
    expect(await api.ping()).toEqual({ t: 42 });
    expect(await api.sample({ split: 'test', index: 3 })).toEqual({ echoed: { split: 'test', index: 3 } });
    await expect(api.listModels()).rejects.toThrow(/^store is locked$/);
    await expect(api.sample({ split: 'nope' } as never)).rejects.toThrow(
      /^Could not load the digit: the split must be one of train, test\.$/,
    );
    expect(fake.received).toHaveLength(1);

    const seen: TrainEvent[] = [];
    const off = api.onTrainingEvent((e) => seen.push(e));
    await until(() => fake.trainListeners.size > 0);
    const event: TrainEvent = { type: 'cancelled', jobId: 'j1', kind: 'pca' };
    fake.trainListeners.forEach((cb) => cb(event));
    await until(() => seen.length > 0);
    expect(seen).toEqual([event]);
    off();
    fake.trainListeners.forEach((cb) => cb(event));
    await api.ping();
    expect(seen).toHaveLength(1);
  });

  it('still delivers an event to the other listeners when one listener throws', async () => {
    const api = createWsClient({ url: `ws://127.0.0.1:${host.port}/api/ws`, token: TOKEN, WebSocketImpl: WebSocket });
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const seen: TrainEvent[] = [];
    const offs = [
      api.onTrainingEvent(() => {
        throw new Error('broken listener');
      }),
      api.onTrainingEvent((e) => seen.push(e)),
    ];
    await api.ping();
    await until(() => fake.trainListeners.size > 0);
    const event: TrainEvent = { type: 'cancelled', jobId: 'j2', kind: 'pca' };
    fake.trainListeners.forEach((cb) => cb(event));
    await until(() => seen.length > 0);
    expect(seen).toEqual([event]);
    expect(quiet).toHaveBeenCalledWith('a listener of training:event failed:', expect.any(Error));
    quiet.mockRestore();
    offs.forEach((off) => off());
  });

  it('rejects every pending and later call with a clear message when the connection is refused', async () => {
    const api = createWsClient({ url: `ws://127.0.0.1:${host.port}/api/ws`, token: 'wrong', WebSocketImpl: WebSocket });
    await expect(api.ping()).rejects.toThrow(/lost the connection/);
    await expect(api.ping()).rejects.toThrow(/lost the connection/);
  });

  it('gives up on a call that gets no answer within its time limit', async () => {
    // Only the call that never answers gets a short limit: the ping after it may take as long as a busy
    // machine needs.
    const api = createWsClient({
      url: `ws://127.0.0.1:${host.port}/api/ws`,
      token: TOKEN,
      timeoutMs: (call) => (call === 'modelDetails' ? 100 : 130_000),
      WebSocketImpl: WebSocket,
    });
    await expect(api.modelDetails({ id: 'x' })).rejects.toThrow(/modelDetails got no answer/);
    expect(await api.ping()).toEqual({ t: 42 });
  });

  it('answers malformed messages and unknown calls with an error and keeps the connection', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/ws?token=${TOKEN}`);
    const answers: unknown[] = [];
    ws.on('message', (d) => answers.push(JSON.parse(String(d))));
    await new Promise((r) => ws.on('open', r));
    ws.send('not json');
    ws.send('[1,2]');
    ws.send(JSON.stringify({ id: 7, call: 'rm -rf', payload: {} }));
    ws.send(JSON.stringify({ id: 8, call: 'ping', payload: {} }));
    await until(() => answers.length >= 4);
    expect(answers).toHaveLength(4);
    expect(answers[0]).toEqual({ id: null, ok: false, error: 'message is not JSON' });
    expect(answers[1]).toMatchObject({ id: null, ok: false });
    expect(answers[2]).toEqual({ id: 7, ok: false, error: 'unknown call "rm -rf"' });
    expect(answers[3]).toEqual({ id: 8, ok: true, result: { t: 42 } });
    ws.close();
  });

  it('exposes every contract call over HTTP too, each validated', async () => {
    for (const call of Object.keys(CALLS)) {
      const r = await http(host.port, `/api/${call}?token=${TOKEN}`, { method: 'POST', body: '{"bogus":1}' });
      expect(r.status, call).toBe(400);
      const error = JSON.parse(r.body).error as string;
      expect(error, call).toMatch(/^Could not [^:]+: .+\.$/); // what could not be done, why, in words
      expect(error, call).not.toMatch(/invalid request|expected|received/);
    }
  });
});
