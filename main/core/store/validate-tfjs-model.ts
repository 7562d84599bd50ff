// Validates a tfjs layers-model model.json BEFORE tfjs sees it (RELIABILITY 9). tfjs builds and
// allocates every layer before it checks the weights, so a forged topology (one Dense layer with
// 10^7 units, an orthogonal initializer on a huge matrix) costs memory and minutes. Here we infer
// every layer's output shape and parameter count from the topology alone, with an allowlist of layer
// classes and initializers and caps on units and parameters, then check the weights manifest against
// the files: plain names that exist, allowlisted dtypes, byte length = Σ shape × dtype size, every
// weight named and shaped as its layer needs it (a transposed kernel has the right size but cannot
// run), every value finite, every activation / constraint / regularizer one tfjs knows.
// Imports no tfjs on purpose.
import { StoreError } from './errors';
import { checkFileName } from './names';

export interface TfjsLimits {
  /** Total parameters of the model (topology and manifest alike). */
  maxParams: number;
  /** Units of any Dense layer, and any single dimension of a shape. */
  maxUnits: number;
  /** Layers in the whole model, nested containers included. */
  maxLayers: number;
  /** Nesting depth of Sequential/Model containers. */
  maxDepth: number;
}
export const DEFAULT_TFJS_LIMITS: TfjsLimits = { maxParams: 5_000_000, maxUnits: 4096, maxLayers: 64, maxDepth: 3 };

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4 };
const SHAPE_PRESERVING = new Set(['Activation', 'ReLU', 'LeakyReLU', 'ELU', 'Softmax', 'Dropout']);
const CONTAINERS = new Set(['Sequential', 'Model', 'Functional']);
const INITIALIZERS = new Set([
  'GlorotUniform',
  'GlorotNormal',
  'HeUniform',
  'HeNormal',
  'LeCunUniform',
  'LeCunNormal',
  'RandomUniform',
  'RandomNormal',
  'TruncatedNormal',
  'VarianceScaling',
  'Zeros',
  'Ones',
  'Constant',
]);

const ACTIVATIONS = new Set([
  'linear',
  'relu',
  'relu6',
  'sigmoid',
  'hard_sigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'elu',
  'selu',
  'swish',
  'mish',
  'gelu',
  'gelu_new',
  'logSoftmax',
]);
const CONSTRAINTS = new Set(['MaxNorm', 'UnitNorm', 'NonNeg', 'MinMaxNorm']);
const REGULARIZERS = new Set(['L1L2', 'L1', 'L2']);

type Shape = number[]; // without the batch dimension
type Obj = Record<string, unknown>;

interface Walk {
  limits: TfjsLimits;
  layers: number;
  params: number;
  /** weight name → the shape its layer needs */
  weights: Map<string, Shape>;
  /** the model's declared input shapes, in order */
  inputs: Shape[];
}

/** What the model takes and gives (without the batch dimension), for per-kind checks. */
export interface TfjsSignature {
  inputs: Shape[];
  outputs: Shape[];
}

function fail(message: string): never {
  throw new StoreError(`model.json rejected: ${message}`);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True for the standard tfjs model.json (the store validates every such file in a model). */
export function isTfjsModelJson(v: unknown): v is Obj {
  return isObj(v) && 'modelTopology' in v && 'weightsManifest' in v;
}

function count(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

function addParams(w: Walk, n: number, where: string): void {
  w.params += n;
  if (!Number.isSafeInteger(w.params) || w.params > w.limits.maxParams) {
    fail(`${where} brings the model past ${w.limits.maxParams} parameters`);
  }
}

function batchInputShape(cfg: Obj, where: string, w: Walk): Shape | null {
  const raw = cfg.batch_input_shape ?? cfg.batchInputShape;
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw) || raw.length < 2 || raw.length > 5) fail(`${where} has an invalid batch_input_shape`);
  const dims = raw.slice(1);
  if (!dims.every((d) => Number.isInteger(d) && d >= 1 && d <= w.limits.maxParams)) {
    fail(`${where} has an invalid or unknown input dimension`);
  }
  if (count(dims as number[]) > w.limits.maxParams) fail(`${where} has an input too large`);
  return dims as number[];
}

