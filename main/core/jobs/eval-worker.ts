// Entry of the evaluation process (child_process.fork). It owns one run; a cancel ends the process (an eval
// has nothing to save), and if it dies the app lives on and the eval runner reports it in words.
import { loadDataset } from '../ml/data/mnist';
import { initBackend } from '../ml/tf/backend';
import type { FromEvalWorker, ToEvalWorker } from './eval-messages';
import { runEvalJob } from './eval-job';
import { orderedSender } from './ordered-send';
import { lowerOwnPriority } from './own-priority';

lowerOwnPriority(); // every thread of this process, before it starts any of its own

const { send, flushed } = orderedSender<FromEvalWorker>();

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function run(start: ToEvalWorker): Promise<void> {
  try {
    send({ type: 'started', backend: await initBackend() });
    const data = await loadDataset(start.datasetDir);
    await runEvalJob(start.req, start.models, data.test, send);
  } catch (err) {
    send({ type: 'failed', error: errorText(err) });
  }
  await flushed();
  if (process.connected) process.disconnect();
}

let started = false;
process.on('message', (msg: ToEvalWorker) => {
  if (msg?.type !== 'start' || started) return;
  started = true;
  void run(msg);
});

process.on('uncaughtException', (err: unknown) => {
  send({ type: 'failed', error: `the evaluation crashed: ${errorText(err)}` });
  void flushed().finally(() => process.exit(1));
});

// The app went away or the run is over: leave.
process.on('disconnect', () => process.exit(0));
