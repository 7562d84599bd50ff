import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '../../shared/contract';
import { comparableModels, overlayCurves } from './compare-runs';

const model = (id: string, kind: ModelSummary['kind'], createdAt: string, extra: Partial<ModelSummary> = {}) =>
  ({ id, name: `${id} name`, kind, builtIn: false, createdAt, loadable: true, sizeBytes: 1, ...extra }) as ModelSummary;

describe('compare with earlier runs', () => {
  const models = [
    model('old', 'regressor', '2026-01-01T00:00:00Z'),
    model('shipped', 'regressor', '2027-01-01T00:00:00Z', { builtIn: true }),
    model('new', 'regressor', '2026-06-01T00:00:00Z'),
    model('gen', 'generator', '2026-06-02T00:00:00Z'),
    model('broken', 'regressor', '2026-06-03T00:00:00Z', { loadable: false }),
  ];

  it('offers the loadable models of the chart kind, newest first, built-ins last', () => {
    expect(comparableModels(models, 'regressor').map((m) => m.id)).toEqual(['new', 'old', 'shipped']);
    expect(comparableModels(models, 'classifier')).toEqual([]);
  });

  it('draws the chosen runs that exist and have a curve, under their current names, in the order chosen', () => {
    const curve = [{ step: 1, loss: 0.5 }];
    const out = overlayCurves(['new', 'gone', 'old', 'shipped'], models, { new: curve, old: curve, shipped: null });
    expect(out).toEqual([
      { id: 'new', name: 'new name', points: curve },
      { id: 'old', name: 'old name', points: curve },
    ]);
  });
});
