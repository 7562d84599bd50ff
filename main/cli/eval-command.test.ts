import { describe, expect, it } from 'vitest';
import { bestRows, evalCommand, formatMatrix } from './eval-command';

const rows = (acc: number) => [
  { method: 'clean (ceiling)', mse: 0, psnr: Infinity, accuracy: 0.99 },
  { method: 'gray patch (floor)', mse: 0.2, psnr: 7, accuracy: 0.6 },
  { method: 'pca-masked', d: 20, mse: 0.1, psnr: 10, accuracy: acc },
  { method: 'pca-masked', d: 50, mse: 0.09, psnr: 10.5, accuracy: acc + 0.01 },
  { method: 'regressor', mse: 0.08, psnr: 11, accuracy: 0.95 },
];

describe('eval across mask families', () => {
  it('keeps each method once, a d-sweep at its most accurate d', () => {
    const best = bestRows(rows(0.8));
    expect(best.map((r) => r.method)).toEqual(['clean (ceiling)', 'gray patch (floor)', 'pca-masked', 'regressor']);
    expect(best[2].d).toBe(50);
  });

  it('prints a method × family matrix of accuracy / MSE', () => {
    const text = formatMatrix([
      { protocol: 'center-gray', rows: rows(0.8) },
      { protocol: 'half', rows: rows(0.7) },
    ]);
    const lines = text.trim().split('\n');
    expect(lines[1]).toMatch(/^method\s+center-gray\s+half$/);
    expect(lines.find((l) => l.startsWith('pca-masked'))).toMatch(/0\.810 \/ 0\.0900 d=50\s+0\.710 \/ 0\.0900 d=50/);
    expect(lines.find((l) => l.startsWith('regressor'))).toMatch(/0\.950 \/ 0\.0800\s+0\.950 \/ 0\.0800/);
  });

  it('rejects an unknown protocol with the list of families', async () => {
    await expect(evalCommand({ protocol: 'center-gray,blobs' })).rejects.toThrow(
      /unknown protocol "blobs"; known: center-gray, rectangles, strokes, holes, half, union, all/,
    );
  });
});
