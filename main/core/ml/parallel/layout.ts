// Where everything lives in the one shared memory of a data-parallel run: a few control words (the
// barrier), the flat parameters, Adam's two moments, one gradient buffer per shard and one small
// statistics vector per shard. Every block starts on 16 bytes and holds a multiple of 4 floats, so the
// SIMD kernel and the per-thread slices never straddle anything.

export const CONTROL_INTS = 16;
export const MAX_STATS = 16;

export interface Layout {
  /** Real parameters (the sum of the variables' sizes). */
  paramCount: number;
  /** paramCount rounded up to 4: the padding never receives a gradient, so it stays 0. */
  padded: number;
  shards: number;
  params: number;
  m: number;
  v: number;
  grads: number;
  gradStride: number;
  stats: number;
  bytes: number;
}

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

export function makeLayout(paramCount: number, shards: number): Layout {
  const padded = roundUp(Math.max(paramCount, 1), 4);
  const block = padded * 4;
  const params = CONTROL_INTS * 4;
  const m = params + block;
  const v = m + block;
  const grads = v + block;
  const stats = grads + shards * block;
  return {
    paramCount,
    padded,
    shards,
    params,
    m,
    v,
    grads,
    gradStride: block,
    stats,
    bytes: stats + shards * MAX_STATS * 4,
  };
}

/** Rows [from, to) of a batch of `rows` that shard `index` of `shards` computes (sizes differ by ≤ 1). */
export function shardRows(rows: number, shards: number, index: number): [number, number] {
  return [Math.floor((rows * index) / shards), Math.floor((rows * (index + 1)) / shards)];
}

/** Parameters [from, to) that shard `index` updates: contiguous, multiples of 4 floats. */
export function paramSlice(layout: Layout, index: number): [number, number] {
  const groups = layout.padded / 4;
  const [a, b] = shardRows(groups, layout.shards, index);
  return [a * 4, b * 4];
}
