// Descent on a known quadratic energy: known pixels stay exact, values stay in [0,1], the energy falls.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { PIXELS } from '../../../../shared/image';
import { descend } from './energy-descent';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('lowers the energy on the missing pixels only, within [0,1], without leaking tensors', () => {
  const target = tf.fill([1, PIXELS], 0.8);
  const energyOf = (v: tf.Tensor2D) => tf.sum(tf.square(tf.sub(v, target)), 1) as tf.Tensor1D;
  const images = Float32Array.from({ length: 2 * PIXELS }, (_, i) => (i % 7) / 7);
  const masks = Uint8Array.from({ length: 2 * PIXELS }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const energies: number[] = [];
  descend(energyOf, images, masks, 2, { steps: 3, rate: 0.05 }, (_, e) => energies.push(e[0]));
  const before = tf.memory().numTensors;
  const out = descend(energyOf, images, masks, 2, { steps: 40, rate: 0.05 });
  expect(tf.memory().numTensors).toBe(before);
  expect(energies.length).toBe(4);
  for (let s = 1; s < energies.length; s++) expect(energies[s]).toBeLessThan(energies[s - 1]);
  for (let i = 0; i < out.length; i++) {
    if (!masks[i]) expect(out[i]).toBe(images[i]);
    else expect(Math.abs(out[i] - 0.8)).toBeLessThan(0.06);
    expect(out[i]).toBeGreaterThanOrEqual(0);
    expect(out[i]).toBeLessThanOrEqual(1);
  }
  target.dispose();
});