function checkInitializers(cfg: Obj, where: string): void {
  for (const [key, value] of Object.entries(cfg)) {
    if (!key.endsWith('_initializer') || value === null || value === undefined) continue;
    const cls = isObj(value) ? value.class_name : value;
    if (typeof cls !== 'string' || !INITIALIZERS.has(cls))
      fail(`${where} uses initializer ${JSON.stringify(cls)}, which is not allowed`);
  }
  if (cfg.dtype !== undefined && cfg.dtype !== 'float32') fail(`${where} has dtype ${JSON.stringify(cfg.dtype)}`);
  // tfjs throws on these only when it builds the layer, after allocating the ones before it.
  for (const [key, value] of Object.entries(cfg)) {
    if (value === null || value === undefined) continue;
    const cls = isObj(value) ? value.class_name : value;
    if (key === 'activation' && (typeof cls !== 'string' || !ACTIVATIONS.has(cls)))
      fail(`${where} uses activation ${JSON.stringify(cls)}, which is not known`);
    if (key.endsWith('_constraint') && (typeof cls !== 'string' || !CONSTRAINTS.has(cls)))
      fail(`${where} uses constraint ${JSON.stringify(cls)}, which is not known`);
    if (key.endsWith('_regularizer') && (typeof cls !== 'string' || !REGULARIZERS.has(cls)))
      fail(`${where} uses regularizer ${JSON.stringify(cls)}, which is not known`);
  }
}

function needWeight(w: Walk, name: string, shape: Shape, where: string): void {
  if (w.weights.has(name)) fail(`${where} repeats the weight name ${JSON.stringify(name)}`);
  w.weights.set(name, shape);
}

function unitsOf(cfg: Obj, where: string, w: Walk): number {
  const u = cfg.units;
  if (!Number.isInteger(u) || (u as number) < 1) fail(`${where} has invalid units`);
  if ((u as number) > w.limits.maxUnits) fail(`${where} has ${u} units (at most ${w.limits.maxUnits})`);
  return u as number;
}

function concatShape(inputs: Shape[], cfg: Obj, where: string): Shape {
  if (inputs.length < 2) fail(`${where} needs at least two inputs`);
  const rank = inputs[0].length;
  const axisRaw = cfg.axis ?? -1;
  if (!Number.isInteger(axisRaw)) fail(`${where} has an invalid axis`);
  // axis counts the batch dimension; ours do not.
  const axis = (axisRaw as number) < 0 ? rank + (axisRaw as number) : (axisRaw as number) - 1;
  if (axis < 0 || axis >= rank) fail(`${where} has an invalid axis`);
  const out = [...inputs[0]];
  for (const s of inputs.slice(1)) {
    if (s.length !== rank || s.some((d, i) => i !== axis && d !== inputs[0][i]))
      fail(`${where} joins incompatible shapes`);
    out[axis] += s[axis];
  }
  return out;
}

function reshapeShape(input: Shape, cfg: Obj, where: string): Shape {
  const target = cfg.target_shape ?? cfg.targetShape;
  if (
    !Array.isArray(target) ||
    target.length < 1 ||
    target.length > 4 ||
    !target.every((d) => Number.isInteger(d) && (d >= 1 || d === -1))
  ) {
    fail(`${where} has an invalid target_shape`);
  }
  const t = target as number[];
  const known = count(t.filter((d) => d !== -1));
  const wildcards = t.filter((d) => d === -1).length;
  const total = count(input);
  if (wildcards > 1 || (wildcards === 0 && known !== total) || (wildcards === 1 && total % known !== 0)) {
    fail(`${where} cannot reshape ${input.length}-d input of ${total} values to [${t.join(',')}]`);
  }
  return t.map((d) => (d === -1 ? total / known : d));
}

/** A pair of positive integers from a number or a two-number list (kernel_size, strides, pool_size, size). */
function pair(raw: unknown, where: string, what: string, max: number): [number, number] {
  const v = typeof raw === 'number' ? [raw, raw] : raw;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((d) => Number.isInteger(d) && d >= 1 && d <= max))
    fail(`${where} has an invalid ${what}`);
  return v as [number, number];
}

