#!/usr/bin/env node
// Reproduces issue 13's load cases against the BUILT browser host (npm run build first) on a temp data
// folder, and prints memory and latency figures. Nothing is asserted: figures are read, not tested.
//   1. a WebSocket client that never reads its answers floods requests: host RSS over time;
//   2. a 100 MB message (`{},` × 33 M, not an import) while another client pings: ping p50/p95/max;
//   3. 1,100 idle sockets against a host whose file limit is 1,024: does the real client still get in?
// Run it under the lock (it uses CPU for a minute): flock /work/train.lock node scripts/stress-host.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

const HOST_JS = resolve('out/main/browser-host.js');
const FLOOD_SECONDS = Number(process.env.STRESS_FLOOD_SECONDS ?? 30);
const IDLE_SOCKETS = Number(process.env.STRESS_IDLE_SOCKETS ?? 1100);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function startHost() {
  const dataDir = mkdtempSync(join(tmpdir(), 'inpaint-stress-'));
  // The host gets the 1,024-file limit of the report; this script needs more (it holds the idle sockets).
  const child = spawn('sh', ['-c', `ulimit -n 1024 && exec "${process.execPath}" "${HOST_JS}"`], {
    env: { ...process.env, INPAINT_DATA_DIR: dataDir, INPAINT_PORT: '0', INPAINT_OPEN_BROWSER: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.on('data', () => {}); // the host logs refused clients there; not needed here
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+))/.exec(out);
      if (m) resolvePromise({ child, dataDir, port: Number(m[2]), token: m[3] });
    });
    child.on('exit', (code) => reject(new Error(`the host exited (${code}) before it was ready:\n${out}`)));
  });
}

const rssMb = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};
const openFds = (pid) => readdirSync(`/proc/${pid}/fd`).length;

function openWs(h) {
  return new Promise((res, rej) => {
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/api/ws?token=${h.token}`, { maxPayload: 512 * 1024 * 1024 });
    ws.once('open', () => res(ws));
    ws.once('error', rej);
  });
}

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
}

/** Pings over its own WebSocket every `everyMs`, until stop(); returns the round-trip times. */
async function pinger(h, everyMs = 20) {
  const ws = await openWs(h);
  const times = [];
  const pending = new Map();
  let id = 0;
  let timeouts = 0;
  ws.on('message', (d) => {
    const msg = JSON.parse(String(d));
    const t0 = pending.get(msg.id);
    if (t0 !== undefined) {
      pending.delete(msg.id);
      times.push(performance.now() - t0);
    }
  });
  let running = true;
  const loop = (async () => {
    while (running) {
      const n = ++id;
      pending.set(n, performance.now());
      ws.send(JSON.stringify({ id: n, call: 'ping' }));
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await sleep(200);
      timeouts = pending.size;
      ws.close();
      return { times, unanswered: timeouts };
    },
  };
}

async function flood(h) {
  console.log(`\n1. A WebSocket client that never reads floods modelDetails for ${FLOOD_SECONDS} s`);
  const ws = await openWs(h);
  ws._socket.pause(); // never read: answers pile up on the host's side
  let closedBy = null;
  ws.on('close', (code) => (closedBy = code));
  const ids = JSON.parse(await post(h, 'listModels', {})).result.models.map((m) => m.id);
  const ping = await pinger(h, 50);
  let sent = 0;
  const t0 = Date.now();
  console.log(`   t(s)  host RSS (MB)  requests sent`);
  console.log(`   ${'0'.padStart(4)}  ${String(rssMb(h.child.pid)).padStart(13)}  ${String(sent).padStart(13)}`);
  let next = 5;
  while (Date.now() - t0 < FLOOD_SECONDS * 1000 && closedBy === null) {
    for (let i = 0; i < 200 && ws.readyState === ws.OPEN; i++) {
      ws.send(JSON.stringify({ id: sent++, call: 'modelDetails', payload: { id: ids[sent % ids.length] } }));
    }
    await sleep(20);
    const t = (Date.now() - t0) / 1000;
    if (t >= next) {
      const row = [String(next).padStart(4), String(rssMb(h.child.pid)).padStart(13), String(sent).padStart(13)];
      console.log(`   ${row.join('  ')}`);
      next += 5;
    }
  }
  const { times, unanswered } = await ping.stop();
  console.log(
    `   the flooding client was ${closedBy === null ? 'still connected' : `closed by the host (code ${closedBy})`}` +
      ` after ${((Date.now() - t0) / 1000).toFixed(1)} s; host RSS now ${rssMb(h.child.pid)} MB`,
  );
  console.log(
    `   another client's ping meanwhile: p50 ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms,` +
      ` max ${Math.max(...times).toFixed(1)} ms (${times.length} pings, ${unanswered} unanswered)`,
  );
  ws.terminate();
}

async function bigMessage(h) {
  console.log('\n2. A 100 MB message ({},{},… as a ping) while another client pings every 20 ms');
  const ping = await pinger(h, 20);
  await sleep(1000);
  const ws = await openWs(h);
  const body = Buffer.alloc(100 * 1024 * 1024, '{},');
  const msg = Buffer.concat([Buffer.from('{"id":1,"call":"ping","payload":['), body, Buffer.from('{}]}')]);
  const t0 = performance.now();
  const answer = new Promise((res) => {
    ws.once('message', (d) => res(JSON.parse(String(d))));
    ws.once('close', (code) => res({ closed: code }));
  });
  ws.send(msg, { binary: false });
  const a = await answer;
  const took = performance.now() - t0;
  await sleep(1000);
  const { times, unanswered } = await ping.stop();
  console.log(`   answer after ${took.toFixed(0)} ms: ${JSON.stringify(a).slice(0, 160)}`);
  console.log(
    `   ping meanwhile: p50 ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms,` +
      ` max ${Math.max(...times).toFixed(1)} ms (${times.length} pings, ${unanswered} unanswered);` +
      ` host RSS ${rssMb(h.child.pid)} MB`,
  );
  ws.terminate();
}

function post(h, call, payload) {
  return new Promise((res, rej) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: h.port,
        path: `/api/${call}`,
        method: 'POST',
        headers: {
          Host: `127.0.0.1:${h.port}`,
          Authorization: `Bearer ${h.token}`,
          'Content-Type': 'application/json',
        },
      },
      (r) => {
        let body = '';
        r.on('data', (c) => (body += c));
        r.on('end', () => res(body));
      },
    );
    req.on('error', rej);
    req.end(JSON.stringify(payload));
  });
}

