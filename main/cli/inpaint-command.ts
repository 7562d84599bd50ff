// `inpaint --images F --masks F --method ID [--d N] [--model NAME] --out F`
import { METHOD_IDS, type MethodId, type MethodParams } from '../../shared/contract';
import { PIXELS, SIDE, toUint8 } from '../../shared/image';
import { readIdxFile, writeIdxFile, type IdxArray } from '../core/ml/data/idx';
import { applyMask } from '../core/ml/data/protocol';
import { methodInfo } from '../../shared/methods';
import { cliModels, ensureModel, findInpainter, openStore } from './context';
import { CliError, intOption, required } from './errors';
import { checkOutputPath } from './output-path';
import { pixelProblem } from '../../shared/pixel-rules';

/** n images of 28×28 (dims [n,28,28] or [n,784]) as floats in [0,1]. */
function imagesOf(arr: IdxArray, what: string): { n: number; floats: Float32Array } {
  const pixels = arr.dims.slice(1).reduce((a, b) => a * b, 1);
  if (arr.dims.length < 2 || pixels !== PIXELS) {
    throw new CliError(`${what} must be n×${SIDE}×${SIDE} (or n×${PIXELS}), got ${arr.dims.join('×')}`);
  }
  const floats = arr.type === 'uint8' ? Float32Array.from(arr.data, (v) => v / 255) : Float32Array.from(arr.data);
  return { n: arr.dims[0], floats };
}

/** The pixel rules every door shares: images in [0,1], masks 0 or 1; the first bad value is named. */
function checkPixels(images: Float32Array, masks: ArrayLike<number>): void {
  const problem = pixelProblem('image', images, 'images') ?? pixelProblem('mask', masks, 'masks');
  if (problem) throw new CliError(problem);
}

async function readIdxOrExplain(path: string, what: string): Promise<IdxArray> {
  try {
    return await readIdxFile(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new CliError(`${what} file not found: ${path}`);
    throw new CliError(`${what} file ${path}: ${e.message}`);
  }
}

export async function inpaintCommand(opts: Record<string, string | undefined>): Promise<void> {
  const method = required(opts.method, 'method') as MethodId;
  if (!METHOD_IDS.includes(method)) throw new CliError(`unknown method "${method}"; known: ${METHOD_IDS.join(', ')}`);
  const images = await readIdxOrExplain(required(opts.images, 'images'), 'images');
  const masksIdx = await readIdxOrExplain(required(opts.masks, 'masks'), 'masks');
  const out = required(opts.out, 'out');
  await checkOutputPath(out, [
    { option: 'images', path: opts.images as string },
    { option: 'masks', path: opts.masks as string },
  ]);
  const { n, floats } = imagesOf(images, 'images');
  if (masksIdx.type !== 'uint8') throw new CliError('masks must be a uint8 IDX file (1 = missing)');
  if (masksIdx.dims.join('×') !== images.dims.join('×')) {
    throw new CliError(`masks shape ${masksIdx.dims.join('×')} does not match images shape ${images.dims.join('×')}`);
  }
  checkPixels(floats, masksIdx.data);
  const masks = Uint8Array.from(masksIdx.data);
  const d = opts.d === undefined ? undefined : intOption(opts.d, 'd', 50, 1, PIXELS);
  const params: MethodParams = {};
  if (d !== undefined) params.d = d;
  if (opts.rule !== undefined) params.rule = intOption(opts.rule, 'rule', 0, 0, 3);
  if (opts.steps !== undefined) params.steps = intOption(opts.steps, 'steps', 50, 1, 1000);

  const store = await openStore();
  const models = cliModels(store);
  try {
    const model = await ensureModel(models, store, methodInfo(method).modelKind, opts.model);
    const inpainter = findInpainter(model, method);
    // Methods receive the missing pixels gray, whatever the file held there.
    const corrupted = applyMask(floats.slice(), masks);
    const result = inpainter.inpaint(corrupted, masks, n, params);
    // Known pixels are the input's exactly, in the input's own type.
    const data = images.type === 'uint8' ? toUint8(result) : result;
    for (let i = 0; i < data.length; i++) if (!masks[i]) data[i] = images.data[i];
    await writeIdxFile(out, { type: images.type, dims: images.dims, data });
    process.stderr.write(`inpainted ${n} image(s) with ${method}${d ? ` (d=${d})` : ''} → ${out}\n`);
  } finally {
    await models.close();
    await store.close();
  }
}