/** Height and width after a sliding window (convolution or pooling), as tfjs computes them. */
function windowed(input: Shape, cfg: Obj, where: string, k: [number, number], strides: [number, number]): number[] {
  if (input.length !== 3) fail(`${where} needs a height × width × channels input`);
  const format = cfg.data_format ?? cfg.dataFormat ?? 'channels_last';
  if (format !== 'channels_last' && format !== 'channelsLast') fail(`${where} uses data_format ${String(format)}`);
  const dilation = cfg.dilation_rate ?? cfg.dilationRate ?? 1;
  if (!(dilation === 1 || (Array.isArray(dilation) && dilation.every((d) => d === 1))))
    fail(`${where} uses a dilation, which is not supported`);
  const padding = cfg.padding ?? 'valid';
  if (padding !== 'same' && padding !== 'valid') fail(`${where} has padding ${JSON.stringify(padding)}`);
  return [0, 1].map((i) => {
    const out = padding === 'same' ? Math.ceil(input[i] / strides[i]) : Math.floor((input[i] - k[i]) / strides[i]) + 1;
    if (out < 1) fail(`${where} shrinks its input to nothing`);
    return out;
  });
}

/** Convolution and image layers (the conv nets of the studio): shapes, parameters and weights. */
function applyImageLayer(cls: string, cfg: Obj, input: Shape, where: string, w: Walk, name: string): Shape | null {
  if (cls === 'Conv2D') {
    const filters = cfg.filters;
    if (!Number.isInteger(filters) || (filters as number) < 1 || (filters as number) > w.limits.maxUnits)
      fail(`${where} has invalid filters`);
    const k = pair(cfg.kernel_size ?? cfg.kernelSize, where, 'kernel_size', 15);
    const [h, wd] = windowed(input, cfg, where, k, pair(cfg.strides ?? 1, where, 'strides', 15));
    const cin = input[2];
    const f = filters as number;
    const bias = cfg.use_bias ?? cfg.useBias ?? true;
    addParams(w, k[0] * k[1] * cin * f + (bias ? f : 0), where);
    needWeight(w, `${name}/kernel`, [k[0], k[1], cin, f], where);
    if (bias) needWeight(w, `${name}/bias`, [f], where);
    return [h, wd, f];
  }
  if (cls === 'MaxPooling2D' || cls === 'AveragePooling2D') {
    const k = pair(cfg.pool_size ?? cfg.poolSize ?? 2, where, 'pool_size', 15);
    const [h, wd] = windowed(input, cfg, where, k, pair(cfg.strides ?? k, where, 'strides', 15));
    return [h, wd, input[2]];
  }
  if (cls === 'UpSampling2D') {
    if (input.length !== 3) fail(`${where} needs a height × width × channels input`);
    const [a, b] = pair(cfg.size ?? 2, where, 'size', 8);
    const out = [input[0] * a, input[1] * b, input[2]];
    if (out[0] > w.limits.maxUnits || out[1] > w.limits.maxUnits) fail(`${where} grows its input too large`);
    return out;
  }
  if (cls === 'Permute') {
    const dims = cfg.dims;
    const n = input.length;
    if (!Array.isArray(dims) || dims.length !== n || [...dims].sort().some((d, i) => d !== i + 1))
      fail(`${where} has invalid dims`);
    return (dims as number[]).map((d) => input[d - 1]);
  }
  return null;
}

