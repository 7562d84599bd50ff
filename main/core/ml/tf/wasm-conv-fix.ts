// Convolution gradients for tfjs-backend-wasm 4.22.
// 1. It registers no Conv2DBackpropFilter kernel, so no conv net can train on wasm ("kernel not registered").
//    Its Conv3DBackpropFilterV2 (a 2-D convolution is a 3-D one of depth 1) looked like the way, but it is
//    wrong for strides > 1 (checked against the cpu backend: errors ~3 on unit-scale data; exact for stride 1).
// 2. Its Conv2DBackpropInput is a plain loop, ~10× slower than the forward convolution.
// Stride 1 (most layers) runs both through XNNPACK's forward convolution (see the two ByConv functions);
// larger strides as im2col + MatMul, the product in the wasm BatchMatMul:
//   dW = colsᵀ·dy, with colsᵀ (K × M: K = fh·fw·inC, M = N·outH·outW) the patches of x, written straight into
//        wasm memory, and dW (K × outC) in the filter's own [fh, fw, inC, outC] order;
//   dx = col2im(dy·Wᵀ), the patch gradients (M × K) added back onto the pixels they came from.
// The big operand is always the product's left one: XNNPACK packs the right one as weights on every call
// (a fresh 7M-value right operand cost ~300 ms where the product itself takes ~30).
// Limits (those of tfjs's own conv2d gradient): NHWC, dilation 1.
import * as tf from '@tensorflow/tfjs';

const MARK = Symbol.for('inpaint.wasmConvFix');

type TensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };
type Info = tf.backend_util.Conv2DInfo;
type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  disposeData(dataId: object): boolean;
}
interface ConvAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Adds each patch gradient (row m of cols, M × K) back onto the pixels its window covered. */
function col2im(cols: Float32Array, info: Info, out: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight: sh, strideWidth: sw, padInfo } = info;
  const K = filterHeight * filterWidth * C;
  let from = 0;
  for (let n = 0; n < batchSize; n++)
    for (let oh = 0; oh < outHeight; oh++)
      for (let ow = 0; ow < outWidth; ow++, from += K)
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * sh + kh - padInfo.top;
          if (ih < 0 || ih >= inHeight) continue;
          const rowBase = (n * inHeight + ih) * inWidth;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * sw + kw - padInfo.left;
            if (iw < 0 || iw >= inWidth) continue;
            const dst = (rowBase + iw) * C;
            const src = from + (kh * filterWidth + kw) * C;
            for (let c = 0; c < C; c++) out[dst + c] += cols[src + c];
          }
        }
}

/** colsᵀ (K × M) of x, row by row so the writes run along memory (a pass per (kh, kw, c)). */
function im2colT(x: Float32Array, info: Info, out: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight: sh, strideWidth: sw, padInfo } = info;
  const M = batchSize * outHeight * outWidth;
  for (let kh = 0; kh < filterHeight; kh++)
    for (let kw = 0; kw < filterWidth; kw++) {
      // Output columns whose window keeps this tap inside the image.
      const ow0 = Math.max(0, Math.ceil((padInfo.left - kw) / sw));
      const ow1 = Math.min(outWidth, Math.floor((inWidth - 1 + padInfo.left - kw) / sw) + 1);
      for (let c = 0; c < C; c++) {
        const row = ((kh * filterWidth + kw) * C + c) * M;
        for (let n = 0; n < batchSize; n++)
          for (let oh = 0; oh < outHeight; oh++) {
            const ih = oh * sh + kh - padInfo.top;
            if (ih < 0 || ih >= inHeight) continue;
            const m0 = row + (n * outHeight + oh) * outWidth;
            const base = (n * inHeight + ih) * inWidth * C + c + (kw - padInfo.left) * C;
            for (let ow = ow0; ow < ow1; ow++) out[m0 + ow] = x[base + ow * sw * C];
          }
      }
    }
}

function kernels(backend: unknown) {
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  if (!matMul) throw new Error('the wasm backend has no BatchMatMul kernel');
  return (a: TensorInfo, b: TensorInfo, transposeB: boolean): TensorInfo =>
    matMul.kernelFunc({
      inputs: { a, b } as never,
      backend: backend as never,
      attrs: { transposeA: false, transposeB } as never,
    }) as unknown as TensorInfo;
}

function convInfo(xShape: number[], filterShape: number[], attrs: ConvAttrs): Info {
  if (attrs.dataFormat === 'NCHW') throw new Error('conv2d gradients on wasm: only NHWC is supported');
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}

function runKernel(name: string, inputs: object, attrs: object, backend: WasmBackend): TensorInfo {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`the wasm backend has no ${name} kernel`);
  return k.kernelFunc({
    inputs: inputs as never,
    backend: backend as never,
    attrs: attrs as never,
  }) as unknown as TensorInfo;
}

/**
 * Stride 1: dW[kh,kw,ci,co] = Σ x[n, oh+kh−top, ow+kw−left, ci]·dy[n,oh,ow,co] is a forward convolution
 * of x read as ci images of n channels with dy read as an oH×oW filter from n to co channels; the output
 * (ci × fh × fw × co) is dW with its first axis moved. Three transposes in wasm, one XNNPACK convolution.
 */
