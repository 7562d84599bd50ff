// Sane starting values per kind (a PCA fit has no epochs; the networks use Adam).
import type { TrainKind } from '../../preload/contract';

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
      return { epochs: 1, batchSize: 64, learningRate: 1e-3, subset: 10000, name: '' };
    case 'classifier':
      return { epochs: 2, batchSize: 128, learningRate: 1e-3, subset: null, name: '' };
    case 'generator':
    case 'regressor':
      return { epochs: 3, batchSize: 64, learningRate: 1e-3, subset: null, name: '' };
  }
}

export const TRAIN_KINDS: readonly TrainKind[] = ['pca', 'generator', 'regressor', 'classifier'];
