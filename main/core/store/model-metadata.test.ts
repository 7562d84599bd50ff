import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModelMetadata } from '../../../shared/model-metadata';
import { MODEL_KINDS } from '../../../shared/model-kinds';

const shipped = (kind: string) =>
  JSON.parse(readFileSync(new URL(`../../../assets/models/${kind}-default/meta.json`, import.meta.url), 'utf8'))
    .metadata;

// The shared schemas (shared/model-metadata.ts) against the metadata of the models the app ships.
describe('typed model metadata per kind', () => {
  it('reads every shipped model', () => {
    for (const kind of MODEL_KINDS) {
      const r = parseModelMetadata(kind, shipped(kind));
      expect(r.ok, kind).toBe(true);
      if (r.ok) expect(r.metadata.kind).toBe(kind);
    }
  });

  it("drops the energy network's settings from a regressor's metadata", () => {
    const r = parseModelMetadata('regressor', shipped('regressor'));
    expect(r.ok).toBe(true);
    if (!r.ok || r.metadata.kind !== 'regressor') return;
    expect(Object.keys(r.metadata.config ?? {}).sort()).toEqual([
      'arch',
      'batchSize',
      'beta1',
      'beta2',
      'hidden',
      'learningRate',
      'masks',
    ]);
    expect(r.metadata.metrics?.testPatchMse).toBeGreaterThan(0);
  });

  it('keeps the generator its energy settings and the classifier its accuracy', () => {
    const g = parseModelMetadata('generator', shipped('generator'));
    expect(g.ok && g.metadata.kind === 'generator' && g.metadata.config?.anchorWeight).toBe(0.97);
    const c = parseModelMetadata('classifier', shipped('classifier'));
    expect(c.ok && c.metadata.kind === 'classifier' && c.metadata.metrics?.testAccuracy).toBeCloseTo(0.985, 3);
  });

  it('says in words what is wrong with metadata of the wrong shape', () => {
    const r = parseModelMetadata('generator', { config: { hidden: 'many' } });
    expect(r).toEqual({ ok: false, problem: 'config › hidden is not what a generator model records' });
    expect(parseModelMetadata('pca', {}).ok).toBe(true); // an old model with nothing recorded is fine
  });
});
