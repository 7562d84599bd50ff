// Starting values per kind: the recipes the shipped models were trained with (scripts/make-builtins.sh;
// DEFAULT_GENERATOR_EPOCHS and CLASSIFIER_DEFAULTS in main/ml), so "Start" reproduces a built-in.
// A PCA fit has no epochs; the networks use Adam.
import type { TrainKind } from '../../shared/contract';

export interface TrainForm {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Empty = the whole training set. */
  subset: number | null;
  name: string;
}

export const TRAIN_LABELS: Record<TrainKind, string> = {
  pca: 'Fit PCA',
  generator: 'Train generator (energy-based)',
  regressor: 'Train regressor (plain L2)',
  classifier: 'Train classifier',
};

/** Kinds whose training is a closed-form fit, with no epochs, batches or learning rate. */
export const isFit = (kind: TrainKind): boolean => kind === 'pca';

export function defaultsFor(kind: TrainKind): TrainForm {
  switch (kind) {
    case 'pca':
      return { epochs: 1, batchSize: 64, learningRate: 1e-3, subset: null, name: '' };
    case 'classifier':
      return { epochs: 10, batchSize: 128, learningRate: 1e-3, subset: null, name: '' };
    case 'generator':
    case 'regressor':
      return { epochs: 6, batchSize: 64, learningRate: 1e-3, subset: null, name: '' };
  }
}

export const TRAIN_KINDS: readonly TrainKind[] = ['pca', 'generator', 'regressor', 'classifier'];