async function idleSockets(h) {
  console.log(`\n3. ${IDLE_SOCKETS} idle sockets against a host with a 1,024-file limit`);
  const sockets = [];
  let closedByHost = 0;
  let errors = 0;
  for (let i = 0; i < IDLE_SOCKETS; i++) {
    const s = connect({ host: '127.0.0.1', port: h.port });
    s.on('error', () => errors++);
    s.resume(); // read (nothing), so the host's closing of the socket is seen
    s.on('close', () => closedByHost++);
    sockets.push(s);
    if (i % 100 === 99) await sleep(20);
  }
  await sleep(1000);
  console.log(`   host: ${openFds(h.child.pid)} open files; ${closedByHost} idle sockets already closed by the host`);
  const t0 = performance.now();
  let status;
  try {
    const body = await post(h, 'ping', {});
    status = `answered in ${(performance.now() - t0).toFixed(0)} ms: ${body}`;
  } catch (err) {
    status = `FAILED: ${err.code ?? err.message}`;
  }
  console.log(`   the real client's ping: ${status}`);
  const ws = await openWs(h).then(
    (w) => (w.close(), 'opened'),
    (e) => `FAILED: ${e.message}`,
  );
  console.log(`   the real client's WebSocket: ${ws}`);
  const waitStart = Date.now();
  while (closedByHost < IDLE_SOCKETS && Date.now() - waitStart < 45_000) await sleep(500);
  console.log(
    `   after ${((Date.now() - waitStart) / 1000).toFixed(1)} s more: ${closedByHost} of ${IDLE_SOCKETS} idle sockets` +
      ` closed by the host; host has ${openFds(h.child.pid)} open files`,
  );
  for (const s of sockets) s.destroy();
}

const h = await startHost();
console.log(`host pid ${h.child.pid} on port ${h.port}; RSS at start ${rssMb(h.child.pid)} MB`);
try {
  await flood(h);
  await bigMessage(h);
  await idleSockets(h);
} finally {
  h.child.kill('SIGTERM');
  await sleep(500);
  rmSync(h.dataDir, { recursive: true, force: true });
}