/** Output shape of one non-container layer; adds its parameters and the weights it needs. */
function applyLayer(cls: string, cfg: Obj, inputs: Shape[], where: string, w: Walk, name: string): Shape {
  if (cls === 'Concatenate') return concatShape(inputs, cfg, where);
  if (inputs.length !== 1) fail(`${where} takes exactly one input`);
  const input = inputs[0];
  if (SHAPE_PRESERVING.has(cls)) return input;
  if (cls === 'Flatten') return [count(input)];
  if (cls === 'Reshape') return reshapeShape(input, cfg, where);
  if (cls === 'Dense') {
    const units = unitsOf(cfg, where, w);
    const bias = cfg.use_bias ?? cfg.useBias ?? true;
    addParams(w, input[input.length - 1] * units + (bias ? units : 0), where);
    needWeight(w, `${name}/kernel`, [input[input.length - 1], units], where);
    if (bias) needWeight(w, `${name}/bias`, [units], where);
    return [...input.slice(0, -1), units];
  }
  const image = applyImageLayer(cls, cfg, input, where, w, name);
  if (image) return image;
  fail(`${where} has layer class ${JSON.stringify(cls)}, which is not allowed`);
}

function layerParts(layer: unknown, where: string, w: Walk): { cls: string; cfg: Obj; name: string } {
  if (!isObj(layer) || typeof layer.class_name !== 'string' || !isObj(layer.config)) fail(`${where} is not a layer`);
  w.layers += 1;
  if (w.layers > w.limits.maxLayers) fail(`more than ${w.limits.maxLayers} layers`);
  const name =
    typeof layer.config.name === 'string' ? layer.config.name : typeof layer.name === 'string' ? layer.name : where;
  checkInitializers(layer.config, `layer ${JSON.stringify(name)}`);
  return { cls: layer.class_name, cfg: layer.config, name };
}

/** A layer inside a container: a nested container recurses, anything else is applied. */
function applyAny(
  cls: string,
  cfg: Obj,
  inputs: Shape[],
  where: string,
  w: Walk,
  depth: number,
  name: string,
): Shape[] {
  if (CONTAINERS.has(cls)) return walkContainer(cls, cfg, inputs, where, w, depth + 1);
  return [applyLayer(cls, cfg, inputs, where, w, name)];
}

function walkSequential(cfg: Obj | unknown[], input: Shape[] | null, where: string, w: Walk, depth: number): Shape[] {
  const layers = Array.isArray(cfg) ? cfg : cfg.layers;
  if (!Array.isArray(layers) || layers.length === 0) fail(`${where} has no layers`);
  let shape: Shape | null = input && input.length === 1 ? input[0] : null;
  for (const [i, layer] of layers.entries()) {
    const { cls, cfg: lc, name } = layerParts(layer, `${where} layer ${i}`, w);
    const declared = i === 0 ? batchInputShape(lc, `layer ${JSON.stringify(name)}`, w) : null;
    if (declared && depth === 1) w.inputs.push(declared);
    shape = declared ?? shape;
    if (!shape) fail(`${where} does not declare its input shape`);
    if (cls === 'InputLayer') continue;
    const out = applyAny(cls, lc, [shape], `layer ${JSON.stringify(name)}`, w, depth, name);
    if (out.length !== 1) fail(`layer ${JSON.stringify(name)} has several outputs inside a Sequential`);
    shape = out[0];
  }
  return [shape as Shape];
}

type NodeRef = [string, number, number];
function nodeRefs(raw: unknown, where: string): NodeRef[] {
  if (!Array.isArray(raw)) fail(`${where} has invalid node references`);
  return raw.map((r) => {
    if (!Array.isArray(r) || typeof r[0] !== 'string' || !Number.isInteger(r[1] ?? 0) || !Number.isInteger(r[2] ?? 0)) {
      fail(`${where} has an invalid node reference`);
    }
    return [r[0], r[1] ?? 0, r[2] ?? 0] as NodeRef;
  });
}