function backpropFilterByConv(x: TensorInfo, dy: TensorInfo, info: Info, backend: WasmBackend): TensorInfo {
  const { filterHeight: fh, filterWidth: fw, padInfo, inHeight, inWidth, outHeight, outWidth } = info;
  const temps: TensorInfo[] = [];
  try {
    const xt = runKernel('Transpose', { x }, { perm: [3, 1, 2, 0] }, backend); // ci × H × W × n
    temps.push(xt);
    const dyt = runKernel('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }, backend); // oH × oW × n × co
    temps.push(dyt);
    const pad = [
      [0, 0],
      [padInfo.top, fh - 1 + outHeight - inHeight - padInfo.top],
      [padInfo.left, fw - 1 + outWidth - inWidth - padInfo.left],
      [0, 0],
    ];
    const dwt = runKernel(
      'Conv2D',
      { x: xt, filter: dyt },
      { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 },
      backend,
    ); // ci × fh × fw × co
    temps.push(dwt);
    return runKernel('Transpose', { x: dwt }, { perm: [1, 2, 0, 3] }, backend);
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

function conv2dBackpropFilter(args: Parameters<tf.KernelFunc>[0]): TensorInfo {
  const { x, dy } = args.inputs as unknown as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
  const backend = args.backend as unknown as WasmBackend;
  const matMul = kernels(backend);
  const info = convInfo(x.shape, attrs.filterShape, attrs);
  if (info.strideHeight === 1 && info.strideWidth === 1) return backpropFilterByConv(x, dy, info, backend);
  const M = info.batchSize * info.outHeight * info.outWidth;
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const colsT = backend.makeOutput([1, K, M], 'float32');
  try {
    const out = backend.typedArrayFromHeap(colsT);
    out.fill(0);
    im2colT(backend.typedArrayFromHeap(x), info, out);
    const dw = matMul(colsT, { ...dy, shape: [1, M, info.outChannels] }, false);
    return { ...dw, shape: [...attrs.filterShape] };
  } finally {
    backend.disposeData(colsT.dataId);
  }
}

/**
 * Stride 1: dx is the forward convolution of dy with the filter turned 180° and its channels swapped, padded
 * so the output has x's size — XNNPACK's fast forward path instead of a scatter in JavaScript.
 */
function backpropInputByConv(dy: TensorInfo, filter: TensorInfo, info: Info, backend: WasmBackend): TensorInfo {
  const conv = tf.getKernel('Conv2D', 'wasm');
  if (!conv) throw new Error('the wasm backend has no Conv2D kernel');
  const { filterHeight: fh, filterWidth: fw, inChannels: ci, outChannels: co, padInfo } = info;
  const turned = backend.makeOutput([fh, fw, co, ci], 'float32');
  try {
    const w = backend.typedArrayFromHeap(filter);
    const t = backend.typedArrayFromHeap(turned);
    for (let kh = 0; kh < fh; kh++)
      for (let kw = 0; kw < fw; kw++) {
        const src = ((fh - 1 - kh) * fw + (fw - 1 - kw)) * ci * co;
        const dst = (kh * fw + kw) * co * ci;
        for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) t[dst + o * ci + i] = w[src + i * co + o];
      }
    const pad = [
      [0, 0],
      [fh - 1 - padInfo.top, fh - 1 - padInfo.bottom],
      [fw - 1 - padInfo.left, fw - 1 - padInfo.right],
      [0, 0],
    ];
    return conv.kernelFunc({
      inputs: { x: dy, filter: turned } as never,
      backend: backend as never,
      attrs: { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 } as never,
    }) as unknown as TensorInfo;
  } finally {
    backend.disposeData(turned.dataId);
  }
}

function conv2dBackpropInput(args: Parameters<tf.KernelFunc>[0]): TensorInfo {
  const { dy, filter } = args.inputs as unknown as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
  const backend = args.backend as unknown as WasmBackend;
  const matMul = kernels(backend);
  const info = convInfo(attrs.inputShape, filter.shape, attrs);
  if (info.strideHeight === 1 && info.strideWidth === 1) return backpropInputByConv(dy, filter, info, backend);
  const M = info.batchSize * info.outHeight * info.outWidth;
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const cols = matMul({ ...dy, shape: [1, M, info.outChannels] }, { ...filter, shape: [1, K, info.outChannels] }, true);
  try {
    const dx = backend.makeOutput([...attrs.inputShape], 'float32');
    const out = backend.typedArrayFromHeap(dx);
    out.fill(0);
    col2im(backend.typedArrayFromHeap(cols), info, out);
    return dx;
  } finally {
    backend.disposeData(cols.dataId);
  }
}

const FIXES: Record<string, (args: Parameters<tf.KernelFunc>[0]) => TensorInfo> = {
  Conv2DBackpropFilter: conv2dBackpropFilter,
  Conv2DBackpropInput: conv2dBackpropInput,
};

/** Register both kernels on wasm (idempotent; the original input kernel is kept to put back). */
export function installWasmConvFix(): boolean {
  if (!tf.getKernel('BatchMatMul', 'wasm')) return false;
  for (const [name, kernelFunc] of Object.entries(FIXES)) {
    const existing = tf.getKernel(name, 'wasm') as (tf.KernelConfig & { [MARK]?: boolean }) | undefined;
    if (existing?.[MARK]) continue;
    if (existing) tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: kernelFunc as unknown as tf.KernelFunc,
      [MARK]: true,
      original: existing,
    } as tf.KernelConfig);
  }
  return true;
}

/** Put back what tfjs-wasm registers (no filter gradient, its own input gradient): for tests and the bench. */
export function uninstallWasmConvFix(): void {
  for (const name of Object.keys(FIXES)) {
    const config = tf.getKernel(name, 'wasm') as
      (tf.KernelConfig & { [MARK]?: boolean; original?: tf.KernelConfig }) | undefined;
    if (!config?.[MARK]) continue;
    tf.unregisterKernel(name, 'wasm');
    if (config.original) tf.registerKernel(config.original);
  }
}
