// IDX files (the MNIST format): big-endian header 00 00 type ndims, one uint32 per dimension, then data.
// Every malformed file is rejected with a specific message (RELIABILITY.md items 7–8).
import { open, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { formatBytes, gunzipCapped, gzipBytes, isGzip } from './gzip';

export type IdxType = 'uint8' | 'float32';
export interface IdxArray {
  type: IdxType;
  dims: number[];
  data: Uint8Array | Float32Array;
}

export class IdxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdxError';
  }
}

const TYPE_CODES: Record<number, IdxType> = { 0x08: 'uint8', 0x0d: 'float32' };
const CODE_OF: Record<IdxType, number> = { uint8: 0x08, float32: 0x0d };
const ELEMENT_BYTES: Record<IdxType, number> = { uint8: 1, float32: 4 };
/** Our files hold images, labels, masks and batches: 1 to 4 dimensions. */
export const MAX_IDX_DIMS = 4;
/** Largest data section we accept (a 60k×28×28 float32 batch is 188 MB). */
export const MAX_IDX_DATA_BYTES = 1 << 30;
/** Default cap on bytes read from disk and on a gzip file's inflated size. */
export const DEFAULT_MAX_FILE_BYTES = 512 * (1 << 20);

/** Parse an IDX file's bytes; float32 data is converted from big-endian to native order. */
export function parseIdx(bytes: Uint8Array): IdxArray {
  if (bytes.length < 4)
    throw new IdxError(`IDX file too short: ${bytes.length} bytes, the header alone needs at least 4`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxError(
      `not an IDX file: the magic number must start with 00 00, got ${hex(bytes[0])} ${hex(bytes[1])}`,
    );
  }
  const type = TYPE_CODES[bytes[2]];
  if (!type)
    throw new IdxError(`unsupported IDX type code 0x${hex(bytes[2])} (only 0x08 uint8 and 0x0D float32 are supported)`);
  const ndims = bytes[3];
  if (ndims < 1 || ndims > MAX_IDX_DIMS)
    throw new IdxError(`unsupported IDX dimension count ${ndims} (expected 1 to ${MAX_IDX_DIMS})`);
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new IdxError(
      `truncated IDX header: ${ndims} dimensions need ${headerBytes} header bytes, the file has ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const count = checkDims(dims, type);
  const dataBytes = count * ELEMENT_BYTES[type];
  const actual = bytes.length - headerBytes;
  if (actual < dataBytes) {
    throw new IdxError(
      `truncated IDX data: shape ${dims.join('×')} ${type} needs ${dataBytes} data bytes, the file has ${actual}`,
    );
  }
  if (actual > dataBytes) {
    throw new IdxError(
      `IDX file length does not match its shape: ${dims.join('×')} ${type} needs ${dataBytes} data bytes, ` +
        `the file has ${actual} (${actual - dataBytes} extra)`,
    );
  }
  if (type === 'uint8') return { type, dims, data: bytes.slice(headerBytes) };
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat32(headerBytes + 4 * i, false);
  return { type, dims, data };
}

/** Encode to IDX bytes (big-endian). Throws IdxError when shape, type and data disagree. */
export function encodeIdx(arr: IdxArray): Uint8Array {
  const { type, dims, data } = arr;
  if (!(type in CODE_OF)) throw new IdxError(`unsupported IDX type "${String(type)}" (expected uint8 or float32)`);
  if (dims.length < 1 || dims.length > MAX_IDX_DIMS) {
    throw new IdxError(`unsupported IDX dimension count ${dims.length} (expected 1 to ${MAX_IDX_DIMS})`);
  }
  const count = checkDims(dims, type);
  const expectedClass = type === 'uint8' ? Uint8Array : Float32Array;
  if (!(data instanceof expectedClass))
    throw new IdxError(`IDX type ${type} needs a ${expectedClass.name}, got ${data.constructor.name}`);
  if (data.length !== count)
    throw new IdxError(`IDX shape ${dims.join('×')} needs ${count} values, got ${data.length}`);
  const headerBytes = 4 + 4 * dims.length;
  const out = new Uint8Array(headerBytes + count * ELEMENT_BYTES[type]);
  const view = new DataView(out.buffer);
  out[2] = CODE_OF[type];
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  if (type === 'uint8') out.set(data, headerBytes);
  else for (let i = 0; i < count; i++) view.setFloat32(headerBytes + 4 * i, data[i], false);
  return out;
}

/** Read a plain or gzipped (detected by its magic 1f 8b) IDX file; never holds more than maxBytes. */
export async function readIdxFile(path: string, opts: { maxBytes?: number } = {}): Promise<IdxArray> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  let raw: Uint8Array;
  try {
    const size = (await stat(path)).size;
    if (size > maxBytes)
      throw new IdxError(`${path}: file is ${formatBytes(size)}, above the ${formatBytes(maxBytes)} limit`);
    raw = await readAll(path, size);
  } catch (err) {
    if (err instanceof IdxError) throw err;
    throw new IdxError(`cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    const bytes = isGzip(raw) ? await gunzipCapped(raw, maxBytes) : raw;
    return parseIdx(bytes);
  } catch (err) {
    throw new IdxError(`${path}: ${(err as Error).message}`);
  }
}

/** Write an IDX file, gzipped when the path ends in .gz; via a temp file + rename so no half file is left. */
export async function writeIdxFile(path: string, arr: IdxArray): Promise<void> {
  const encoded = encodeIdx(arr);
  const bytes = path.toLowerCase().endsWith('.gz') ? await gzipBytes(encoded) : encoded;
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** Validates dimensions; returns the element count. */
function checkDims(dims: number[], type: IdxType): number {
  let count = 1;
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i];
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) throw new IdxError(`IDX dimension ${i} is not a uint32: ${d}`);
    if (d === 0) throw new IdxError(`IDX dimension ${i} is zero (shape ${dims.join('×')}): the file holds no data`);
    count *= d;
    if (!Number.isSafeInteger(count)) throw new IdxError(`IDX dimension product overflows (shape ${dims.join('×')})`);
  }
  const bytes = count * ELEMENT_BYTES[type];
  if (bytes > MAX_IDX_DATA_BYTES) {
    throw new IdxError(
      `absurd IDX size: shape ${dims.join('×')} ${type} would need ${formatBytes(bytes)}, ` +
        `above the ${formatBytes(MAX_IDX_DATA_BYTES)} limit`,
    );
  }
  return count;
}

async function readAll(path: string, size: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buf = new Uint8Array(size);
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(buf, offset, size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return offset === size ? buf : buf.subarray(0, offset);
  } finally {
    await handle.close();
  }
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0').toUpperCase();
}
