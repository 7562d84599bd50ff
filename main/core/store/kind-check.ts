// The per-kind load check (issue 13, defect 1): a model is accepted only if the app could run it as
// its kind. The files the kind's loader reads exist and nothing else rides along; every network takes
// and gives the shapes its method feeds it (a classifier gives 10 digit scores, a generator has its
// energy net); a PCA's header, sizes and values are sane. Pure checks on bytes: no tfjs.
import { PIXELS } from '../../../shared/image';
import type { ModelKind } from '../../../shared/contract';
import type { ModelFiles } from '../ml/model-files';
import { pcaFromFiles } from '../ml/pca/pca-files';
import { StoreError } from './errors';
import { validateTfjsModelJson, type TfjsSignature } from './validate-tfjs-model';

type Shape = number[];
interface NetSpec {
  prefix: string;
  input: Shape;
  output: Shape;
  role: string;
}

const GENERATOR_NET: NetSpec = {
  prefix: 'generator',
  input: [2 * PIXELS],
  output: [PIXELS],
  role: 'an inpainting net',
};
type NetKind = 'regressor' | 'generator' | 'classifier';
const NETS: Record<NetKind, NetSpec[]> = {
  regressor: [GENERATOR_NET],
  generator: [GENERATOR_NET, { prefix: 'energy', input: [PIXELS], output: [1], role: 'an energy net' }],
  classifier: [{ prefix: 'classifier', input: [PIXELS], output: [10], role: 'a classifier' }],
};
const isNetKind = (kind: ModelKind): kind is NetKind => kind in NETS;
/** Kinds with their own formats (main/core/ml/{pca,mdn,crbm}/*-files.ts). */
const OWN_FILES: Partial<Record<ModelKind, string[]>> = {
  pca: ['pca.json', 'pca.bin'],
  mdn: ['mdn.json', 'mdn.weights.bin', 'mdn-config.json'],
  crbm: ['crbm.json', 'crbm.weights.bin'],
};

/** Files each kind must have, exactly (the loaders read these names and nothing else). */
export function requiredFiles(kind: ModelKind): string[] {
  if (isNetKind(kind)) return NETS[kind].flatMap((n) => [`${n.prefix}.json`, `${n.prefix}.weights.bin`]);
  const own = OWN_FILES[kind];
  if (!own) throw new StoreError(`there is no load check for models of kind ${kind}`);
  return own;
}

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);
const show = (s: Shape) => `[${s.join(',')}]`;

function parseJson(files: ModelFiles, name: string): Record<string, unknown> {
  try {
    const v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(files[name]));
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new StoreError(`${name} is not a JSON object`);
}

function checkNet(net: NetSpec, files: ModelFiles, kind: ModelKind): void {
  const name = `${net.prefix}.json`;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(files[name]));
  } catch {
    throw new StoreError(`${name} is not JSON`);
  }
  let sig: TfjsSignature;
  try {
    sig = validateTfjsModelJson(json, files);
  } catch (err) {
    throw new StoreError(`${name}: ${(err as Error).message}`);
  }
  const { inputs, outputs } = sig;
  if (
    inputs.length !== 1 ||
    outputs.length !== 1 ||
    !sameShape(inputs[0], net.input) ||
    !sameShape(outputs[0], net.output)
  )
    throw new StoreError(
      `${name} takes ${inputs.map(show).join(' + ') || 'nothing'} and gives ${outputs.map(show).join(' + ')}; ` +
        `${net.role} takes ${show(net.input)} and gives ${show(net.output)} (is this really a ${kind} model?)`,
    );
}

function checkPca(files: ModelFiles): void {
  let model;
  try {
    model = pcaFromFiles(files);
  } catch (err) {
    throw new StoreError((err as Error).message);
  }
  // A fit to pixels in [0,1]: its mean is a pixel value and its variances are not negative.
  if (!model.mean.every((v) => v >= -0.01 && v <= 1.01))
    throw new StoreError('PCA model: pca.bin holds a mean pixel outside [0,1]');
  if (!model.eigenvalues.every((v) => v >= -1e-3 && v <= PIXELS))
    throw new StoreError('PCA model: pca.bin holds a variance that no image in [0,1] can have');
}

/** MDN: a net from (corrupted, mask) to K mixture components of 784 means plus a weight and a scale each. */
function checkMdn(files: ModelFiles): void {
  const k = parseJson(files, 'mdn-config.json').components;
  if (!Number.isInteger(k) || (k as number) < 1 || (k as number) > 20)
    throw new StoreError('mdn-config.json: components must be an integer in 1..20');
  const role = `an MDN of ${k} components`;
  checkNet({ prefix: 'mdn', input: [2 * PIXELS], output: [(k as number) * (PIXELS + 2)], role }, files, 'mdn');
}

