// THE method registry: every inpainting method's facts in one entry. The UI's panels and hints, the
// CLI's help and --method, eval, the request schemas and the README's method table all read this list.
// Adding a method: one entry here, one inpainter file in main/core/ml/, one case in its model loader
// (docs/ARCHITECTURE.md, "Adding a method").
import type { ModelKind } from './model-kinds';

/** A numeric parameter a method takes from the request (`params`), with the range the schemas enforce. */
export interface MethodParamSpec {
  label: string;
  /** One line for the UI's tooltip and the CLI's help. */
  help: string;
  min: number;
  max: number;
  default: number;
  integer: boolean;
  /** How a slider should spend its track: 'log' where small values matter most. */
  scale: 'linear' | 'log';
  /** A choice rather than a quantity: the name of each integer value from min to max (the UI shows a list). */
  choices?: readonly string[];
}

export interface MethodDescriptor {
  id: string;
  /** Panel title, CLI and eval label. */
  label: string;
  /** One line: what the method does, for the panel's hint and the CLI's help. */
  explanation: string;
  /** The model kind whose active model provides the method. */
  modelKind: ModelKind;
  params: Readonly<Partial<Record<MethodParamName, MethodParamSpec>>>;
}

/** Names of every parameter any method takes (a request's `params` object has these keys). */
export type MethodParamName = 'd' | 'rule' | 'steps';

const PCA_D = (defaultD: number): MethodParamSpec => ({
  label: 'PCA dimension d',
  help: 'Number of principal components (1–784).',
  min: 1,
  max: 784,
  default: defaultD,
  integer: true,
  scale: 'log',
});

export const METHODS = [
  {
    id: 'pca',
    label: 'PCA projection',
    explanation:
      'Projects the whole input, gray patch included, onto the top d principal components: the gray leaks in.',
    modelKind: 'pca',
    // Defaults chosen on a training holdout (PCA fit on the first 55,000 training images, eval on 2,000 of the
    // last 5,000): projection is best at d = 10 (MSE 0.139; d = 50: 0.161), fit-to-known-pixels from d = 400 on
    // (0.085; d = 50: 0.095). `npm run cli -- eval --holdout --pca NAME --methods pca,pca-masked --d 5,10,…`.
    params: { d: PCA_D(10) },
  },
  {
    id: 'pca-masked',
    label: 'PCA fit to known pixels',
    explanation: 'Fits the d-component code to the known pixels only, then reads the missing ones off it.',
    modelKind: 'pca',
    params: { d: PCA_D(400) },
  },
  {
    id: 'generator',
    label: 'Energy-based generator',
    explanation: 'A network trained against an energy critic: fills the gap so the digit looks real (low E).',
    modelKind: 'generator',
    params: {},
  },
  {
    id: 'regressor',
    label: 'Regressor (L2)',
    explanation: 'The same network trained with plain L2: tends towards the blurry average.',
    modelKind: 'regressor',
    params: {},
  },
  {
    id: 'mdn',
    label: 'Mixture density network',
    explanation:
      'Proposes K completions with mixing weights α (Bishop 1994) and answers with one of them (or their mean).',
    modelKind: 'mdn',
    params: {
      rule: {
        label: 'Answer rule',
        help:
          '0 = the rule chosen on the holdout, 1 = highest α, 2 = mixture mean, 3 = lowest E, 4 = lowest CRBM F, ' +
          "5 = the completion the classifier reads most confidently, 6 = the mixture's digit vote, " +
          "7 = the completion closest to the generator's answer.",
        min: 0,
        max: 7,
        default: 0,
        integer: true,
        scale: 'linear',
        choices: [
          "holdout's pick",
          'highest α',
          'mixture mean',
          'lowest E',
          'lowest CRBM F',
          'most confident digit',
          'digit vote',
          "closest to the generator's",
        ],
      },
    },
  },
  {
    id: 'crbm',
    label: 'Conditional RBM (Gibbs)',
    explanation:
      'Samples the missing pixels by Gibbs sampling with the known ones clamped, then reads mean-field probabilities.',
    modelKind: 'crbm',
    params: {
      steps: {
        label: 'Gibbs steps',
        help:
          'Gibbs sweeps (h, then y) with the known pixels clamped before the mean-field answer (1–1000). ' +
          'Time grows with them: 50 take a few ms per stroke, 1000 twenty times as long.',
        min: 1,
        max: 1000,
        default: 50,
        integer: true,
        scale: 'log',
      },
    },
  },
] as const satisfies readonly MethodDescriptor[];

/** Every inpainting method the app knows. */
export type MethodId = (typeof METHODS)[number]['id'];
export const METHOD_IDS: readonly MethodId[] = METHODS.map((m) => m.id);

const BY_ID = new Map<string, MethodDescriptor>(METHODS.map((m) => [m.id, m]));

/** The registry entry of a method (typed as that entry: `methodInfo('pca').params.d` is known to exist). */
export function methodInfo<I extends MethodId>(id: I): Extract<(typeof METHODS)[number], { id: I }> & MethodDescriptor {
  const m = BY_ID.get(id);
  if (!m) throw new Error(`unknown method "${id}"`);
  return m as Extract<(typeof METHODS)[number], { id: I }> & MethodDescriptor;
}
