// A stand-in for train-worker.js that speaks the same protocol (main/jobs/messages.ts) and misbehaves
// on demand: the TrainRequest's `name` picks the scenario, so one JobRunner can crash and then succeed.
const send = (m) => new Promise((resolve) => process.send(m, () => resolve()));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (step, totalSteps, extra = {}) => ({
  type: 'progress',
  update: {
    epoch: 1,
    epochs: 1,
    step,
    totalSteps,
    loss: 1 / step,
    examplesPerSec: 100,
    etaSeconds: totalSteps - step,
    ...extra,
  },
});
const leave = () => process.disconnect();
let cancelled = false;

/** Bytes 0..255 then 255..0: any re-encoding (JSON, base64) would change type or length. */
const weights = () => Uint8Array.from({ length: 512 }, (_, i) => (i < 256 ? i : 511 - i));
const model = (kind) => ({ kind, files: { 'weights.bin': weights() }, metadata: { fake: true } });

const scenarios = {
  async ok(req) {
    for (let s = 1; s <= 3; s++) {
      await send(progress(s, 3));
      await sleep(60);
    }
    await send({ type: 'done', model: model(req.kind) });
  },
  async flood(req) {
    // 500 updates over about one second, in bursts of 10.
    for (let s = 1; s <= 500; s++) {
      void send(progress(s, 500));
      if (s % 10 === 0) await sleep(20);
    }
    await send({ type: 'done', model: model(req.kind) });
  },
  async 'bad-progress'(req) {
    const seq = [
      progress(1, 10),
      progress(3, 10),
      progress(2, 10), // out of order
      progress(3, 10), // repeated
      progress(4, 10, { loss: NaN }),
      progress(5, 10, { etaSeconds: Infinity }),
      progress(6, 10, { energyReal: -Infinity, energyFake: 1 }),
      progress(NaN, 10),
      progress(7, 10, { energyReal: -2, energyFake: 1 }),
      progress(10, 10),
    ];
    for (const m of seq) {
      await send(m);
      await sleep(70); // slower than the rate limit, so only the filters drop messages
    }
    await send({ type: 'done', model: model(req.kind) });
  },
  async 'fail-message'() {
    await send({ type: 'failed', error: 'training stopped: the loss became NaN at step 3' });
  },
  async throw() {
    setTimeout(() => {
      throw new Error('boom: the fake trainer has a bug');
    });
    await sleep(10_000);
  },
  async exit() {
    process.exit(1);
  },
  async sigkill() {
    process.kill(process.pid, 'SIGKILL');
    await sleep(10_000);
  },
  async oom() {
    const hoard = [];
    for (;;) {
      hoard.push(new Array(100_000).fill({ pixel: hoard.length }));
      if (hoard.length % 50 === 0) await sleep(0);
    }
  },
  async slow() {
    for (let s = 1; !cancelled; s++) {
      await send(progress(s, 1e6));
      await sleep(20);
    }
    await send({ type: 'cancelled' });
  },
  async deaf() {
    for (let s = 1; ; s++) {
      await send(progress(s, 1e6));
      await sleep(20);
    }
  },
  async garbage(req) {
    for (const m of [
      null,
      'hello',
      42,
      { type: 'progress' },
      { type: 'progress', update: null },
      { type: 'who knows' },
      { type: 'failed', error: 7 },
    ]) {
      await send(m);
    }
    await send({ type: 'done', model: model(req.kind) });
  },
  async 'wrong-kind'(req) {
    await send({ type: 'done', model: model(req.kind === 'pca' ? 'generator' : 'pca') });
  },
  async busy(req) {
    // Burns CPU for ~3 s like a training step loop, reporting progress.
    const t0 = Date.now();
    for (let s = 1; Date.now() - t0 < 3000 && !cancelled; s++) {
      const until = Date.now() + 30;
      let x = 0;
      while (Date.now() < until) x += Math.sqrt(x + s);
      await send(progress(s, 1e6, { loss: 1 / (1 + (x % 1)) }));
      await new Promise((r) => setImmediate(r));
    }
    await send({ type: 'done', model: model(req.kind) });
  },
};

process.on('message', (msg) => {
  if (msg?.type === 'cancel') cancelled = true;
  if (msg?.type !== 'start') return;
  void send({ type: 'started', backend: { name: 'cpu', reason: 'fake trainer' } })
    .then(() => scenarios[msg.req.name ?? 'ok'](msg.req))
    .then(leave);
});
process.on('disconnect', () => process.exit(0));
