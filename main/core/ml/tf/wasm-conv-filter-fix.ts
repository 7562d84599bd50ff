// tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter kernel, so no conv net can train on wasm
// ("kernel not registered"). Its Conv3DBackpropFilterV2 (a 2-D convolution is a 3-D one of depth 1) looked
// like the way, but it is wrong for strides > 1 (checked against the cpu backend: max error ~3 on unit-scale
// data; exact for stride 1). So we register the kernel as im2col + MatMul: the patches of x (M = N·outH·outW
// rows, K = fh·fw·inC columns, written straight into wasm memory) times dy (M × outC), transposed, is
// dW (K × outC) in the filter's own [fh, fw, inC, outC] order. The product runs in the (fixed) wasm
// BatchMatMul. Limits (those of tfjs's own conv2d gradient): NHWC, dilation 1.
import * as tf from '@tensorflow/tfjs';

const KERNEL = 'Conv2DBackpropFilter';
const MARK = Symbol.for('inpaint.wasmConvFilterFix');

type TensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  disposeData(dataId: object): boolean;
}
interface FilterAttrs {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** Patches of x, [M, K]: row m = (n, oh, ow), column k = (kh, kw, ci); zeros where the window leaves x. */
function im2col(x: Float32Array, info: tf.backend_util.Conv2DInfo, out: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight: sh, strideWidth: sw, padInfo } = info;
  const K = filterHeight * filterWidth * C;
  let m = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, m++) {
        let k = m * K;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * sh + kh - padInfo.top;
          for (let kw = 0; kw < filterWidth; kw++, k += C) {
            const iw = ow * sw + kw - padInfo.left;
            if (ih < 0 || ih >= inHeight || iw < 0 || iw >= inWidth) continue; // out was zero-filled
            const src = ((n * inHeight + ih) * inWidth + iw) * C;
            out.set(x.subarray(src, src + C), k);
          }
        }
      }
    }
  }
}

function conv2dBackpropFilter(args: Parameters<tf.KernelFunc>[0]): TensorInfo {
  const { x, dy } = args.inputs as unknown as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as FilterAttrs;
  const backend = args.backend as unknown as WasmBackend;
  if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm: only NHWC is supported');
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  if (!matMul) throw new Error('the wasm backend has no BatchMatMul kernel');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const M = info.batchSize * info.outHeight * info.outWidth;
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const patches = backend.makeOutput([1, M, K], 'float32');
  try {
    const heap = backend.typedArrayFromHeap(patches);
    heap.fill(0);
    im2col(backend.typedArrayFromHeap(x), info, heap);
    const dy3 = { dataId: dy.dataId, dtype: dy.dtype, shape: [1, M, info.outChannels] };
    const dw = matMul.kernelFunc({
      inputs: { a: patches, b: dy3 } as never,
      backend: args.backend,
      attrs: { transposeA: true, transposeB: false } as never,
    }) as unknown as TensorInfo;
    return { dataId: dw.dataId, dtype: dw.dtype, shape: [...attrs.filterShape] };
  } finally {
    backend.disposeData(patches.dataId);
  }
}

/** Register the kernel on wasm (idempotent). False when wasm is not registered or has its own kernel. */
export function installWasmConvFilterFix(): boolean {
  const existing = tf.getKernel(KERNEL, 'wasm') as (tf.KernelConfig & { [MARK]?: boolean }) | undefined;
  if (existing) return !!existing[MARK];
  if (!tf.getKernel('BatchMatMul', 'wasm')) return false;
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
    [MARK]: true,
  } as tf.KernelConfig);
  return true;
}
