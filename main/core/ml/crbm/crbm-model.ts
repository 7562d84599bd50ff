// The sheet's conditional RBM over all 784 pixels: ONE weight matrix whose rows play W (known pixels x)
// or U (missing pixels y) as each example's mask says, so any mask works with one model. The energy is
// the sheet's bias-free E(x,y,h) = −xᵀWh − yᵀUh; visible and hidden biases are an option
// (E − bᵀv − cᵀh), off by default.
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../data/random';

export interface CrbmConfig {
  /** Hidden units K. */
  hidden: number;
  /** Add visible (b) and hidden (c) biases to the sheet's energy. */
  biases: boolean;
  /** Gibbs sweeps of the negative phase (CD-k). */
  gibbsSteps: number;
  /** Persistent chains (PCD): the negative phase continues last step's y instead of starting at the data. */
  persistent: boolean;
  learningRate: number;
  momentum: number;
  weightDecay: number;
}

export const DEFAULT_CRBM_CONFIG: CrbmConfig = {
  hidden: 500,
  biases: false,
  gibbsSteps: 5,
  persistent: false,
  learningRate: 0.02,
  momentum: 0.9,
  weightDecay: 1e-4,
};

export function checkCrbmConfig(c: CrbmConfig): CrbmConfig {
  if (!Number.isInteger(c.hidden) || c.hidden < 1 || c.hidden > 4096)
    throw new Error(`hidden units must be an integer in 1..4096, got ${c.hidden}`);
  if (!Number.isInteger(c.gibbsSteps) || c.gibbsSteps < 1 || c.gibbsSteps > 100)
    throw new Error(`Gibbs steps must be an integer in 1..100, got ${c.gibbsSteps}`);
  if (!(c.learningRate > 0)) throw new Error(`learningRate must be > 0, got ${c.learningRate}`);
  if (!(c.momentum >= 0 && c.momentum < 1)) throw new Error(`momentum must be in [0,1), got ${c.momentum}`);
  if (!(c.weightDecay >= 0)) throw new Error(`weightDecay must be ≥ 0, got ${c.weightDecay}`);
  return c;
}

/** The parameters: W (pixels×K); b (pixels) and c (K) are zero and untrained without biases. */
export interface CrbmParams {
  W: tf.Variable;
  b: tf.Variable;
  c: tf.Variable;
  biases: boolean;
}

/** Small seeded Gaussian weights (std 0.01), zero biases. */
export function initCrbm(pixels: number, hidden: number, biases: boolean, seed: number): CrbmParams {
  const r = mulberry32(seed);
  const w = new Float32Array(pixels * hidden);
  for (let i = 0; i < w.length; i++) w[i] = 0.01 * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  // tidy disposes the initial values (a variable keeps its own reference to the data).
  return tf.tidy(() => ({
    W: tf.variable(tf.tensor2d(w, [pixels, hidden])),
    b: tf.variable(tf.zeros([pixels])),
    c: tf.variable(tf.zeros([hidden])),
    biases,
  }));
}

export function disposeCrbm(p: CrbmParams): void {
  tf.dispose([p.W, p.b, p.c]);
}
