// How a trained model travels between the trainer, the store and the loaders: plain named files.
import type { ModelKind, TrainProgress } from '../../../shared/contract';

/** File name (plain, e.g. 'model.json', 'generator.weights.bin') → bytes. */
export type ModelFiles = Record<string, Uint8Array>;

/** What a training run produces and the store saves. */
export interface TrainedModel {
  kind: ModelKind;
  files: ModelFiles;
  /** config, data, seed, backend, steps, metrics, curve, commandLine… (JSON-serialisable) */
  metadata: Record<string, unknown>;
}

/** Progress a training loop reports (the job layer adds jobId and kind). */
export type ProgressUpdate = Omit<TrainProgress, 'type' | 'jobId' | 'kind'>;

/** Scores any image batch: used to judge every method's result. */
export interface Judge {
  /** Energy E(x) per image (n values); lower = more like a real digit. */
  energy?(images: Float32Array, n: number): Float32Array;
  /** Class probabilities, n×10. */
  classify?(images: Float32Array, n: number): Float32Array;
}