function walkFunctional(cfg: Obj, where: string, w: Walk, depth: number): Shape[] {
  if (!Array.isArray(cfg.layers) || cfg.layers.length === 0) fail(`${where} has no layers`);
  const outputs = new Map<string, Shape[]>(); // `${layer}#${node}` → output shapes
  for (const [i, layer] of cfg.layers.entries()) {
    const { cls, cfg: lc, name } = layerParts(layer, `${where} layer ${i}`, w);
    const label = `layer ${JSON.stringify(name)}`;
    if (cls === 'InputLayer') {
      const shape = batchInputShape(lc, label, w);
      if (!shape) fail(`${label} does not declare its input shape`);
      if (depth === 1) w.inputs.push(shape);
      outputs.set(`${name}#0`, [shape]);
      continue;
    }
    const nodes = (layer as Obj).inbound_nodes;
    if (!Array.isArray(nodes) || nodes.length < 1 || nodes.length > 4) fail(`${label} has invalid inbound_nodes`);
    const paramsBefore = w.params;
    const weightsBefore = new Map(w.weights);
    nodes.forEach((node, k) => {
      const inputs = nodeRefs(node, label).map(([src, ni, ti]) => {
        const shape = outputs.get(`${src}#${ni}`)?.[ti];
        if (!shape) fail(`${label} uses ${JSON.stringify(src)} before it is defined`);
        return shape;
      });
      if (k > 0) {
        w.params = paramsBefore; // a shared layer owns its weights once
        w.weights = new Map(weightsBefore);
      }
      outputs.set(`${name}#${k}`, applyAny(cls, lc, inputs, label, w, depth, name));
    });
  }
  return nodeRefs(cfg.output_layers, `${where} output_layers`).map(([src, ni, ti]) => {
    const shape = outputs.get(`${src}#${ni}`)?.[ti];
    if (!shape) fail(`${where} names an unknown output ${JSON.stringify(src)}`);
    return shape;
  });
}

function walkContainer(
  cls: string,
  cfg: Obj | unknown[],
  inputs: Shape[] | null,
  where: string,
  w: Walk,
  depth: number,
): Shape[] {
  if (depth > w.limits.maxDepth) fail(`containers nested deeper than ${w.limits.maxDepth}`);
  if (cls === 'Sequential') return walkSequential(cfg, inputs, where, w, depth);
  if (!isObj(cfg)) fail(`${where} has an invalid config`);
  return walkFunctional(cfg, where, w, depth);
}

function isFloat16(q: unknown): boolean {
  if (!isObj(q) || q.dtype !== 'float16') return false;
  return Object.keys(q).every((k) => k === 'dtype' || (k === 'original_dtype' && q.original_dtype === 'float32'));
}

interface WeightSpec {
  name: string;
  shape: Shape;
  dtype: string;
  /** bytes a value in the file */
  size: number;
}
interface ManifestGroup {
  specs: WeightSpec[];
  paths: string[];
}

/** The manifest's weights by group; checks each path and each file length. */
function checkManifest(
  manifest: unknown,
  files: Record<string, Uint8Array>,
  limits: TfjsLimits,
): { params: number; groups: ManifestGroup[] } {
  if (!Array.isArray(manifest) || manifest.length === 0 || manifest.length > 64)
    fail('weightsManifest must be a non-empty list');
  const seen = new Set<string>();
  const groups: ManifestGroup[] = [];
  let params = 0;
  for (const group of manifest) {
    if (!isObj(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights))
      fail('a weightsManifest group lacks paths or weights');
    const specs: WeightSpec[] = [];
    let declared = 0;
    for (const spec of group.weights) {
      if (!isObj(spec) || typeof spec.name !== 'string') fail('a weight has no name');
      const label = `weight ${JSON.stringify(spec.name)}`;
      let size = DTYPE_BYTES[spec.dtype as string];
      if (!size) fail(`${label} has dtype ${JSON.stringify(spec.dtype)} (allowed: float32, int32)`);
      // The only quantization accepted: float32 stored as float16 (2 bytes), as the shipped models are.
      if (spec.quantization !== undefined) {
        if (!isFloat16(spec.quantization) || spec.dtype !== 'float32')
          fail(`${label} is quantized other than float32 as float16, which is not supported`);
        size = 2;
      }
      const shape = spec.shape;
      if (
        !Array.isArray(shape) ||
        shape.length > 6 ||
        !shape.every((d) => Number.isInteger(d) && d >= 0 && d <= limits.maxParams)
      ) {
        fail(`${label} has an invalid shape`);
      }
      const n = count(shape as number[]);
      params += n;
      if (n > limits.maxParams || params > limits.maxParams) fail(`weights exceed ${limits.maxParams} parameters`);
      declared += n * size;
      specs.push({ name: spec.name, shape: shape as Shape, dtype: spec.dtype as string, size });
    }
    let actual = 0;
    const paths: string[] = [];
    for (const p of group.paths) {
      let path: string;
      try {
        path = checkFileName(p);
      } catch {
        fail(`weights path ${JSON.stringify(p)} is not a plain file name`);
      }
      if (seen.has(path)) fail(`weights file ${path} is listed twice`);
      seen.add(path);
      const bytes = files[path];
      if (!bytes) fail(`weights file ${path} is not in the model`);
      actual += bytes.byteLength;
      paths.push(path);
    }
    if (actual !== declared) fail(`weights files hold ${actual} bytes but the manifest needs ${declared}`);
    groups.push({ specs, paths });
  }
  return { params, groups };
}

