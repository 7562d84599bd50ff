// The messages between the main-side job runner and the training process.
import type { BackendInfo, TrainRequest } from '../../../shared/contract';
import type { ProgressUpdate, TrainedModel } from '../ml/model-files';

export type ToWorker =
  { type: 'start'; req: TrainRequest; datasetDir?: string; commandLine?: string } | { type: 'cancel' };

export type FromWorker =
  | { type: 'started'; backend: BackendInfo }
  | { type: 'progress'; update: ProgressUpdate }
  | { type: 'done'; model: TrainedModel }
  | { type: 'cancelled' }
  | { type: 'failed'; error: string };
