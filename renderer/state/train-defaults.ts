// The training form's starting values per kind, from the kind registry (shared/model-kinds.ts): the
// recipes the shipped models were trained with, so "Start" reproduces a built-in.
import type { TrainKind } from '../../shared/contract';
import { kindInfo, MODEL_KINDS } from '../../shared/model-kinds';

export interface TrainForm {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Empty = the whole training set. */
  subset: number | null;
  /** Training threads; empty = the trainer's default (every core, at most 8). */
  workers: number | null;
  name: string;
}

export const TRAIN_KINDS: readonly TrainKind[] = MODEL_KINDS;

export const trainLabel = (kind: TrainKind): string => kindInfo(kind).trainLabel;

/** Kinds whose training is a closed-form fit, with no epochs, batches or learning rate. */
export const isFit = (kind: TrainKind): boolean => kindInfo(kind).isFit;

/** Kinds whose trainer runs data-parallel over threads (the others train on one). */
export const isParallel = (kind: TrainKind): boolean => ['generator', 'regressor', 'classifier'].includes(kind);

export function defaultsFor(kind: TrainKind): TrainForm {
  return { ...kindInfo(kind).defaults, subset: null, workers: null, name: '' };
}

/** What a kind's training curve plots: the loss and the two energies its progress reports. */
export interface CurveLabels {
  loss: string;
  real: string;
  fake: string;
}

export function curveLabels(kind: TrainKind): CurveLabels {
  if (kind === 'mdn') return { loss: 'NLL (nats/pixel)', real: 'E(real)', fake: 'E(fake)' };
  // CRBM: reconstruction error of the negative phase; free energies of the data and of the Gibbs samples.
  if (kind === 'crbm') return { loss: 'reconstruction MSE', real: 'F(data)', fake: 'F(model)' };
  return { loss: 'loss', real: 'E(real)', fake: 'E(fake)' };
}
