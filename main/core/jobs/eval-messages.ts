// The messages between the main-side eval runner and the evaluation process.
import type { BackendInfo, EvalRequest, EvalResultRow } from '../../../shared/contract';
import type { ModelTag } from '../inference/loaded-models';
import type { EvalProgress } from '../ml/eval-run';
import type { ModelFiles } from '../ml/model-files';

/** The models the run needs, read from the store on the main side (the store has one writer: main). */
export interface EvalModel {
  tag: ModelTag;
  files: ModelFiles;
}

export type ToEvalWorker = { type: 'start'; req: EvalRequest; models: EvalModel[]; datasetDir?: string };

export type FromEvalWorker =
  | { type: 'started'; backend: BackendInfo }
  | { type: 'progress'; progress: EvalProgress }
  | { type: 'done'; n: number; seed: number; rows: EvalResultRow[] }
  | { type: 'failed'; error: string };
