// gzip in and out with a hard cap on the inflated size, so a tiny "gzip bomb" cannot exhaust memory.
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

const gunzipAsync = promisify(zlib.gunzip);
const gzipAsync = promisify(zlib.gzip);

/** True when the bytes start with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export class GzipError extends Error {}

/**
 * Inflate a gzip stream, stopping as soon as the output passes `maxBytes`
 * (zlib's maxOutputLength aborts mid-stream, so nothing past the cap is ever held).
 */
export async function gunzipCapped(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  try {
    const out = await gunzipAsync(bytes, { maxOutputLength: maxBytes });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new GzipError(
        `gzip data inflates past the ${formatBytes(maxBytes)} limit (possible gzip bomb); refusing to read it`,
      );
    }
    throw new GzipError(`corrupt gzip stream: ${e.message}`);
  }
}

export async function gzipBytes(bytes: Uint8Array): Promise<Uint8Array> {
  const out = await gzipAsync(bytes);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

export function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} bytes`;
}
