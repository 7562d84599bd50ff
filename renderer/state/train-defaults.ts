// The training form's starting values per kind, from the kind registry (shared/model-kinds.ts): the
// recipes the shipped models were trained with, so "Start" reproduces a built-in.
import { MAX_TRAIN_WORKERS, type TrainKind } from '../../shared/contract';
import { kindInfo, MODEL_KINDS, type Arch, type TrainOptionName } from '../../shared/model-kinds';
import { DEFAULT_MASK_MIX, type MaskMix } from '../../shared/masks';

export interface TrainForm {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Empty = the whole training set. */
  subset: number | null;
  /** Training threads; empty = the trainer's default (every core, at most 8). */
  workers: number | null;
  name: string;
  /** Kinds that train on masks: which missing regions (center squares, free-form, or both). */
  masks: MaskMix;
  /** Kinds with a choice of network: the exercise's MLPs or conv nets. */
  arch: Arch;
}

export const TRAIN_KINDS: readonly TrainKind[] = MODEL_KINDS;

export const trainLabel = (kind: TrainKind): string => kindInfo(kind).trainLabel;

/** Kinds whose training is a closed-form fit, with no epochs, batches or learning rate. */
export const isFit = (kind: TrainKind): boolean => kindInfo(kind).isFit;

/** What each training field takes (the core's request schema holds the same bounds). */
export const TRAIN_FIELDS = {
  epochs: { label: 'Epochs', min: 1, max: 1000, integer: true },
  batchSize: { label: 'Batch size', min: 1, max: 4096, integer: true },
  learningRate: { label: 'Learning rate', min: 0.00001, max: 1, integer: false },
  subset: { label: 'Subset', min: 1, max: 60000, integer: true },
  workers: { label: 'Threads', min: 1, max: MAX_TRAIN_WORKERS, integer: true },
} as const;

export function defaultsFor(kind: TrainKind): TrainForm {
  return { ...kindInfo(kind).defaults, subset: null, workers: null, name: '', masks: DEFAULT_MASK_MIX, arch: 'mlp' };
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

/** Whether a kind takes a training option (the form shows its field only then). */
export const takes = (kind: TrainKind, option: TrainOptionName): boolean =>
  kindInfo(kind).options.some((o) => o === option);
