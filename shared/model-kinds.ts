// Every kind of model the store holds, with how it is trained: the training form, `train --kind`, the
// trainer's defaults and the request schema read these entries, so "Start" reproduces a shipped model.

export interface TrainDefaults {
  epochs: number;
  batchSize: number;
  learningRate: number;
}

export interface ModelKindDescriptor {
  id: string;
  label: string;
  /** The training form's action, e.g. 'Train generator (energy-based)'. */
  trainLabel: string;
  /** A closed-form fit: no epochs, batches or learning rate. */
  isFit: boolean;
  /** The recipe the shipped model was trained with (scripts/make-builtins.sh). */
  defaults: TrainDefaults;
  /** Training options beyond epochs/batch/lr/seed/subset that this kind takes. */
  options: readonly TrainOptionName[];
}

/** Kind-specific training knobs (a TrainRequest field each). 'workers': the trainer runs data-parallel. */
export type TrainOptionName =
  'anchorWeight' | 'masks' | 'arch' | 'workers' | 'components' | 'hiddenUnits' | 'gibbsSteps' | 'persistent' | 'biases';

/** Network architectures: the exercise's dense MLPs, or convolutional nets (a mask-aware U-Net G, conv E, a CNN). */
export const ARCHS = ['mlp', 'conv'] as const;
export type Arch = (typeof ARCHS)[number];
export function isArch(x: unknown): x is Arch {
  return typeof x === 'string' && (ARCHS as readonly string[]).includes(x);
}

export const MODEL_KIND_LIST = [
  {
    id: 'pca',
    label: 'PCA',
    trainLabel: 'Fit PCA',
    isFit: true,
    defaults: { epochs: 1, batchSize: 64, learningRate: 1e-3 },
    options: [],
  },
  {
    id: 'generator',
    label: 'Energy-based generator',
    trainLabel: 'Train generator (energy-based)',
    isFit: false,
    defaults: { epochs: 6, batchSize: 64, learningRate: 1e-3 },
    options: ['anchorWeight', 'masks', 'arch', 'workers'],
  },
  {
    id: 'regressor',
    label: 'Regressor (L2)',
    trainLabel: 'Train regressor (plain L2)',
    isFit: false,
    defaults: { epochs: 6, batchSize: 64, learningRate: 1e-3 },
    options: ['masks', 'arch', 'workers'],
  },
  {
    id: 'mdn',
    label: 'Mixture density network',
    trainLabel: 'Train MDN (K completions)',
    isFit: false,
    defaults: { epochs: 4, batchSize: 64, learningRate: 1e-3 },
    options: ['components', 'masks', 'arch', 'workers'],
  },
  {
    id: 'crbm',
    label: 'Conditional RBM',
    trainLabel: 'Train conditional RBM (Gibbs)',
    isFit: false,
    defaults: { epochs: 8, batchSize: 64, learningRate: 0.02 },
    options: ['hiddenUnits', 'gibbsSteps', 'persistent', 'biases', 'masks'],
  },
  {
    id: 'classifier',
    label: 'Classifier',
    trainLabel: 'Train classifier',
    isFit: false,
    defaults: { epochs: 10, batchSize: 128, learningRate: 1e-3 },
    options: ['arch', 'workers'],
  },
] as const satisfies readonly ModelKindDescriptor[];

/** What a model in the store is. */
export type ModelKind = (typeof MODEL_KIND_LIST)[number]['id'];
export const MODEL_KINDS: readonly ModelKind[] = MODEL_KIND_LIST.map((k) => k.id);

const BY_ID = new Map<string, ModelKindDescriptor>(MODEL_KIND_LIST.map((k) => [k.id, k]));

export function kindInfo(kind: ModelKind): ModelKindDescriptor {
  const k = BY_ID.get(kind);
  if (!k) throw new Error(`unknown model kind "${kind}"`);
  return k;
}
