// The contract every registered method keeps (issue 13, defect 15): given images in [0,1] it returns
// pixels in [0,1], and the known pixels exactly as given. Run over shared/methods.ts METHODS with the
// shipped model of each method's kind, on 100 test digits with the center-gray masks.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { METHODS } from '../../../shared/methods';
import { toFloatBatch } from '../../../shared/image';
import { applyMask, centerGrayMasks } from './data/protocol';
import { loadModel } from './load-model';
import type { ModelFiles } from './model-files';
import { mnistSubset } from './test-fixtures';
import { initBackend } from './tf/backend';

const N = 100;
const BUILT_INS = join(__dirname, '..', '..', '..', 'assets', 'models');

async function builtInFiles(kind: string): Promise<ModelFiles> {
  const dir = join(BUILT_INS, `${kind}-default`);
  const files: ModelFiles = {};
  for (const name of await readdir(dir)) if (name !== 'meta.json') files[name] = await readFile(join(dir, name));
  return files;
}

describe('every registered method', () => {
  let images: Float32Array;
  let masks: Uint8Array;
  beforeAll(async () => {
    await initBackend();
    images = toFloatBatch((await mnistSubset('test', N)).images, 0, N);
    masks = centerGrayMasks(
      7,
      Array.from({ length: N }, (_, i) => i),
    );
  });

  for (const method of METHODS) {
    const ds = 'd' in method.params ? [1, method.params.d.default, 784] : [undefined];
    for (const d of ds) {
      it(`${method.id}${d ? ` (d=${d})` : ''} returns pixels in [0,1] and the known pixels unchanged`, async () => {
        const model = await loadModel(method.modelKind, await builtInFiles(method.modelKind));
        try {
          const inpainter = model.inpainters.find((m) => m.id === method.id);
          expect(inpainter, `${method.id} is not provided by the ${method.modelKind} model`).toBeDefined();
          const input = applyMask(images.slice(), masks);
          const out = inpainter!.inpaint(input, masks, N, d === undefined ? undefined : { d });
          let outside = 0;
          let changed = 0;
          for (let i = 0; i < out.length; i++) {
            if (!(out[i] >= 0 && out[i] <= 1)) outside++;
            if (!masks[i] && out[i] !== input[i]) changed++;
          }
          expect({ outside, changed }).toEqual({ outside: 0, changed: 0 });
        } finally {
          model.dispose();
        }
      });
    }
  }
});
