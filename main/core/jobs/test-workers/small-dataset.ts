// A small MNIST folder (the first digits of each split, as IDX files) so that tests of whole runs stay
// quick: loading it is instant and evaluating on its test split costs next to nothing.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIDE } from '../../../../shared/image';
import { writeIdxFile } from '../../ml/data/idx';
import { mnistSubset } from '../../ml/test-fixtures';

export async function smallMnistDir(trainCount: number, testCount: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'inpaint-digits-'));
  for (const [split, prefix, n] of [
    ['train', 'train', trainCount],
    ['test', 't10k', testCount],
  ] as const) {
    const set = await mnistSubset(split, n);
    await writeIdxFile(join(dir, `${prefix}-images-idx3-ubyte`), {
      type: 'uint8',
      dims: [n, SIDE, SIDE],
      data: set.images,
    });
    await writeIdxFile(join(dir, `${prefix}-labels-idx1-ubyte`), { type: 'uint8', dims: [n], data: set.labels });
  }
  return dir;
}
