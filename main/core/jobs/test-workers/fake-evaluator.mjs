// A stand-in for eval-worker.js that speaks the same protocol (main/core/jobs/eval-messages.ts) and
// misbehaves on demand: FAKE_EVAL picks the scenario. Progress names its pid, so a test can see it end.
const send = (m) => new Promise((resolve) => process.send(m, () => resolve()));
const progress = (done) => ({
  type: 'progress',
  progress: { done, total: 20, family: 'center-gray', current: `pid ${process.pid}` },
});

const scenarios = {
  async ok(req) {
    await send({ type: 'started', backend: { name: 'cpu', reason: 'fake' } });
    await send(progress(0));
    await send(progress(10));
    const row = (method, mse) => ({ method, family: req.families[0], mse, accuracy: 0.5 });
    await send({
      type: 'done',
      n: req.n,
      seed: 1,
      rows: [row('clean', 0), row('gray', 0.3), row(req.methods[0], 0.1)],
    });
    process.disconnect();
  },
  /** Reports once, then works forever (until killed). */
  async endless() {
    await send(progress(0));
    setInterval(() => {}, 1000);
  },
  async crash() {
    await send(progress(0));
    process.stderr.write('Error: the fake evaluator fell over\n');
    process.exit(3);
  },
  async garbage(req) {
    await send({ type: 'progress', progress: { done: Number.NaN, total: 20, family: 'x', current: 'bad' } });
    await send(progress(5));
    await send({ type: 'failed', error: `cannot evaluate ${req.methods.join(', ')}` });
  },
};

process.on('message', (m) => {
  if (m?.type === 'start') void scenarios[process.env.FAKE_EVAL ?? 'ok'](m.req);
});
