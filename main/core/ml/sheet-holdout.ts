// Patch MSE of a freshly trained MDN or CRBM on the first test images (for its training metadata).
import type { DigitSplit } from './data/batches';
import { evaluateInpainter } from './evaluate';
import { loadModel } from './load-model';
import type { ModelFiles } from './model-files';

export async function heldOutSheetMse(
  kind: 'mdn' | 'crbm',
  files: ModelFiles,
  split: DigitSplit,
  n: number,
  seed = 20240601,
): Promise<number> {
  const model = await loadModel(kind, files);
  try {
    return evaluateInpainter(model.inpainters[0], split, { n, seed }).mse;
  } finally {
    model.dispose();
  }
}
