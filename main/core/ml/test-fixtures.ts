// Small MNIST subsets for tests: the first n images of a split, read once per test file and cached.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelFiles } from './model-files';
import { readIdxFile } from './data/idx';
import { PIXELS } from '../../../shared/image';
import { defaultMnistDir, type DigitSet } from './data/mnist';

const cache = new Map<string, Promise<DigitSet>>();

function loadSplit(split: 'train' | 'test'): Promise<DigitSet> {
  const prefix = split === 'train' ? 'train' : 't10k';
  let p = cache.get(split);
  if (!p) {
    p = (async () => {
      const dir = defaultMnistDir();
      const images = await readIdxFile(join(dir, `${prefix}-images-idx3-ubyte`));
      const labels = await readIdxFile(join(dir, `${prefix}-labels-idx1-ubyte`));
      return { images: images.data as Uint8Array, labels: labels.data as Uint8Array, n: labels.dims[0] };
    })();
    cache.set(split, p);
  }
  return p;
}

/** The first n digits of the built-in MNIST split (copies, so tests may modify them). */
export async function mnistSubset(split: 'train' | 'test', n: number): Promise<DigitSet> {
  const all = await loadSplit(split);
  if (n > all.n) throw new Error(`asked for ${n} ${split} digits, MNIST has ${all.n}`);
  return { images: all.images.slice(0, n * PIXELS), labels: all.labels.slice(0, n), n };
}

/** The files of a shipped model (assets/models/<kind>-default), as the store would hand them over. */
export function shippedFiles(kind: string): ModelFiles {
  const dir = join('assets', 'models', `${kind}-default`);
  const files: ModelFiles = {};
  for (const f of readdirSync(dir)) if (f !== 'meta.json') files[f] = new Uint8Array(readFileSync(join(dir, f)));
  return files;
}
