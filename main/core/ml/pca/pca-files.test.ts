import { describe, expect, it } from 'vitest';
import { PIXELS } from '../../../../shared/image';
import type { PcaModel } from './pca';
import { pcaFromFiles, pcaToFiles } from './pca-files';
import { mulberry32 } from '../data/random';

function randomModel(seed: number): PcaModel {
  const rand = mulberry32(seed);
  const f = (n: number) => Float32Array.from({ length: n }, () => rand() * 2 - 1);
  return { mean: f(PIXELS), components: f(PIXELS * PIXELS), eigenvalues: f(PIXELS) };
}
const bits = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);

describe('PCA model files', () => {
  it('round-trips bit for bit', () => {
    const model = randomModel(1);
    model.mean[0] = -0;
    model.eigenvalues[3] = 1.4e-45; // a subnormal
    const files = pcaToFiles(model);
    expect(Object.keys(files).sort()).toEqual(['pca.bin', 'pca.json']);
    expect(files['pca.bin'].byteLength).toBe((PIXELS * PIXELS + 2 * PIXELS) * 4);
    const back = pcaFromFiles(files);
    for (const key of ['mean', 'components', 'eigenvalues'] as const) {
      const [a, b] = [bits(back[key]), bits(model[key])];
      expect(a.length).toBe(b.length);
      let differing = 0;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
      expect(differing, key).toBe(0);
    }
  });

  it('stores little-endian float32 in the documented order', () => {
    const model = randomModel(2);
    model.mean[0] = 1;
    model.components[0] = 2;
    model.eigenvalues[0] = -2;
    const bin = pcaToFiles(model)['pca.bin'];
    const view = new DataView(bin.buffer, bin.byteOffset);
    expect([...bin.subarray(0, 4)]).toEqual([0, 0, 0x80, 0x3f]);
    expect(view.getFloat32(PIXELS * 4, true)).toBe(2);
    expect(view.getFloat32((PIXELS + PIXELS * PIXELS) * 4, true)).toBe(-2);
  });

  it('rejects truncated, padded or missing files with a clear message', () => {
    const files = pcaToFiles(randomModel(3));
    const bin = files['pca.bin'];
    expect(() => pcaFromFiles({ ...files, 'pca.bin': bin.subarray(0, bin.length - 1) })).toThrow(
      /pca\.bin has 2464895 bytes, expected 2464896/,
    );
    expect(() => pcaFromFiles({ ...files, 'pca.bin': new Uint8Array(bin.length + 4) })).toThrow(/expected 2464896/);
    expect(() => pcaFromFiles({ 'pca.json': files['pca.json'] })).toThrow(/missing pca\.bin/);
    expect(() => pcaFromFiles({ 'pca.bin': bin })).toThrow(/missing pca\.json/);
  });

  it('rejects a bad header', () => {
    const files = pcaToFiles(randomModel(4));
    const withJson = (text: string) => ({ ...files, 'pca.json': new TextEncoder().encode(text) });
    expect(() => pcaFromFiles(withJson('{not json'))).toThrow(/pca\.json is not valid JSON/);
    expect(() => pcaFromFiles(withJson('null'))).toThrow(/not an inpaint-studio-pca file/);
    const header = JSON.parse(new TextDecoder().decode(files['pca.json']));
    expect(() => pcaFromFiles(withJson(JSON.stringify({ ...header, version: 2 })))).toThrow(
      /version 2, this app reads version 1/,
    );
    expect(() => pcaFromFiles(withJson(JSON.stringify({ ...header, components: 50 })))).toThrow(/unsupported layout/);
  });

  it('rejects non-finite values', () => {
    const model = randomModel(5);
    model.components[1234] = Number.NaN;
    expect(() => pcaFromFiles(pcaToFiles(model))).toThrow(/non-finite value in components/);
  });

  it('refuses to save a model of the wrong size', () => {
    const model = randomModel(6);
    expect(() => pcaToFiles({ ...model, mean: new Float32Array(10) })).toThrow(/mean must have 784 values, got 10/);
  });
});
