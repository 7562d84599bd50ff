// Adam's update as one fused pass over flat float32 buffers, with exactly tf.train.adam's arithmetic
// (every product, quotient, square root and sum rounded to float32 in tfjs's order), plus the sum of the
// shards' gradients in the same pass. tf.train.adam runs ~10 small ops per variable (one wasm call and a
// fresh tensor each); this is one loop. The loop is a tiny hand-assembled WebAssembly SIMD module (4
// lanes) working on a shared WebAssembly.Memory, so every training thread can update its own slice of
// the same parameters; a plain-JS loop with the same arithmetic is the reference and the fallback.

/** The per-step constants of Adam, each already a float32 value (as tfjs makes its scalars). */
export interface AdamCoefficients {
  beta1: number;
  beta2: number;
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  /** 1 − β1ᵗ and 1 − β2ᵗ (the bias corrections of step t). */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
  negLearningRate: number;
}

/** Byte offsets into the memory: parameters, moments, and `shards` gradient buffers `gradStride` bytes apart. */
export interface AdamBuffers {
  params: number;
  m: number;
  v: number;
  grads: number;
  gradStride: number;
  shards: number;
}

export type AdamKernel = (buffers: AdamBuffers, from: number, to: number, c: AdamCoefficients) => void;

const fr = Math.fround;

/** The reference: element i of [from, to) of every buffer, tfjs's arithmetic order, float32 after each op. */
export function adamJs(memory: ArrayBufferLike): AdamKernel {
  const f32 = new Float32Array(memory);
  return (b, from, to, c) => {
    const p = b.params >> 2;
    const m = b.m >> 2;
    const v = b.v >> 2;
    const g = b.grads >> 2;
    const stride = b.gradStride >> 2;
    for (let i = from; i < to; i++) {
      let gi = f32[g + i];
      for (let k = 1; k < b.shards; k++) gi = fr(gi + f32[g + k * stride + i]);
      const mi = fr(fr(f32[m + i] * c.beta1) + fr(gi * c.oneMinusBeta1));
      const vi = fr(fr(f32[v + i] * c.beta2) + fr(fr(gi * gi) * c.oneMinusBeta2));
      f32[m + i] = mi;
      f32[v + i] = vi;
      const mh = fr(mi / c.oneMinusAccBeta1);
      const vh = fr(vi / c.oneMinusAccBeta2);
      f32[p + i] = fr(fr(fr(mh / fr(fr(Math.sqrt(vh)) + c.epsilon)) * c.negLearningRate) + f32[p + i]);
    }
  };
}

// --- the WebAssembly module, byte by byte -------------------------------------------------------------
const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const op = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Mul: 0x6c,
};
const simd = (code: number) => [0xfd, ...uleb(code)];
const V128_LOAD = [...simd(0x00), 4, 0];
const V128_STORE = [...simd(0x0b), 4, 0];
const F32X4_SPLAT = simd(0x13);
const F32X4_SQRT = simd(0xe3);
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);
const F32X4_DIV = simd(0xe7);

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const str = (s: string): number[] => vec([...s].map((ch) => [ch.charCodeAt(0)]));

// Parameters of adam(p, m, v, g, gStride, shards, from, to, β1, β2, 1−β1, 1−β2, 1−β1ᵗ, 1−β2ᵗ, ε, −lr):
// offsets and indices are i32 (indices in floats, multiples of 4), the constants f32.
const P = { p: 0, m: 1, v: 2, g: 3, stride: 4, shards: 5, from: 6, to: 7, b1: 8, b2: 9, omb1: 10, omb2: 11 };
const C = { oma1: 12, oma2: 13, eps: 14, negLr: 15 };
// Locals after the 16 parameters: i (byte index), k, gptr (i32); gsum, mi, vi (v128); 8 splatted constants.
const L = { i: 16, end: 17, k: 18, gptr: 19, gsum: 20, mi: 21, vi: 22, splat: 23 };

