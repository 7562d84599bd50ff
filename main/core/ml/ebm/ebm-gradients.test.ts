// Oracles for the method's math, on the cpu backend (float32, no kernel tricks): the reversal layer
// and the energy loss's gradients against finite differences.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEnergy, buildGenerator, PROTOCOL_GENERATOR_CONFIG, type GeneratorConfig } from './ebm-model';
import { ebmForward, energyLoss, variablesOf, type BatchTensors } from './ebm-step';
import { compositeTensor, generatorInput } from './ebm-model';
import { gradientReversal } from './gradient-reversal';
import { PIXELS } from '../../../../shared/image';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function tinyBatch(n: number): BatchTensors {
  return tf.tidy(() => {
    const clean = tf.randomUniform([n, PIXELS], 0, 1, 'float32', 11) as tf.Tensor2D;
    const mask = tf.cast(tf.greater(tf.randomUniform([n, PIXELS], 0, 1, 'float32', 12), 0.7), 'float32') as tf.Tensor2D;
    const corrupted = tf.add(tf.mul(clean, tf.sub(1, mask)), tf.mul(mask, 0.5)) as tf.Tensor2D;
    return { clean, corrupted, mask };
  });
}

describe('gradient reversal', () => {
  it('is the identity forward and gives exactly −dy backward', () => {
    const x = tf.tensor1d([0.5, -2, 3.25, 0]);
    const dy = tf.tensor1d([1.5, -0.25, 7, -3]);
    const rev = gradientReversal();
    expect(Array.from(rev(x).dataSync())).toEqual([0.5, -2, 3.25, 0]);
    const g = tf.grad((v: tf.Tensor) => rev(v))(x, dy);
    expect(Array.from(g.dataSync())).toEqual([-1.5, 0.25, -7, 3]);
    tf.dispose([x, dy, g]);
  });

  it('scales the reversed gradient by λ', () => {
    const x = tf.tensor1d([1, 2]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(gradientReversal(0.25)(v), tf.tensor1d([2, -4]))))(x);
    expect(Array.from(g.dataSync())).toEqual([-0.5, 1]);
    tf.dispose([x, g]);
  });
});

describe('energy loss gradient', () => {
  for (const loss of ['pairwise', 'two-term'] as const) {
    it(`matches finite differences for a tiny network (${loss}; G's gradient reversed)`, () => {
      const config: GeneratorConfig = { ...PROTOCOL_GENERATOR_CONFIG, hidden: [3], energyHidden: [3], loss };
      const G = buildGenerator(config.hidden, 5);
      const E = buildEnergy(config.energyHidden, 6);
      const batch = tinyBatch(4);
      const vars = variablesOf(G, E);
      const gCount = variablesOf(G).length;
      const before = tf.memory().numTensors;
      const f = () => ebmForward({ generator: G, energy: E }, config, batch, 0).total;
      const { value, grads } = tf.variableGrads(f, vars);
      value.dispose();
      const lossAt = () => tf.tidy(() => f().dataSync()[0]);
      const eps = 1e-2;
      let checked = 0;
      vars.forEach((v, k) => {
        const values = v.dataSync().slice();
        const grad = grads[v.name].dataSync();
        // a few entries per variable, including the largest-gradient one (well above float noise)
        let best = 0;
        for (let i = 1; i < grad.length; i++) if (Math.abs(grad[i]) > Math.abs(grad[best])) best = i;
        for (const i of [best, 0]) {
          const probe = (delta: number) => {
            const w = values.slice();
            w[i] += delta;
            tf.tidy(() => v.assign(tf.tensor(w, v.shape)));
            return lossAt();
          };
          const numeric = (probe(eps) - probe(-eps)) / (2 * eps);
          tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
          // E descends the loss; G's path crosses the reversal, so its analytic gradient is −∂L/∂θ_G.
          const expected = k < gCount ? -numeric : numeric;
          expect(grad[i]).toBeCloseTo(expected, 2);
          if (Math.abs(expected) > 1e-3) checked++;
        }
      });
      expect(checked).toBeGreaterThan(4);
      tf.dispose(Object.values(grads));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([batch.clean, batch.corrupted, batch.mask]);
      G.dispose();
      E.dispose();
    });
  }
});

describe('non-saturating reversal', () => {
  it('hands G the finite-difference gradient of its own loss mean softplus(E(x̂) − E(x))', () => {
    const config: GeneratorConfig = {
      ...PROTOCOL_GENERATOR_CONFIG,
      hidden: [3],
      energyHidden: [3],
      reversal: 'non-saturating',
    };
    const G = buildGenerator(config.hidden, 7);
    const E = buildEnergy(config.energyHidden, 8);
    const batch = tinyBatch(4);
    const gVars = variablesOf(G);
    const before = tf.memory().numTensors;
    const survivors: tf.Tensor[] = [];
    const { value, grads } = tf.variableGrads(
      () => ebmForward({ generator: G, energy: E }, config, batch, 0, survivors).total,
      gVars,
    );
    value.dispose();
    expect(survivors).toHaveLength(1);
    tf.dispose(survivors);
    const gLoss = () =>
      tf.tidy(() => {
        const xhat = compositeTensor(
          batch.corrupted,
          batch.mask,
          G.apply(generatorInput(batch.corrupted, batch.mask)) as tf.Tensor2D,
        );
        // G's own loss is E's pairwise loss with real and fake swapped
        return energyLoss('pairwise', E.apply(xhat) as tf.Tensor, E.apply(batch.clean) as tf.Tensor).dataSync()[0];
      });
    const eps = 1e-2;
    let checked = 0;
    for (const v of gVars) {
      const values = v.dataSync().slice();
      const grad = grads[v.name].dataSync();
      for (const i of [0, 1, values.length - 1]) {
        const probe = (delta: number) => {
          const w = values.slice();
          w[i] += delta;
          tf.tidy(() => v.assign(tf.tensor(w, v.shape)));
          return gLoss();
        };
        const numeric = (probe(eps) - probe(-eps)) / (2 * eps);
        tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
        expect(grad[i]).toBeCloseTo(numeric, 2);
        if (Math.abs(numeric) > 1e-3) checked++;
      }
    }
    expect(checked).toBeGreaterThan(2);
    tf.dispose(Object.values(grads));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([batch.clean, batch.corrupted, batch.mask]);
    G.dispose();
    E.dispose();
  });
});
