// How a trainer starts its data-parallel run: on the first n training images, with the request's thread
// count (else INPAINT_TRAIN_WORKERS, else the default) and this thread's tfjs backend for the workers.
import type { DigitSplit } from '../data/batches';
import { currentBackend } from '../tf/backend';
import { DataParallel, type DataParallelOptions } from './data-parallel';
import { resolveWorkerCount } from './worker-count';

/** tf.train.adam's default moment decays, which the classifier and the MDN have always trained with. */
export const TF_ADAM_BETAS = { beta1: 0.9, beta2: 0.999 } as const;

export interface TrainerRunOptions extends Omit<DataParallelOptions, 'data' | 'workers' | 'backend'> {
  train: DigitSplit;
  n: number;
  /** The request's thread count (undefined: the default). */
  workers: number | undefined;
}

export function startTrainerRun(o: TrainerRunOptions): Promise<DataParallel> {
  const { train, n, workers, ...rest } = o;
  const backend = currentBackend().name;
  return DataParallel.start({
    ...rest,
    data: { images: train.images, labels: train.labels, n },
    workers: resolveWorkerCount(workers, backend),
    backend,
  });
}
