// Behaviour of the energy-based trainer on small MNIST subsets (wasm backend, the one the app uses).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../tf/backend';
import { batchTensors, disposeBatch, hostBatch, type TrainData } from '../data/batches';
import { buildEnergy, buildGenerator, PROTOCOL_GENERATOR_CONFIG } from './ebm-model';
import { ebmForward, ebmStep, variablesOf, type EbmNets } from './ebm-step';
import { GRAY, PIXELS } from '../../../../shared/image';
import { loadModel } from '../load-model';
import type { ProgressUpdate } from '../model-files';
import { checkModelKind } from '../../store/kind-check';
import { mnistSubset } from '../test-fixtures';
import { trainModel } from '../train-model';
import { isCancelled } from '../train';

let data: TrainData;
beforeAll(async () => {
  await initBackend('wasm');
  data = { name: 'mnist-subset', train: await mnistSubset('train', 512), test: await mnistSubset('test', 200) };
});

const pure = { ...PROTOCOL_GENERATOR_CONFIG, hidden: [64], energyHidden: [32] };
const quick = { kind: 'generator' as const, epochs: 1, batchSize: 64, subset: 256, seed: 7 };

function snapshot(models: tf.LayersModel[]): tf.Tensor[][] {
  return models.map((m) => m.getWeights().map((w) => w.clone()));
}

describe('one training step', () => {
  it('lowers the loss for E and raises it for G on a fixed batch', () => {
    const nets: EbmNets = { generator: buildGenerator(pure.hidden, 1), energy: buildEnergy(pure.energyHidden, 2) };
    const host = hostBatch(
      data.train,
      Uint32Array.from({ length: 64 }, (_, i) => i),
      3,
    );
    const batch = batchTensors(host);
    const lossNow = () => tf.tidy(() => ebmForward(nets, pure, batch, 0).total.dataSync()[0]);
    const [g0, e0] = snapshot([nets.generator, nets.energy]);
    const before = lossNow();
    const optimizer = tf.train.adam(1e-3);
    ebmStep(nets, pure, optimizer, variablesOf(nets.generator, nets.energy), batch, 0);
    const [g1, e1] = snapshot([nets.generator, nets.energy]);
    nets.generator.setWeights(g0); // new E, old G
    const eOnly = lossNow();
    nets.generator.setWeights(g1);
    nets.energy.setWeights(e0); // old E, new G
    const gOnly = lossNow();
    expect(eOnly).toBeLessThan(before);
    expect(gOnly).toBeGreaterThan(before);
    tf.dispose([...g0, ...e0, ...g1, ...e1]);
    disposeBatch(batch);
    optimizer.dispose();
    nets.generator.dispose();
    nets.energy.dispose();
  });

  it('leaves no tensors behind across steps, for every loss and reversal variant', () => {
    const nets: EbmNets = { generator: buildGenerator(pure.hidden, 1), energy: buildEnergy(pure.energyHidden, 2) };
    const variables = variablesOf(nets.generator, nets.energy);
    const optimizer = tf.train.adam(1e-3);
    const batch = batchTensors(
      hostBatch(
        data.train,
        Uint32Array.from({ length: 32 }, (_, i) => i),
        3,
      ),
    );
    const variants = [
      pure,
      { ...pure, loss: 'two-term' as const, reversal: 'non-saturating' as const, energyNoise: 0.1, anchorWeight: 0.5 },
      { ...pure, reversal: 'non-saturating' as const },
    ];
    for (const v of variants) ebmStep(nets, v, optimizer, variables, batch, 0); // warm-up creates Adam's moments
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++)
      for (const v of variants)
        expect(Number.isFinite(ebmStep(nets, v, optimizer, variables, batch, i).loss)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    disposeBatch(batch);
    optimizer.dispose();
    nets.generator.dispose();
    nets.energy.dispose();
  });

  it('feeds G only the corrupted image and the mask: gray inside the patch, whatever the input holds there', () => {
    const generator = buildGenerator(pure.hidden, 1);
    const nets: EbmNets = { generator, energy: buildEnergy(pure.energyHidden, 2) };
    const host = hostBatch(
      data.train,
      Uint32Array.from({ length: 16 }, (_, i) => i),
      4,
    );
    // a hostile batch: the "corrupted" image still holds the clean pixels inside the mask
    const batch = batchTensors({ ...host, corrupted: host.clean });
    const seen: Float32Array[] = [];
    const apply = generator.apply.bind(generator);
    generator.apply = ((x: tf.Tensor, kw?: object) => {
      seen.push((x as tf.Tensor).dataSync() as Float32Array);
      return apply(x, kw);
    }) as typeof generator.apply;
    tf.tidy(() => ebmForward(nets, pure, batch, 0).total);
    expect(seen).toHaveLength(1);
    const input = seen[0];
    let inside = 0;
    for (let b = 0; b < 16; b++) {
      for (let p = 0; p < PIXELS; p++) {
        const m = host.masks[b * PIXELS + p];
        expect(input[b * 2 * PIXELS + PIXELS + p]).toBe(m); // second half: the mask
        if (m) {
          inside++;
          expect(input[b * 2 * PIXELS + p]).toBe(GRAY);
        } else expect(input[b * 2 * PIXELS + p]).toBe(host.clean[b * PIXELS + p]);
      }
    }
    expect(inside).toBeGreaterThan(16 * 60);
    disposeBatch(batch);
    generator.dispose();
    nets.energy.dispose();
  });
});

