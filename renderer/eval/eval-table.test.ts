import { describe, expect, it } from 'vitest';
import type { EvalResultRow } from '../../shared/contract';
import { barsFor, CSV_HEADER, dCurves, nextSort, parseDList, sortRows, toCsv } from './eval-table';

const ROWS: EvalResultRow[] = [
  { method: 'clean', family: 'holes', mse: 0, accuracy: 0.98 },
  { method: 'gray', family: 'holes', mse: 0.21, accuracy: 0.7 },
  { method: 'pca', family: 'holes', d: 50, mse: 0.05, accuracy: 0.8 },
  { method: 'pca', family: 'holes', d: 10, mse: 0.06, accuracy: 0.85 },
  { method: 'regressor', family: 'holes', mse: 0.03, accuracy: 0.9 },
  { method: 'clean', family: 'half', mse: 0, accuracy: 0.98 },
  { method: 'gray', family: 'half', mse: 0.3, accuracy: 0.4 },
  { method: 'regressor', family: 'half', mse: 0.08, accuracy: 0.6 },
];

describe('sortRows', () => {
  it('sorts by accuracy either way, by MSE, and by name', () => {
    const acc = sortRows(ROWS, { column: 'accuracy', descending: true }).map((r) => r.accuracy);
    expect(acc).toEqual([0.98, 0.98, 0.9, 0.85, 0.8, 0.7, 0.6, 0.4]);
    const up = sortRows(ROWS, { column: 'accuracy', descending: false }).map((r) => r.accuracy);
    expect(up).toEqual([0.4, 0.6, 0.7, 0.8, 0.85, 0.9, 0.98, 0.98]);
    expect(sortRows(ROWS, { column: 'mse', descending: false })[7].mse).toBe(0.3);
    const names = sortRows(ROWS, { column: 'method', descending: false }).map((r) => r.method);
    expect(names.slice(0, 2)).toEqual(['clean', 'clean']); // "Clean original (ceiling)" first
    expect(names.slice(-2)).toEqual(['regressor', 'regressor']);
  });

  it('puts rows without the value last in both directions and keeps ties in their order', () => {
    for (const descending of [false, true]) {
      const byD = sortRows(ROWS, { column: 'd', descending });
      expect(byD.slice(0, 2).map((r) => r.d)).toEqual(descending ? [50, 10] : [10, 50]);
      expect(byD.slice(2)).toEqual(ROWS.filter((r) => r.d === undefined));
    }
    const noClassifier = ROWS.map((r, i) => ({ ...r, accuracy: i === 2 ? 0.5 : null }));
    expect(sortRows(noClassifier, { column: 'accuracy', descending: true })[0]).toBe(noClassifier[2]);
  });

  it('flips the direction on the same column and starts ascending on another', () => {
    expect(nextSort(null, 'mse')).toEqual({ column: 'mse', descending: false });
    expect(nextSort({ column: 'mse', descending: false }, 'mse')).toEqual({ column: 'mse', descending: true });
    expect(nextSort({ column: 'mse', descending: true }, 'accuracy')).toEqual({
      column: 'accuracy',
      descending: false,
    });
  });
});

describe('toCsv', () => {
  it('writes a header and one line per row, full precision, empty cells for what is missing', () => {
    const rows: EvalResultRow[] = [
      { method: 'gray', family: 'holes', mse: 0.123456789, accuracy: 0.7 },
      { method: 'pca', family: 'holes', d: 10, mse: 0.05, accuracy: null },
    ];
    const lines = toCsv(rows, { n: 200, seed: 1 }).trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    expect(lines[1]).toBe('holes,Gray patch (floor),gray,,0.7,0.123456789,200,1');
    expect(lines[2]).toBe('holes,PCA projection,pca,10,,0.05,200,1');
    expect(lines).toHaveLength(3);
  });

  it('quotes a field with a comma or a quote', () => {
    const csv = toCsv([{ method: 'mdn', family: 'half', mse: 0.1, accuracy: 0.5 }], { n: 1, seed: 1 });
    expect(csv.split('\n')[1]).toBe('half,Mixture density network,mdn,,0.5,0.1,1,1');
    // Every label in the registry is written as one field (none is split by a comma).
    expect(csv.split('\n')[1].split(',')).toHaveLength(CSV_HEADER.length);
  });
});

describe('parseDList', () => {
  it('reads commas or spaces, sorts, and refuses bad values in words', () => {
    expect(parseDList('400, 10 50')).toEqual({ ok: true, values: [10, 50, 400] });
    expect(parseDList('')).toMatchObject({ ok: false, message: expect.stringContaining('one or more values of d') });
    expect(parseDList('0')).toMatchObject({ ok: false, message: expect.stringContaining('“0” is not a d') });
    expect(parseDList('785')).toMatchObject({ ok: false });
    expect(parseDList('12.5')).toMatchObject({ ok: false });
    expect(parseDList('abc')).toMatchObject({ ok: false });
    expect(parseDList('10, 10')).toEqual({ ok: false, message: 'd = 10 is listed twice.' });
    expect(parseDList(Array.from({ length: 13 }, (_, i) => i + 1).join(','))).toEqual({
      ok: false,
      message: 'At most 12 values of d.',
    });
  });
});

describe('plot series', () => {
  it('gives each PCA method its curve over d, sorted by d, for one family', () => {
    expect(dCurves(ROWS, 'holes')).toEqual([
      {
        method: 'pca',
        points: [
          { d: 10, accuracy: 0.85, mse: 0.06 },
          { d: 50, accuracy: 0.8, mse: 0.05 },
        ],
      },
    ]);
    expect(dCurves(ROWS, 'half')).toEqual([]);
  });

  it('gives one bar per method (PCA at its best d) with the floor and ceiling of the family', () => {
    const bars = barsFor(ROWS, 'holes');
    expect(bars.methods).toEqual([
      { method: 'pca', d: 10, accuracy: 0.85, mse: 0.06 },
      { method: 'regressor', accuracy: 0.9, mse: 0.03 },
    ]);
    expect(bars.floor?.accuracy).toBe(0.7);
    expect(bars.ceiling?.accuracy).toBe(0.98);
    expect(barsFor(ROWS, 'half').floor?.mse).toBe(0.3);
  });
});
