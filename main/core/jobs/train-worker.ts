// Entry of the training process (child_process.fork). It owns nothing but one job; if it dies,
// the app lives on and the job runner reports the crash.
import type { FromWorker, ToWorker } from './messages';
import { runTrainingJob } from './train-job';
import { orderedSender } from './ordered-send';
import { lowerOwnPriority } from './own-priority';

lowerOwnPriority(); // every thread of this process, before it starts any of its own

const controller = new AbortController();
let finished = false;
const { send, flushed } = orderedSender<FromWorker>();

/** Waits for queued messages (a model can be megabytes), then closes the channel so the process can end. */
async function leave(): Promise<void> {
  finished = true;
  await flushed();
  if (process.connected) process.disconnect();
}

process.on('message', (msg: ToWorker) => {
  if (msg?.type === 'cancel') controller.abort();
  else if (msg?.type === 'start' && !finished) void runTrainingJob(msg, send, controller.signal).finally(leave);
});

// Anything thrown outside the job (a backend callback, a timer) still gets reported in words.
process.on('uncaughtException', (err: unknown) => {
  // `throw 'text'` arrives as a plain value: without this it would read "crashed: undefined".
  send({ type: 'failed', error: `the trainer crashed: ${err instanceof Error ? err.message : String(err)}` });
  void leave().finally(() => process.exit(1));
});

process.on('disconnect', () => {
  // The parent went away (app closed or crashed) or we are done: stop working and leave.
  controller.abort();
  if (finished) process.exit(0);
  else setTimeout(() => process.exit(0), 2000).unref();
});
