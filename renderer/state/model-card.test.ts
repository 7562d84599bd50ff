import { describe, expect, it } from 'vitest';
import { parseModelMetadata, type ModelMetadata } from '../../shared/model-metadata';
import { evalFamilies, evalRows, modelCard } from './model-card';

function meta(kind: 'generator' | 'regressor' | 'classifier' | 'pca', raw: object): ModelMetadata {
  const r = parseModelMetadata(kind, raw);
  if (!r.ok) throw new Error(r.problem);
  return r.metadata;
}
const net = { hidden: [512, 512], learningRate: 0.001, beta1: 0.5, beta2: 0.999, batchSize: 64 };
const energy = { energyHidden: [512, 512], loss: 'pairwise', anchorWeight: 0.97, energyNoise: 0.1, reversal: 'negate' };
const labels = (m: ModelMetadata) => modelCard(m).flatMap((s) => s.rows.map((r) => r[0]));

describe('modelCard', () => {
  it('shows a regressor no energy-network setting, even when its metadata recorded them', () => {
    const card = labels(
      meta('regressor', { config: { ...net, ...energy }, epochs: 6, metrics: { testPatchMse: 0.08 } }),
    );
    expect(card).toContain('Batch size');
    expect(card).toContain('Test MSE on the patch');
    for (const l of card) expect(l).not.toMatch(/energy|anchor|reversal|E\(real/i);
  });

  it("shows the generator's energy network and its settings", () => {
    const card = modelCard(
      meta('generator', { config: { ...net, ...energy }, metrics: { energyReal: -14.6, energyFake: -12.3 } }),
    );
    const rows = Object.fromEntries(card.flatMap((s) => s.rows));
    expect(rows['Energy network']).toBe('dense 784 → 512 → 512 → 1 (E of an image)');
    expect(rows['L2 anchor weight']).toBe('0.97');
    expect(rows['E(real), E(generated)']).toBe('-14.60, -12.30');
  });

  it('gives the classifier its accuracy and PCA no epochs or learning rate', () => {
    const c = Object.fromEntries(
      modelCard(meta('classifier', { metrics: { testAccuracy: 0.985 } })).flatMap((s) => s.rows),
    );
    expect(c['Test accuracy']).toBe('98.50%');
    const p = labels(
      meta('pca', { epochs: 1, config: {}, data: { name: 'MNIST', n: 60000 }, metrics: { fitSeconds: 4.5 } }),
    );
    expect(p).toEqual(expect.arrayContaining(['Model', 'Training images', 'Fit time']));
    expect(p).not.toContain('Epochs');
    expect(p).not.toContain('Learning rate');
  });

  it('names the training threads a run used, for every kind trained on threads', () => {
    for (const kind of ['generator', 'regressor', 'classifier'] as const) {
      const rows = Object.fromEntries(modelCard(meta(kind, { config: { ...net, workers: 2 } })).flatMap((s) => s.rows));
      expect(rows['Training threads']).toBe('2');
    }
    expect(labels(meta('generator', { config: net }))).not.toContain('Training threads');
  });

  it('formats the eval rows, NaN and infinity (null in JSON) as a dash', () => {
    const m = meta('pca', { eval: { rows: [{ method: 'pca', d: 5, mse: 0.14254, psnr: 8.4605, accuracy: null }] } });
    expect(evalRows(m)).toEqual([{ method: 'pca', d: '5', mse: '0.1425', psnr: '8.46', accuracy: '—' }]);
  });

  it('shows an eval over several families as center-gray rows plus a table per family (no row twice)', () => {
    const row = (family: string, accuracy: number) => ({ method: 'generator', mse: 0.05, psnr: 13, accuracy, family });
    const m = meta('generator', { eval: { rows: [row('half', 0.89), row('center-gray', 0.93), row('holes', 0.98)] } });
    expect(evalRows(m).map((r) => r.accuracy)).toEqual(['0.9300']);
    const table = evalFamilies(m);
    expect(table.families).toEqual(['half', 'center-gray', 'holes']);
    expect(table.rows).toEqual([
      { label: 'generator', cells: ['0.8900 / 0.0500', '0.9300 / 0.0500', '0.9800 / 0.0500'] },
    ]);
  });
});