/** Every weight the manifest lists is one a layer needs, with the shape it needs, and none is missing. */
function checkWeightNames(groups: ManifestGroup[], needed: Map<string, Shape>): void {
  const listed = new Set<string>();
  for (const spec of groups.flatMap((g) => g.specs)) {
    const label = `weight ${JSON.stringify(spec.name)}`;
    const want = needed.get(spec.name);
    if (!want) fail(`${label} belongs to no layer`);
    if (listed.has(spec.name)) fail(`${label} is listed twice`);
    listed.add(spec.name);
    if (want.length !== spec.shape.length || want.some((d, i) => d !== spec.shape[i]))
      fail(`${label} has shape [${spec.shape.join(',')}]; its layer needs [${want.join(',')}]`);
  }
  for (const name of needed.keys()) if (!listed.has(name)) fail(`weight ${JSON.stringify(name)} is missing`);
}

/** A NaN or infinite weight loads fine and poisons every result: refuse it here. */
function checkFiniteWeights(groups: ManifestGroup[], files: Record<string, Uint8Array>): void {
  for (const g of groups) {
    const joined = Buffer.concat(g.paths.map((p) => files[p]));
    const view = new DataView(joined.buffer, joined.byteOffset, joined.byteLength);
    let o = 0;
    for (const spec of g.specs) {
      const n = count(spec.shape);
      for (let i = 0; i < n; i++, o += spec.size) {
        const bad =
          spec.size === 2
            ? (view.getUint16(o, true) & 0x7c00) === 0x7c00 // float16: exponent all ones = Inf/NaN
            : spec.dtype === 'float32' && !Number.isFinite(view.getFloat32(o, true));
        if (bad) fail(`non-finite value in weight ${JSON.stringify(spec.name)} at index ${i}`);
      }
    }
  }
}

export function validateTfjsModelJson(
  modelJson: unknown,
  weightFiles: Record<string, Uint8Array>,
  limits: Partial<TfjsLimits> = {},
): TfjsSignature {
  const lim = { ...DEFAULT_TFJS_LIMITS, ...limits };
  if (!isTfjsModelJson(modelJson)) fail('it lacks modelTopology or weightsManifest');
  if (modelJson.format !== undefined && modelJson.format !== 'layers-model')
    fail(`format ${JSON.stringify(modelJson.format)} is not a layers model`);
  let topology = modelJson.modelTopology;
  if (isObj(topology) && isObj(topology.model_config)) topology = topology.model_config;
  if (!isObj(topology) || typeof topology.class_name !== 'string' || !CONTAINERS.has(topology.class_name)) {
    fail('modelTopology is not a Sequential or Model');
  }
  const w: Walk = { limits: lim, layers: 0, params: 0, weights: new Map(), inputs: [] };
  const outputs = walkContainer(topology.class_name, topology.config as Obj, null, 'the model', w, 1);
  const manifest = checkManifest(modelJson.weightsManifest, weightFiles, lim);
  if (manifest.params !== w.params) {
    fail(`the layers need ${w.params} parameters but the manifest declares ${manifest.params}`);
  }
  checkWeightNames(manifest.groups, w.weights);
  checkFiniteWeights(manifest.groups, weightFiles);
  return { inputs: w.inputs, outputs };
}
