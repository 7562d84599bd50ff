// Binary WebSocket frames for messages that carry pixels (the browser host's inpaint requests and answers):
// the message as JSON with every Float32Array / Uint8Array in it replaced by a reference, followed by the
// arrays' raw bytes. No number-array ↔ text conversion on either side; control messages stay JSON text.
//
// Layout (offsets in bytes; integers little-endian):
//   0   4  magic "INB1"
//   4   4  H, the header's length
//   8   H  UTF-8 JSON {"m": message, "b": [["f32" | "u8", length], …]}; in `m` each array is {"$bin": k}
//   …      body k, for k = 0, 1, …: length × 4 bytes (f32) or length bytes (u8), each starting on a
//          multiple of 4 (zero padding before it); the frame's length is the last body's end rounded up to 4.
// Bodies are in the platform's byte order: little-endian wherever Electron and Chromium run.
// Decoding never trusts the frame: every length, type, offset and reference is checked, and a bad frame is a
// one-line error, never an exception.

// Every runtime that loads shared/ has these (browsers, Node, Electron's preload); shared/ has no DOM or Node
// types, so they are named here.
declare const TextEncoder: new () => { encode(text: string): Uint8Array };
declare const TextDecoder: new (label: string, opts: { fatal: boolean }) => { decode(bytes: Uint8Array): string };

const MAGIC = [0x49, 0x4e, 0x42, 0x31]; // "INB1"
const PREFIX = 8;
/** The JSON header of a frame: far more than any message needs, so a garbage length is refused at once. */
export const MAX_HEADER_BYTES = 64 * 1024;
/** Typed arrays in one frame (an inpaint answer with details carries a few hundred images at most). */
export const MAX_BODIES = 4096;
const MAX_DEPTH = 32;

type BodyType = 'f32' | 'u8';
const BYTES: Record<BodyType, number> = { f32: 4, u8: 1 };

export type Frame = { message: unknown } | { error: string };

const align4 = (n: number) => (n + 3) & ~3;

function isBinary(v: unknown): v is Float32Array | Uint8Array {
  return v instanceof Float32Array || v instanceof Uint8Array;
}

/** True when `message` holds a Float32Array or Uint8Array anywhere (then it goes as a binary frame). */
export function hasBinary(message: unknown, depth = 0): boolean {
  if (isBinary(message)) return true;
  if (depth > MAX_DEPTH || typeof message !== 'object' || message === null) return false;
  const values = Array.isArray(message) ? message : Object.values(message);
  return values.some((v) => hasBinary(v, depth + 1));
}

/** The frame of a message whose typed arrays become bodies (our own messages: trusted, not size-checked). */
export function encodeFrame(message: unknown): Uint8Array<ArrayBuffer> {
  const bodies: (Float32Array | Uint8Array)[] = [];
  const replaced = JSON.stringify(message, function (this: unknown, _key, value: unknown) {
    if (!isBinary(value)) return value;
    bodies.push(value);
    return { $bin: bodies.length - 1 };
  });
  const table = bodies.map((b) => [b instanceof Float32Array ? 'f32' : 'u8', b.length]);
  const header = new TextEncoder().encode(`{"m":${replaced ?? 'null'},"b":${JSON.stringify(table)}}`);
  let size = align4(PREFIX + header.length);
  const offsets = bodies.map((b) => {
    const at = size;
    size = align4(at + b.byteLength);
    return at;
  });
  const out = new Uint8Array(size);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, PREFIX);
  bodies.forEach((b, k) => out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), offsets[k]));
  return out;
}

function readTable(raw: unknown): { type: BodyType; length: number }[] | string {
  if (!Array.isArray(raw)) return 'its body table is not a list';
  if (raw.length > MAX_BODIES) return `it has more than ${MAX_BODIES} bodies`;
  const table: { type: BodyType; length: number }[] = [];
  for (const entry of raw) {
    if (!Array.isArray(entry) || entry.length !== 2) return 'a body entry is not [type, length]';
    const [type, length] = entry as unknown[];
    if (type !== 'f32' && type !== 'u8') return 'a body type is not f32 or u8';
    if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) return 'a body length is invalid';
    table.push({ type, length });
  }
  return table;
}

/** Replaces each {"$bin": k} in `value` by body k; each body is used exactly once. */
function resolve(value: unknown, bodies: (Float32Array | Uint8Array)[], used: boolean[], depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) throw new FrameError('it is nested too deeply');
  if (Array.isArray(value)) return value.map((v) => resolve(v, bodies, used, depth + 1));
  const keys = Object.keys(value);
  if (keys.includes('$bin')) {
    const k = (value as { $bin: unknown }).$bin;
    if (keys.length !== 1 || typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k >= bodies.length)
      throw new FrameError('it refers to a body it does not have');
    if (used[k]) throw new FrameError('it refers to a body twice');
    used[k] = true;
    return bodies[k];
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = resolve((value as Record<string, unknown>)[key], bodies, used, depth + 1);
  return out;
}

class FrameError extends Error {}

/** The message of a binary frame with its typed arrays in place, or what is wrong with the frame. */
export function decodeFrame(bytes: Uint8Array): Frame {
  const bad = (why: string): Frame => ({ error: `malformed binary message: ${why}` });
  if (bytes.length < PREFIX) return bad(`it is ${bytes.length} bytes, shorter than its ${PREFIX}-byte prefix`);
  if (MAGIC.some((m, i) => bytes[i] !== m)) return bad('it does not start with the INB1 magic');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (headerLength > MAX_HEADER_BYTES)
    return bad(`its header claims ${headerLength} bytes (at most ${MAX_HEADER_BYTES})`);
  if (PREFIX + headerLength > bytes.length) return bad('it is truncated inside its header');
  let header: { m?: unknown; b?: unknown };
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREFIX, PREFIX + headerLength)),
    );
  } catch {
    return bad('its header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return bad('its header is not an object');
  const table = readTable(header.b);
  if (typeof table === 'string') return bad(table);
  let at = align4(PREFIX + headerLength);
  const bodies: (Float32Array | Uint8Array)[] = [];
  for (const { type, length } of table) {
    const end = at + length * BYTES[type];
    if (end > bytes.length) return bad(`it is truncated (a body ends at byte ${end} of ${bytes.length})`);
    // A copy: the frame's buffer may be shared (Node pools small buffers) and need not be 4-byte aligned.
    // (Not bytes.slice: on a Node Buffer that is a view, not a copy.)
    const copy = new Uint8Array(bytes.subarray(at, end));
    bodies.push(type === 'f32' ? new Float32Array(copy.buffer, 0, length) : copy);
    at = align4(end);
  }
  if (at !== bytes.length) return bad(`its length (${bytes.length} bytes) does not match its bodies (${at})`);
  const used = bodies.map(() => false);
  try {
    const message = resolve(header.m, bodies, used, 0);
    if (used.some((u) => !u)) return bad('it has a body nothing refers to');
    return { message };
  } catch (err) {
    return bad(err instanceof FrameError ? err.message : 'its header cannot be read');
  }
}
