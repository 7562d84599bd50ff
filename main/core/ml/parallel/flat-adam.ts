// Adam's bookkeeping between steps, exactly as tf.train.adam keeps it: the step count and β1ᵗ, β2ᵗ as
// float32 values multiplied once per step. The update itself is the fused kernel (adam-kernel.ts).
import type { AdamCoefficients } from './adam-kernel';

export interface AdamHyper {
  learningRate: number;
  beta1: number;
  beta2: number;
  /** tf.train.adam's default on float32 backends. */
  epsilon?: number;
}

const fr = Math.fround;
export const ADAM_EPSILON = 1e-7;

export class AdamSchedule {
  /** Steps applied so far (tfjs's `iterations`, saved as 'iter'). */
  iterations = 0;
  private accBeta1: number;
  private accBeta2: number;

  constructor(readonly hyper: AdamHyper) {
    this.accBeta1 = fr(hyper.beta1);
    this.accBeta2 = fr(hyper.beta2);
  }

  /** The constants of the next update (learning rate may change per step), then advances the state. */
  next(learningRate = this.hyper.learningRate): AdamCoefficients {
    const { beta1, beta2 } = this.hyper;
    const c: AdamCoefficients = {
      beta1: fr(beta1),
      beta2: fr(beta2),
      oneMinusBeta1: fr(1 - beta1),
      oneMinusBeta2: fr(1 - beta2),
      oneMinusAccBeta1: fr(1 - this.accBeta1),
      oneMinusAccBeta2: fr(1 - this.accBeta2),
      epsilon: fr(this.hyper.epsilon ?? ADAM_EPSILON),
      negLearningRate: fr(-learningRate),
    };
    this.accBeta1 = fr(this.accBeta1 * fr(beta1));
    this.accBeta2 = fr(this.accBeta2 * fr(beta2));
    this.iterations++;
    return c;
  }

  /** After restoring saved moments: tfjs sets βᵗ⁺¹ with one pow (not the running product) — so do we. */
  restore(iterations: number): void {
    this.iterations = iterations;
    this.accBeta1 = fr(Math.pow(fr(this.hyper.beta1), iterations + 1));
    this.accBeta2 = fr(Math.pow(fr(this.hyper.beta2), iterations + 1));
  }
}
