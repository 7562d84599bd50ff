// A fitted PCA as model-store files: 'pca.json' (format, version, shapes, dtype) and 'pca.bin'
// (float32 little-endian: mean, then components row by row, then eigenvalues).
import { PIXELS } from '../../../../shared/image';
import type { ModelFiles } from '../model-files';
import type { PcaModel } from './pca';

export const PCA_FORMAT = 'inpaint-studio-pca';
export const PCA_VERSION = 1;
const FLOATS = PIXELS + PIXELS * PIXELS + PIXELS;

interface PcaHeader {
  format: string;
  version: number;
  dtype: 'float32';
  endian: 'little';
  pixels: number;
  components: number;
  layout: string[];
}

/** Throws a clear error when a model's arrays do not have the sizes a PCA model must have. */
export function checkPcaModel(model: PcaModel): void {
  const want: [keyof PcaModel, number][] = [
    ['mean', PIXELS],
    ['components', PIXELS * PIXELS],
    ['eigenvalues', PIXELS],
  ];
  for (const [key, len] of want) {
    const arr = model[key];
    if (!(arr instanceof Float32Array)) throw new Error(`PCA model: ${key} must be a Float32Array`);
    if (arr.length !== len) throw new Error(`PCA model: ${key} must have ${len} values, got ${arr.length}`);
  }
}

export function pcaToFiles(model: PcaModel): ModelFiles {
  checkPcaModel(model);
  const header: PcaHeader = {
    format: PCA_FORMAT,
    version: PCA_VERSION,
    dtype: 'float32',
    endian: 'little',
    pixels: PIXELS,
    components: PIXELS,
    layout: ['mean', 'components', 'eigenvalues'],
  };
  const bin = new Uint8Array(FLOATS * 4);
  const view = new DataView(bin.buffer);
  let o = 0;
  for (const arr of [model.mean, model.components, model.eigenvalues]) {
    for (let i = 0; i < arr.length; i++, o += 4) view.setFloat32(o, arr[i], true);
  }
  return { 'pca.json': new TextEncoder().encode(JSON.stringify(header, null, 2)), 'pca.bin': bin };
}

export function pcaFromFiles(files: ModelFiles): PcaModel {
  const json = files['pca.json'];
  const bin = files['pca.bin'];
  if (!json) throw new Error('PCA model is missing pca.json');
  if (!bin) throw new Error('PCA model is missing pca.bin');
  let header: Partial<PcaHeader>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)) as Partial<PcaHeader>;
  } catch (err) {
    throw new Error(`PCA model: pca.json is not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (typeof header !== 'object' || header === null || header.format !== PCA_FORMAT) {
    throw new Error(`PCA model: pca.json is not an ${PCA_FORMAT} file`);
  }
  if (header.version !== PCA_VERSION) {
    throw new Error(`PCA model: pca.json has version ${String(header.version)}, this app reads version ${PCA_VERSION}`);
  }
  if (
    header.dtype !== 'float32' ||
    header.endian !== 'little' ||
    header.pixels !== PIXELS ||
    header.components !== PIXELS
  ) {
    throw new Error(
      'PCA model: pca.json describes an unsupported layout ' +
        `(need float32 little-endian, ${PIXELS} pixels, ${PIXELS} components)`,
    );
  }
  if (bin.byteLength !== FLOATS * 4) {
    throw new Error(
      `PCA model: pca.bin has ${bin.byteLength} bytes, expected ${FLOATS * 4} (${FLOATS} float32 values)`,
    );
  }
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  let o = 0;
  const take = (len: number): Float32Array => {
    const out = new Float32Array(len);
    for (let i = 0; i < len; i++, o += 4) out[i] = view.getFloat32(o, true);
    return out;
  };
  const model: PcaModel = { mean: take(PIXELS), components: take(PIXELS * PIXELS), eigenvalues: take(PIXELS) };
  for (const key of ['mean', 'components', 'eigenvalues'] as const) {
    if (!model[key].every(Number.isFinite)) throw new Error(`PCA model: pca.bin holds a non-finite value in ${key}`);
  }
  return model;
}
