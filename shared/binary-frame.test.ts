import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, hasBinary, MAX_BODIES } from './binary-frame';

/** A frame with a hand-written header and the given body bytes (for frames the encoder would never make). */
function frame(header: string, bodyBytes = 0): Uint8Array {
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(((8 + h.length + 3) & ~3) + bodyBytes);
  out.set([0x49, 0x4e, 0x42, 0x31]);
  new DataView(out.buffer).setUint32(4, h.length, true);
  out.set(h, 8);
  return out;
}

function error(bytes: Uint8Array): string {
  const r = decodeFrame(bytes);
  if (!('error' in r)) throw new Error('decoded a bad frame');
  return r.error;
}

describe('binary frames', () => {
  it('round-trips a message with nested typed arrays, bit for bit, and keeps the rest as JSON', () => {
    const image = Float32Array.from({ length: 784 }, (_, i) => Math.fround(i / 783));
    const mask = Uint8Array.from({ length: 784 }, (_, i) => i & 1);
    const odd = Uint8Array.from([1, 2, 3]); // a length that needs padding before the next body
    const msg = { id: 4, ok: true, result: { results: [{ image, probs: [0.1, 0.9] }, { image: null }], odd, mask } };
    const bytes = encodeFrame(msg);
    expect(bytes.length % 4).toBe(0);
    const r = decodeFrame(bytes);
    expect(r).toEqual({ message: msg });
    if ('message' in r) {
      const back = r.message as typeof msg;
      expect(back.result.results[0].image).toBeInstanceOf(Float32Array);
      expect(back.result.mask).toBeInstanceOf(Uint8Array);
    }
  });

  it('decodes a frame that sits at an odd offset of a larger buffer (Node pools small buffers)', () => {
    const bytes = encodeFrame({ image: Float32Array.from([0.25, 0.5]) });
    const pooled = new Uint8Array(bytes.length + 3);
    pooled.set(bytes, 3);
    expect(decodeFrame(pooled.subarray(3))).toEqual({ message: { image: Float32Array.from([0.25, 0.5]) } });
  });

  it('finds typed arrays anywhere in a message', () => {
    expect(hasBinary({ a: [{ b: new Uint8Array(1) }] })).toBe(true);
    expect(hasBinary({ a: [1, 2, 3], b: 'x', c: null })).toBe(false);
  });

  it('rejects every strict prefix of a valid frame, and any extra bytes', () => {
    const bytes = encodeFrame({ id: 1, image: new Float32Array(5), mask: new Uint8Array(7) });
    for (let n = 0; n < bytes.length; n++) expect(error(bytes.subarray(0, n))).toMatch(/^malformed binary message: /);
    expect(error(Uint8Array.from([...bytes, 0, 0, 0, 0]))).toMatch(/does not match its bodies/);
  });

  it('rejects a wrong magic, an absurd header length, a header that is not JSON or not UTF-8', () => {
    const good = encodeFrame({ a: new Uint8Array(1) });
    const magic = Uint8Array.from(good);
    magic[0] = 0x7b;
    expect(error(magic)).toMatch(/magic/);
    const absurd = Uint8Array.from(good);
    new DataView(absurd.buffer).setUint32(4, 0xffffffff, true);
    expect(error(absurd)).toMatch(/header claims 4294967295 bytes/);
    expect(error(frame('{"m":'))).toMatch(/header is not JSON/);
    const latin = frame('{"m":"xx","b":[]}');
    latin[14] = 0xff;
    expect(error(latin)).toMatch(/header is not JSON/);
    expect(error(frame('[1,2]'))).toMatch(/header is not an object/);
  });

  it('rejects a bad body table and bad references', () => {
    expect(error(frame('{"m":1,"b":"x"}'))).toMatch(/body table is not a list/);
    expect(error(frame('{"m":1,"b":[["f64",1]]}', 8))).toMatch(/not f32 or u8/);
    expect(error(frame('{"m":1,"b":[["u8",-1]]}'))).toMatch(/length is invalid/);
    expect(error(frame('{"m":1,"b":[["u8",1.5]]}'))).toMatch(/length is invalid/);
    expect(error(frame(`{"m":1,"b":${JSON.stringify(Array(MAX_BODIES + 1).fill(['u8', 0]))}}`))).toMatch(/more than/);
    expect(error(frame('{"m":{"$bin":1},"b":[["u8",4]]}', 4))).toMatch(/refers to a body it does not have/);
    expect(error(frame('{"m":{"$bin":0,"x":1},"b":[["u8",4]]}', 4))).toMatch(/refers to a body it does not have/);
    expect(error(frame('{"m":[{"$bin":0},{"$bin":0}],"b":[["u8",4]]}', 4))).toMatch(/refers to a body twice/);
    expect(error(frame('{"m":1,"b":[["u8",4]]}', 4))).toMatch(/a body nothing refers to/);
    expect(error(frame(`{"m":${'['.repeat(100)}${']'.repeat(100)},"b":[]}`))).toMatch(/nested too deeply/);
  });

  it('never throws on random bytes, with or without the magic', () => {
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) & 255;
    for (let k = 0; k < 500; k++) {
      const bytes = Uint8Array.from({ length: rand() * 4 }, rand);
      if (k % 2) bytes.set([0x49, 0x4e, 0x42, 0x31].slice(0, bytes.length));
      expect(() => decodeFrame(bytes)).not.toThrow();
    }
  });
});