describe('trainModel (generator)', () => {
  it('is reproducible with a seed and differs with another seed', async () => {
    const a = await trainModel(quick, data, { generatorConfig: pure });
    const b = await trainModel(quick, data, { generatorConfig: pure });
    const c = await trainModel({ ...quick, seed: 8 }, data, { generatorConfig: pure });
    const curve = (m: typeof a) => (m.metadata.curve as { loss: number }[]).map((p) => p.loss);
    expect(curve(a)).toEqual(curve(b));
    expect(curve(a)).not.toEqual(curve(c));
    expect(a.files['generator.weights.bin']).toEqual(b.files['generator.weights.bin']);
  });

  it('sends monotonic, finite, throttled progress and records every knob in the metadata', async () => {
    const events: ProgressUpdate[] = [];
    const m = await trainModel({ ...quick, subset: 512, epochs: 2 }, data, {
      generatorConfig: pure,
      onProgress: (p) => events.push(p),
    });
    expect(events.length).toBeGreaterThan(0);
    for (let i = 1; i < events.length; i++) expect(events[i].step).toBeGreaterThan(events[i - 1].step);
    for (const e of events)
      for (const v of [e.loss, e.energyReal!, e.energyFake!, e.examplesPerSec, e.etaSeconds])
        expect(Number.isFinite(v)).toBe(true);
    expect(events.at(-1)).toMatchObject({ step: 16, totalSteps: 16, epoch: 2, epochs: 2 });
    expect(m.metadata).toMatchObject({
      kind: 'generator',
      seed: 7,
      epochs: 2,
      steps: 16,
      data: { name: 'mnist-subset', n: 512 },
    });
    expect((m.metadata.config as Record<string, unknown>).hidden).toEqual([64]);
    expect((m.metadata.backend as { name: string }).name).toBe('wasm');
  });

  it('resumes from a saved model exactly where a continuous run would be', async () => {
    const whole = await trainModel({ ...quick, epochs: 2 }, data, { generatorConfig: pure });
    const first = await trainModel({ ...quick, epochs: 1 }, data, { generatorConfig: pure });
    const resumed = await trainModel({ ...quick, epochs: 1 }, data, { resumeFrom: first.files });
    expect(resumed.metadata).toMatchObject({ steps: 8, epochs: 2, resumed: true });
    const w = new Float32Array(whole.files['generator.weights.bin'].slice().buffer);
    const r = new Float32Array(resumed.files['generator.weights.bin'].slice().buffer);
    let maxDiff = 0;
    for (let i = 0; i < w.length; i++) maxDiff = Math.max(maxDiff, Math.abs(w[i] - r[i]));
    expect(maxDiff).toBeLessThan(1e-6);
    const fresh = await trainModel({ ...quick, epochs: 1, seed: 99 }, data, { generatorConfig: pure });
    const f = new Float32Array(fresh.files['generator.weights.bin'].slice().buffer);
    expect(f.some((v, i) => Math.abs(v - w[i]) > 1e-3)).toBe(true);
  });

  it('stops within one batch when cancelled and leaks no tensors over three train-then-cancel cycles', async () => {
    await trainModel({ ...quick, subset: 128 }, data, { generatorConfig: pure }); // warm-up
    const baseline = tf.memory().numTensors;
    for (let cycle = 0; cycle < 3; cycle++) {
      const controller = new AbortController();
      let stepsAfterAbort = 0;
      let aborted = false;
      const run = trainModel({ ...quick, subset: 512, epochs: 5 }, data, {
        generatorConfig: pure,
        signal: controller.signal,
        onProgress: (p) => {
          if (aborted) stepsAfterAbort++;
          if (p.step >= 3 && !aborted) {
            aborted = true;
            controller.abort();
          }
        },
      });
      const err = await run.then(
        () => null,
        (e: unknown) => e,
      );
      expect(isCancelled(err)).toBe(true);
      expect(stepsAfterAbort).toBe(0);
      expect(tf.memory().numTensors).toBe(baseline);
    }
  });

  it('stops with a clear error on a non-finite loss', async () => {
    const baseline = tf.memory().numTensors;
    const err = await trainModel(quick, data, { generatorConfig: { ...pure, learningRate: 1e30 } }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/loss became (NaN|-?Infinity).*nothing was saved/);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('loads as an inpainter that keeps known pixels and an energy judge', async () => {
    const m = await trainModel(quick, data, { generatorConfig: pure });
    // What the store's per-kind load check must accept: a trained run, optimizer state included.
    expect(() => checkModelKind('generator', m.files)).not.toThrow();
    const regressor = await trainModel({ ...quick, kind: 'regressor' }, data, { generatorConfig: pure });
    expect(() => checkModelKind('regressor', regressor.files)).not.toThrow();
    const before = tf.memory().numTensors;
    const loaded = await loadModel('generator', m.files);
    const host = hostBatch(data.test, [0, 1, 2], 5);
    const out = loaded.inpainters[0].inpaint(host.corrupted, host.masks, 3);
    expect(loaded.inpainters[0].id).toBe('generator');
    for (let i = 0; i < out.length; i++) {
      if (!host.masks[i]) expect(out[i]).toBe(host.corrupted[i]);
      else {
        expect(out[i]).toBeGreaterThan(0);
        expect(out[i]).toBeLessThan(1);
      }
    }
    const e = loaded.judge!.energy!(host.clean, 3);
    expect(e).toHaveLength(3);
    expect(e.every(Number.isFinite)).toBe(true);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
