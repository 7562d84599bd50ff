// Bounds on a model's metadata (issue 13, defect 7). Metadata is free-form JSON from the trainer or from
// an imported bundle; unbounded, a 378 KB bundle nested deep became a 422 MB pretty-printed meta.json
// and a 2-million-point loss curve made modelDetails 101 MB. On save and import: curves are downsampled
// as the trainer does, then depth and size are capped (refused with a reason). On read: a meta.json
// past any size this app writes is not parsed, and details never carry more than the capped curve.
import { StoreError } from './errors';

/** Points kept of any curve (the trainer records ≤ 400). */
export const MAX_CURVE_POINTS = 1000;
/** Nesting depth of metadata objects and arrays. */
export const MAX_METADATA_DEPTH = 8;
/** Compact JSON bytes of the metadata after downsampling. */
export const MAX_METADATA_BYTES = 256 * 1024;
/** A meta.json larger than this was not written by this app's bounds: report it, never parse it. */
export const MAX_META_FILE_BYTES = 4 * 1024 * 1024;

/** Evenly spaced points, the last one always kept. */
export function downsample<T>(points: readonly T[], max = MAX_CURVE_POINTS): T[] {
  if (points.length <= max) return points.slice();
  const out: T[] = [];
  const stride = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * stride)]);
  return out;
}

/** Depth of nesting, stopping as soon as it passes `limit` (so a 10,000-deep value costs nothing). */
function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (d >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

/** Top-level array-valued entries named like curves are downsampled. */
function withCurvesDownsampled(metadata: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata)) out[k] = Array.isArray(v) && /curve/i.test(k) ? downsample(v) : v;
  return out;
}

/** The metadata to store: a JSON copy with curves downsampled; throws StoreError past the caps. */
export function boundMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const thinned = withCurvesDownsampled(metadata);
  // The metadata object itself is level 1.
  if (deeperThan(thinned, MAX_METADATA_DEPTH))
    throw new StoreError(`model metadata nests deeper than ${MAX_METADATA_DEPTH} levels`);
  let json: string;
  try {
    json = JSON.stringify(thinned);
  } catch (err) {
    throw new StoreError(`model metadata cannot be saved as JSON: ${(err as Error).message}`);
  }
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_METADATA_BYTES)
    throw new StoreError(`model metadata is ${bytes} bytes; at most ${MAX_METADATA_BYTES} are allowed`);
  return JSON.parse(json) as Record<string, unknown>;
}

/** What modelDetails shows of stored metadata (also of models stored before the bounds). */
export function metadataForDetails(metadata: Record<string, unknown>): Record<string, unknown> {
  const thinned = withCurvesDownsampled(metadata);
  if (deeperThan(thinned, MAX_METADATA_DEPTH))
    return { omitted: `the metadata nests deeper than ${MAX_METADATA_DEPTH} levels` };
  const bytes = Buffer.byteLength(JSON.stringify(thinned));
  if (bytes > MAX_METADATA_BYTES) return { omitted: `the metadata is ${bytes} bytes, too large to show` };
  return thinned;
}
