// What the training process does for one job, as a plain function (testable without a child process).
import { initBackend } from '../ml/tf/backend';
import { loadDataset } from '../ml/data/mnist';
import { trainModel } from '../ml/train-model';
import type { FromWorker, ToWorker } from './messages';

export async function runTrainingJob(
  start: Extract<ToWorker, { type: 'start' }>,
  send: (m: FromWorker) => void,
  signal: AbortSignal,
): Promise<void> {
  try {
    const backend = await initBackend();
    send({ type: 'started', backend });
    const data = await loadDataset(start.datasetDir);
    const model = await trainModel(start.req, data, {
      signal,
      onProgress: (update) => send({ type: 'progress', update }),
    });
    if (start.commandLine) model.metadata.commandLine = start.commandLine;
    send(signal.aborted ? { type: 'cancelled' } : { type: 'done', model });
  } catch (err) {
    if (signal.aborted) send({ type: 'cancelled' });
    else send({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
  }
}
