// Data-parallel training equals single-thread training: the same seeded batch stepped with 1 and with 2
// threads gives the same weights up to the order of float additions, for every kind trained on threads
// (generator, regressor, classifier, MDN; MLP and conv); seeded
// runs reproduce bit for bit for a given thread count; a thread that fails is reported, not waited on.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../tf/backend';
import { mnistSubset } from '../test-fixtures';
import { buildReplicaWorker } from '../../jobs/test-workers/build-worker';
import { generatorInput, PROTOCOL_GENERATOR_CONFIG, type GeneratorConfig } from '../ebm/ebm-model';
import { DEFAULT_GENERATOR_CONFIG } from '../ebm/ebm-defaults';
import { DEFAULT_MDN_CONFIG, splitHead } from '../mdn/mdn-model';
import { mdnLoss } from '../mdn/mdn-loss';
import { ebmStep, variablesOf } from '../ebm/ebm-step';
import { noiseSeedOf } from '../ebm/ebm-shard';
import { batchTensors, disposeBatch, hostBatch, stepPatchSeed } from '../data/batches';
import { DataParallel } from './data-parallel';
import type { ShardData } from './shard-task';
import { buildNets, replicaFor, type TaskSpec } from './tasks';

let workerPath = '';
let data: ShardData;
beforeAll(async () => {
  await initBackend('wasm');
  workerPath = await buildReplicaWorker('data-parallel');
  data = await mnistSubset('train', 256);
});

const small: GeneratorConfig = { ...DEFAULT_GENERATOR_CONFIG, hidden: [64], energyHidden: [32] };
const specs: TaskSpec[] = [
  { kind: 'generator', config: small, seed: 3, masks: 'mix' }, // energy noise, anchor, β1 0.5: the shipped recipe
  {
    kind: 'generator',
    config: { ...small, reversal: 'non-saturating', loss: 'two-term', anchorWeight: 0 },
    seed: 4,
    masks: 'center',
  },
  { kind: 'regressor', config: small, seed: 5, masks: 'mix' },
  { kind: 'classifier', arch: 'mlp', hidden: [48, 24], dropout: 0.3, seed: 6 },
  // the conv nets: U-Net G with conv E, U-Net G alone, the CNN classifier (its dropout after flatten and dense)
  { kind: 'generator', config: { ...DEFAULT_GENERATOR_CONFIG, arch: 'conv' }, seed: 7, masks: 'mix' },
  { kind: 'regressor', config: { ...DEFAULT_GENERATOR_CONFIG, arch: 'conv' }, seed: 8, masks: 'mix' },
  { kind: 'classifier', arch: 'conv', hidden: [], dropout: 0.3, seed: 10 },
  // the MDN: dense, and on the U-Net trunk
  { kind: 'mdn', config: { ...DEFAULT_MDN_CONFIG, components: 3, hidden: [64] }, seed: 11, masks: 'mix' },
  { kind: 'mdn', config: { ...DEFAULT_MDN_CONFIG, components: 3, arch: 'conv' }, seed: 12, masks: 'mix' },
];

const nets = (spec: TaskSpec): tf.LayersModel[] => buildNets(spec, [spec.seed, spec.seed + 1]);
const isConv = (spec: TaskSpec) => (spec.kind === 'classifier' ? spec.arch : spec.config.arch) === 'conv';

const STEPS = 3;
const hyper = { learningRate: 1e-3, beta1: 0.5, beta2: 0.999 };
/** A batch of 37 (odd, so the shards differ in size) from a seeded order. */
const batchAt = (step: number) => Uint32Array.from({ length: 37 }, (_, i) => (i * 7 + step * 41) % data.n);

/** Weights after `steps` steps with `workers` threads, plus the summed statistics of the last step. */
async function train(spec: TaskSpec, workers: number, steps: number) {
  const models = nets(spec);
  const replica = replicaFor(spec, models);
  const run = await DataParallel.start({ spec, replica, data, workers, adam: hyper, backend: 'wasm', workerPath });
  try {
    let stats: Float32Array = new Float32Array(0);
    for (let s = 0; s < steps; s++) stats = (await run.step(batchAt(s), s)).stats;
    const weights = replica.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
    return { weights, stats };
  } finally {
    await run.dispose();
    replica.dispose();
  }
}

function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((x, i) => x.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i][j])))));
  return worst;
}