/** CRBM: W (784 × hidden), b (784) and c (hidden), float32 (or float16-stored), finite. */
function checkCrbm(files: ModelFiles): void {
  const json = parseJson(files, 'crbm.json');
  const hidden = (json.config as { hidden?: unknown } | undefined)?.hidden;
  if (json.format !== 'crbm' || !Number.isInteger(hidden) || (hidden as number) < 1 || (hidden as number) > 4096)
    throw new StoreError('crbm.json is not a conditional RBM (format, config.hidden)');
  const h = hidden as number;
  const manifest = json.weightsManifest as { paths?: unknown; weights?: unknown }[] | undefined;
  const group = Array.isArray(manifest) && manifest.length === 1 ? manifest[0] : undefined;
  const paths = group?.paths;
  const specs = group?.weights as { name?: unknown; shape?: unknown; dtype?: unknown; quantization?: unknown }[];
  if (!Array.isArray(paths) || paths.length !== 1 || paths[0] !== 'crbm.weights.bin' || !Array.isArray(specs))
    throw new StoreError('crbm.json: its weights manifest must name crbm.weights.bin alone');
  const want: Record<string, number[]> = { W: [PIXELS, h], b: [PIXELS], c: [h] };
  if (specs.length !== 3 || !specs.every((w) => typeof w?.name === 'string' && w.name in want))
    throw new StoreError('crbm.json: the weights must be W, b and c');
  const bin = files['crbm.weights.bin'];
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  let o = 0;
  for (const w of specs) {
    const shape = want[w.name as string];
    if (!Array.isArray(w.shape) || !sameShape(w.shape as number[], shape) || w.dtype !== 'float32')
      throw new StoreError(`crbm.json: ${String(w.name)} must be float32 of shape ${show(shape)}`);
    const half = w.quantization !== undefined;
    if (half && (w.quantization as { dtype?: unknown }).dtype !== 'float16')
      throw new StoreError(`crbm.json: ${String(w.name)} has an unsupported quantization`);
    const size = half ? 2 : 4;
    const n = shape.reduce((a, b) => a * b, 1);
    if (o + n * size > bin.byteLength) throw new StoreError('crbm.weights.bin is shorter than crbm.json says');
    for (let i = 0; i < n; i++, o += size) {
      const bad = half ? (view.getUint16(o, true) & 0x7c00) === 0x7c00 : !Number.isFinite(view.getFloat32(o, true));
      if (bad) throw new StoreError(`crbm.weights.bin holds a non-finite value in ${String(w.name)}`);
    }
  }
  if (o !== bin.byteLength) throw new StoreError('crbm.weights.bin is longer than crbm.json says');
}

/** The optimizer state a trained net keeps so its run can resume (main/core/ml/tf/optimizer-state.ts). */
const OPTIMIZER_FILES = ['optimizer.json', 'optimizer.weights.bin'];
const MAX_OPTIMIZER_VALUES = 16_000_000;

/** Optional files: both or neither; float32 specs whose sizes add up to the .bin, every value finite. */
function checkOptimizerState(files: ModelFiles): void {
  const present = OPTIMIZER_FILES.filter((f) => f in files);
  if (present.length === 0) return;
  if (present.length === 1)
    throw new StoreError(`${present[0]} comes without its partner (${OPTIMIZER_FILES.join(', ')})`);
  let state: { weights?: unknown };
  try {
    state = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(files['optimizer.json']));
  } catch {
    throw new StoreError('optimizer.json is not JSON');
  }
  const specs = state?.weights;
  if (!Array.isArray(specs) || specs.length > 1000) throw new StoreError('optimizer.json lists no weights');
  let values = 0;
  const floats: [number, number][] = []; // [first, end) value ranges to check for finiteness
  for (const w of specs as { name?: unknown; shape?: unknown; dtype?: unknown }[]) {
    const shape = w?.shape;
    if (
      typeof w?.name !== 'string' ||
      (w.dtype !== 'float32' && w.dtype !== 'int32') || // int32: the step count
      !Array.isArray(shape) ||
      shape.length > 6 ||
      !shape.every((d) => Number.isInteger(d) && d >= 0 && d <= MAX_OPTIMIZER_VALUES)
    )
      throw new StoreError('optimizer.json holds an invalid weight entry');
    const n = (shape as number[]).reduce((a, b) => a * b, 1);
    if (w.dtype === 'float32') floats.push([values, values + n]);
    values += n;
    if (values > MAX_OPTIMIZER_VALUES) throw new StoreError('optimizer.json declares too many values');
  }
  const bin = files['optimizer.weights.bin'];
  if (bin.byteLength !== values * 4)
    throw new StoreError(`optimizer.weights.bin holds ${bin.byteLength} bytes; optimizer.json needs ${values * 4}`);
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  for (let o = 0; o < bin.byteLength; o += 4)
    if (!Number.isFinite(view.getFloat32(o, true)))
      throw new StoreError('optimizer.weights.bin holds a non-finite value');
}

/** Throws a StoreError saying why these files cannot run as a model of this kind. */
export function checkModelKind(kind: ModelKind, files: ModelFiles): void {
  const need = requiredFiles(kind);
  const optional = kind === 'generator' || kind === 'regressor' ? OPTIMIZER_FILES : [];
  const missing = need.filter((f) => !(f in files));
  if (missing.length > 0)
    throw new StoreError(`a ${kind} model needs ${missing.join(', ')} (it has ${Object.keys(files).join(', ')})`);
  const extra = Object.keys(files).filter((f) => !need.includes(f) && !optional.includes(f));
  if (extra.length > 0)
    throw new StoreError(
      `a ${kind} model has only ${[...need, ...optional].join(', ')}; ${extra.join(', ')} is not one`,
    );
  if (kind === 'pca') checkPca(files);
  else if (kind === 'mdn') checkMdn(files);
  else if (kind === 'crbm') checkCrbm(files);
  else if (isNetKind(kind)) for (const net of NETS[kind]) checkNet(net, files, kind);
  if (optional.length > 0) checkOptimizerState(files);
}