function adamBody(): number[] {
  const get = (i: number) => [op.localGet, ...uleb(i)];
  const set = (i: number) => [op.localSet, ...uleb(i)];
  const tee = (i: number) => [op.localTee, ...uleb(i)];
  const splat = (k: number) => get(L.splat + k); // 0 β1, 1 β2, 2 1−β1, 3 1−β2, 4 1−β1ᵗ, 5 1−β2ᵗ, 6 ε, 7 −lr
  const at = (base: number) => [...get(base), ...get(L.i), op.i32Add]; // base + i (bytes)
  const code: number[] = [];
  // splat the constants once
  [P.b1, P.b2, P.omb1, P.omb2, C.oma1, C.oma2, C.eps, C.negLr].forEach((param, k) =>
    code.push(...get(param), ...F32X4_SPLAT, ...set(L.splat + k)),
  );
  // i = from*4; end = to*4
  code.push(...get(P.from), op.i32Const, 4, op.i32Mul, ...set(L.i));
  code.push(...get(P.to), op.i32Const, 4, op.i32Mul, ...set(L.end));
  code.push(op.block, 0x40, op.loop, 0x40);
  code.push(...get(L.i), ...get(L.end), op.i32GeU, op.brIf, 1);
  // gsum = g[i]; for k in 1..shards: gsum += g[k*stride + i]
  code.push(...at(P.g), ...tee(L.gptr), ...V128_LOAD, ...set(L.gsum));
  code.push(op.i32Const, 1, ...set(L.k));
  code.push(op.block, 0x40, op.loop, 0x40);
  code.push(...get(L.k), ...get(P.shards), op.i32GeU, op.brIf, 1);
  // gsum = gsum + g_k (earlier shards first, one float32 rounding per addition)
  code.push(...get(L.gptr), ...get(P.stride), op.i32Add, ...set(L.gptr));
  code.push(...get(L.gsum), ...get(L.gptr), ...V128_LOAD, ...F32X4_ADD, ...set(L.gsum));
  code.push(...get(L.k), op.i32Const, 1, op.i32Add, ...set(L.k), op.br, 0, op.end, op.end);
  // mi = m*β1 + g*(1−β1)
  code.push(...at(P.m), ...V128_LOAD, ...splat(0), ...F32X4_MUL);
  code.push(...get(L.gsum), ...splat(2), ...F32X4_MUL, ...F32X4_ADD, ...set(L.mi));
  // vi = v*β2 + (g*g)*(1−β2)
  code.push(...at(P.v), ...V128_LOAD, ...splat(1), ...F32X4_MUL);
  code.push(...get(L.gsum), ...get(L.gsum), ...F32X4_MUL, ...splat(3), ...F32X4_MUL, ...F32X4_ADD, ...set(L.vi));
  code.push(...at(P.m), ...get(L.mi), ...V128_STORE);
  code.push(...at(P.v), ...get(L.vi), ...V128_STORE);
  // p = ((mi/(1−β1ᵗ)) / (sqrt(vi/(1−β2ᵗ)) + ε)) * (−lr) + p
  code.push(...at(P.p));
  code.push(...get(L.mi), ...splat(4), ...F32X4_DIV);
  code.push(...get(L.vi), ...splat(5), ...F32X4_DIV, ...F32X4_SQRT, ...splat(6), ...F32X4_ADD, ...F32X4_DIV);
  code.push(...splat(7), ...F32X4_MUL, ...at(P.p), ...V128_LOAD, ...F32X4_ADD, ...V128_STORE);
  code.push(...get(L.i), op.i32Const, ...sleb(16), op.i32Add, ...set(L.i), op.br, 0, op.end, op.end, op.end);
  const locals = vec([
    [...uleb(4), I32],
    [...uleb(3), V128],
    [...uleb(8), V128],
  ]);
  return [...locals, ...code];
}

function adamModuleBytes(): Uint8Array {
  const params = [I32, I32, I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32, F32];
  const type = section(1, vec([[0x60, ...vec(params.map((t) => [t])), 0]]));
  // import env.memory: shared, min 1 page, max 65536 pages (any memory the caller makes fits)
  const imports = section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x03, ...uleb(1), ...uleb(65536)]]));
  const funcs = section(3, vec([[0]]));
  const exports = section(7, vec([[...str('adam'), 0x00, 0]]));
  const body = adamBody();
  const code = section(10, vec([[...uleb(body.length), ...body]]));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0, 0, 0, ...type, ...imports, ...funcs, ...exports, ...code]);
}

let compiled: WebAssembly.Module | null | undefined;
/** The compiled module (null where WebAssembly SIMD or shared memory is missing). */
export function adamModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(adamModuleBytes());
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** A shared memory of at least `bytes` bytes that the kernel (and every thread given it) can work on. */
export function sharedMemory(bytes: number): WebAssembly.Memory {
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}

/**
 * The fastest kernel for `memory`: the SIMD module, or the JS loop where it cannot run. The SIMD kernel
 * needs `from`, `to`, every offset and the stride to be multiples of 4 floats (16 bytes).
 */
export function adamKernel(memory: WebAssembly.Memory, module = adamModule()): { kernel: AdamKernel; simd: boolean } {
  if (module) {
    try {
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      const adam = instance.exports.adam as (...args: number[]) => void;
      const kernel: AdamKernel = (b, from, to, c) =>
        adam(
          b.params,
          b.m,
          b.v,
          b.grads,
          b.gradStride,
          b.shards,
          from,
          to,
          c.beta1,
          c.beta2,
          c.oneMinusBeta1,
          c.oneMinusBeta2,
          c.oneMinusAccBeta1,
          c.oneMinusAccBeta2,
          c.epsilon,
          c.negLearningRate,
        );
      return { kernel, simd: true };
    } catch {
      // fall through to JS
    }
  }
  return { kernel: adamJs(memory.buffer), simd: false };
}