describe('data-parallel training', () => {
  for (const spec of specs) {
    const variant = spec.kind === 'generator' ? ` (${spec.config.reversal}, ${spec.config.loss})` : '';
    const label = `${isConv(spec) ? 'conv ' : ''}${spec.kind}${variant}`;
    // the conv nets cost ~30× the MLPs' arithmetic per example: fewer steps keep the test short
    const steps = isConv(spec) ? 2 : STEPS;
    it(`${label}: 1 and 2 threads give the same weights within 1e-5`, async () => {
      const one = await train(spec, 1, steps);
      const two = await train(spec, 2, steps);
      // The pairwise energy loss depends on E(x) − E(x̂) only, so E's output bias has gradient exactly 0:
      // computed, it is float noise (~1e-9), which Adam's first steps scale by lr/ε into ±1e-5-sized moves
      // of its own. That one weight is held to one Adam step (lr); every other weight to 1e-5.
      const zeroGradient = spec.kind === 'generator' && spec.config.loss === 'pairwise' ? one.weights.length - 1 : -1;
      const keep = (w: Float32Array[]) => w.filter((_, i) => i !== zeroGradient);
      const diff = maxAbsDiff(keep(one.weights), keep(two.weights));
      console.log(`${label}: max |w₁ − w₂| after ${steps} step(s) = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
      if (zeroGradient >= 0)
        expect(Math.abs(one.weights[zeroGradient][0] - two.weights[zeroGradient][0])).toBeLessThan(hyper.learningRate);
      expect(one.stats[0]).toBeCloseTo(two.stats[0], 5);
      expect(Number.isFinite(one.stats[0])).toBe(true);
      // and training moved the weights at all (a no-op would pass the comparison too)
      const fresh = nets(spec);
      const init = variablesOf(...fresh).map((v) => Float32Array.from(v.dataSync() as Float32Array));
      fresh.forEach((m) => m.dispose());
      expect(maxAbsDiff(one.weights, init)).toBeGreaterThan(1e-4);
    });
  }

  it('reproduces a seeded run bit for bit with the same thread count (MLP and conv)', async () => {
    for (const spec of [specs[0], specs[4]]) {
      const a = await train(spec, 2, 2);
      const b = await train(spec, 2, 2);
      expect(maxAbsDiff(a.weights, b.weights)).toBe(0);
    }
  });

  it('one thread equals the tf.train.adam step of the generator (the trainer it replaces)', async () => {
    const config: GeneratorConfig = {
      ...PROTOCOL_GENERATOR_CONFIG,
      hidden: [64],
      energyHidden: [32],
      energyNoise: 0.1,
    };
    const spec: TaskSpec = { kind: 'generator', config, seed: 9, masks: 'center' };
    const ours = await train(spec, 1, 2);
    const [g, e] = nets(spec);
    const variables = variablesOf(g, e);
    const optimizer = tf.train.adam(hyper.learningRate, hyper.beta1, hyper.beta2);
    for (let s = 0; s < 2; s++) {
      const batch = batchTensors(hostBatch(data, batchAt(s), stepPatchSeed(spec.seed, s)));
      ebmStep({ generator: g, energy: e }, config, optimizer, variables, batch, noiseSeedOf(spec.seed, s));
      disposeBatch(batch);
    }
    const theirs = variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
    optimizer.dispose();
    g.dispose();
    e.dispose();
    expect(maxAbsDiff(ours.weights, theirs)).toBeLessThan(1e-5);
  });

  it('one thread equals the tf.train.adam step of the MDN (the trainer it replaces)', async () => {
    const spec = specs[7];
    if (spec.kind !== 'mdn') throw new Error('specs[7] is the dense MDN');
    const { config } = spec;
    const ours = await train(spec, 1, 2);
    const [net] = nets(spec);
    const optimizer = tf.train.adam(hyper.learningRate, hyper.beta1, hyper.beta2);
    for (let s = 0; s < 2; s++) {
      const batch = batchTensors(hostBatch(data, batchAt(s), stepPatchSeed(spec.seed, s), spec.masks));
      optimizer.minimize(() => {
        const raw = net.apply(generatorInput(batch.corrupted, batch.mask), { training: true }) as tf.Tensor2D;
        return mdnLoss(splitHead(raw, config.components, config.sigmaMin), batch.clean, batch.mask);
      });
      disposeBatch(batch);
    }
    const theirs = variablesOf(net).map((v) => Float32Array.from(v.dataSync() as Float32Array));
    optimizer.dispose();
    net.dispose();
    expect(maxAbsDiff(ours.weights, theirs)).toBeLessThan(1e-5);
  });

  it('leaves no tensors behind across steps', async () => {
    const spec = specs[0];
    const models = nets(spec);
    const replica = replicaFor(spec, models);
    const run = await DataParallel.start({ spec, replica, data, workers: 2, adam: hyper, backend: 'wasm', workerPath });
    try {
      await run.step(batchAt(0), 0);
      const before = tf.memory().numTensors;
      for (let s = 1; s < 4; s++) await run.step(batchAt(s), s);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      await run.dispose();
      replica.dispose();
    }
  });

  it('fails the step (instead of waiting forever) when a thread dies mid-run', async () => {
    const spec = specs[2];
    const replica = replicaFor(spec, nets(spec));
    const run = await DataParallel.start({ spec, replica, data, workers: 2, adam: hyper, backend: 'wasm', workerPath });
    try {
      await run.step(batchAt(0), 0);
      const [thread] = (run as unknown as { threads: { terminate(): Promise<number> }[] }).threads;
      await thread.terminate(); // as if the thread had crashed
      await expect(run.step(batchAt(1), 1)).rejects.toThrow(/a training thread stopped unexpectedly/);
      await expect(run.step(batchAt(2), 2)).rejects.toThrow(/a training thread stopped unexpectedly/);
    } finally {
      await run.dispose();
      replica.dispose();
    }
  });

  it('reports a thread that cannot start, in words', async () => {
    const spec = specs[2];
    const replica = replicaFor(spec, nets(spec));
    await expect(
      DataParallel.start({ spec, replica, data, workers: 2, adam: hyper, backend: 'no-such-backend', workerPath }),
    ).rejects.toThrow(/a training thread failed: unknown backend "no-such-backend"/);
    replica.dispose();
  });
});
