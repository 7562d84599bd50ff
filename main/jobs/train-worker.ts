// Entry of the training process (child_process.fork). It owns nothing but one job; if it dies,
// the app lives on and the job runner reports the crash.
import type { FromWorker, ToWorker } from './messages';
import { runTrainingJob } from './train-job';

const controller = new AbortController();
let finished = false;
const send = (m: FromWorker): void => {
  process.send?.(m);
};

process.on('message', (msg: ToWorker) => {
  if (msg?.type === 'cancel') controller.abort();
  else if (msg?.type === 'start') {
    void runTrainingJob(msg, send, controller.signal).finally(() => {
      finished = true;
      // Queued messages still reach the parent; then the process is free to end.
      process.disconnect?.();
    });
  }
});
process.on('disconnect', () => {
  // The parent went away (app closed or crashed) or we are done: stop working and leave.
  controller.abort();
  if (finished) process.exit(0);
  else setTimeout(() => process.exit(0), 2000).unref();
});
