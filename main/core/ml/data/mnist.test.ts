import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIdxFile } from './idx';
import { BUILT_IN_NAME, defaultMnistDir, loadDataset } from './mnist';
import { mnistSubset } from '../test-fixtures';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnist-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A tiny dataset folder of 20 train and 10 test digits, gzipped like the Fashion-MNIST download. */
async function tinyFolder(name: string): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  const train = await mnistSubset('train', 20);
  const test = await mnistSubset('test', 10);
  await writeIdxFile(join(folder, 'train-images-idx3-ubyte.gz'), {
    type: 'uint8',
    dims: [20, 28, 28],
    data: train.images,
  });
  await writeIdxFile(join(folder, 'train-labels-idx1-ubyte.gz'), { type: 'uint8', dims: [20], data: train.labels });
  await writeIdxFile(join(folder, 't10k-images-idx3-ubyte.gz'), {
    type: 'uint8',
    dims: [10, 28, 28],
    data: test.images,
  });
  await writeIdxFile(join(folder, 't10k-labels-idx1-ubyte'), { type: 'uint8', dims: [10], data: test.labels });
  return folder;
}

describe('MNIST datasets', () => {
  it('loads the built-in MNIST: 60k train and 10k test digits with labels 0..9', async () => {
    const ds = await loadDataset();
    expect(ds.name).toBe(BUILT_IN_NAME);
    expect(ds.source).toBe(defaultMnistDir());
    expect(ds.test.n).toBe(10000);
    expect(ds.test.images.length).toBe(10000 * 784);
    expect(ds.train.n).toBe(60000);
    const counts = new Array(10).fill(0);
    for (const l of ds.test.labels) counts[l]++;
    expect(counts.every((c) => c > 800)).toBe(true);
    expect(counts.reduce((a, b) => a + b)).toBe(10000);
    expect(ds.test.labels[0]).toBe(7); // the famous first test digit
  });

  it('loads a user folder of gzipped and plain IDX files', async () => {
    const folder = await tinyFolder('fashion');
    const ds = await loadDataset(folder);
    expect(ds.name).toBe('fashion');
    expect(ds.train.n).toBe(20);
    expect(ds.test.n).toBe(10);
    expect(ds.test.images).toEqual((await mnistSubset('test', 10)).images);
  });

  it('names the missing file of an incomplete folder', async () => {
    const folder = await tinyFolder('incomplete');
    await rm(join(folder, 't10k-labels-idx1-ubyte'));
    await expect(loadDataset(folder)).rejects.toThrow(/has no t10k-labels-idx1-ubyte/);
  });

  it('rejects a folder with a corrupt file, naming it', async () => {
    const folder = await tinyFolder('corrupt');
    await writeFile(join(folder, 'train-images-idx3-ubyte.gz'), new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    await expect(loadDataset(folder)).rejects.toThrow(/train-images-idx3-ubyte\.gz: corrupt gzip stream/);
  });

  it('rejects labels that do not match the images or fall outside 0..9', async () => {
    const folder = await tinyFolder('labels');
    await writeIdxFile(join(folder, 't10k-labels-idx1-ubyte'), { type: 'uint8', dims: [9], data: new Uint8Array(9) });
    await expect(loadDataset(folder)).rejects.toThrow(/9 labels for 10 images/);
    await writeIdxFile(join(folder, 't10k-labels-idx1-ubyte'), {
      type: 'uint8',
      dims: [10],
      data: new Uint8Array(10).fill(10),
    });
    await expect(loadDataset(folder)).rejects.toThrow(/label 10 at index 0 is outside 0\.\.9/);
  });

  it('rejects images that are not 28×28', async () => {
    const folder = await tinyFolder('shape');
    await writeIdxFile(join(folder, 'train-images-idx3-ubyte.gz'), {
      type: 'uint8',
      dims: [20, 32, 32],
      data: new Uint8Array(20 * 32 * 32),
    });
    await expect(loadDataset(folder)).rejects.toThrow(/expected n×28×28 images, got shape 20×32×32/);
  });

  it('rejects a folder that does not exist', async () => {
    await expect(loadDataset(join(dir, 'nowhere'))).rejects.toThrow(/cannot open dataset folder/);
  });

  it('accepts the dotted file names some downloads use', async () => {
    const folder = await tinyFolder('dotted');
    await copyFile(join(folder, 't10k-labels-idx1-ubyte'), join(folder, 't10k-labels.idx1-ubyte'));
    await rm(join(folder, 't10k-labels-idx1-ubyte'));
    expect((await loadDataset(folder)).test.n).toBe(10);
  });
});
