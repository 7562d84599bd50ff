// The command line end to end, as a user runs it: the built out/main/cli.js on a small dataset folder.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIdxFile, writeIdxFile } from '../core/ml/data/idx';
import { SIDE } from '../../shared/image';
import { centerGrayMasks } from '../core/ml/data/protocol';
import { mnistSubset } from '../core/ml/test-fixtures';
import { smallMnistDir } from '../core/jobs/test-workers/small-dataset';

const CLI = resolve('out/main/cli.js');
const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the command line', () => {
  let dir = '';
  let digits = '';
  let env: NodeJS.ProcessEnv = {};
  const cli = async (...args: string[]): Promise<Result> => {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env, timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('out/main/cli.js is missing: run `npm run build` first (npm test does)');
    dir = await mkdtemp(join(tmpdir(), 'inpaint-cli-'));
    digits = await smallMnistDir(600, 50);
    // A fresh store without built-ins, on the small dataset: the PCA is fitted once and reused.
    env = {
      ...process.env,
      INPAINT_DATA_DIR: join(dir, 'store'),
      INPAINT_DATASET_DIR: digits,
      INPAINT_BUILTIN_DIR: join(dir, 'no-builtins'),
    };
    const test = await mnistSubset('test', 5);
    await writeIdxFile(join(dir, 'images.idx'), { type: 'uint8', dims: [5, SIDE, SIDE], data: test.images });
    await writeIdxFile(join(dir, 'masks.idx.gz'), {
      type: 'uint8',
      dims: [5, SIDE, SIDE],
      data: centerGrayMasks(7, [0, 1, 2, 3, 4]),
    });
    await writeIdxFile(join(dir, 'images-f32.idx'), {
      type: 'float32',
      dims: [5, 784],
      data: Float32Array.from(test.images, (v) => v / 255),
    });
    await writeIdxFile(join(dir, 'masks-f32.idx'), {
      type: 'uint8',
      dims: [5, 784],
      data: centerGrayMasks(7, [0, 1, 2, 3, 4]),
    });
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(digits, { recursive: true, force: true });
  });

  it('inpaints uint8 IDX images with pca: same shape and type, known pixels unchanged, gap filled', async () => {
    const r = await cli(
      'inpaint',
      '--images',
      join(dir, 'images.idx'),
      '--masks',
      join(dir, 'masks.idx.gz'),
      '--method',
      'pca',
      '--d',
      '20',
      '--out',
      join(dir, 'out.idx'),
    );
    expect(r.code, r.stderr).toBe(0);
    const input = await readIdxFile(join(dir, 'images.idx'));
    const masks = await readIdxFile(join(dir, 'masks.idx.gz'));
    const out = await readIdxFile(join(dir, 'out.idx'));
    expect(out.type).toBe('uint8');
    expect(out.dims).toEqual([5, SIDE, SIDE]);
    let changedMissing = 0;
    for (let i = 0; i < out.data.length; i++) {
      if (!masks.data[i]) expect(out.data[i]).toBe(input.data[i]);
      else if (out.data[i] !== 128) changedMissing++;
    }
    expect(changedMissing).toBeGreaterThan(100); // the patch is no longer flat gray
  }, 120_000);

  it('inpaints float32 [n,784] images with pca-masked, reusing the saved PCA', async () => {
    const r = await cli(
      'inpaint',
      '--images',
      join(dir, 'images-f32.idx'),
      '--masks',
      join(dir, 'masks-f32.idx'),
      '--method',
      'pca-masked',
      '--out',
      join(dir, 'out-f32.idx.gz'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/fitting PCA/);
    const input = await readIdxFile(join(dir, 'images-f32.idx'));
    const masks = await readIdxFile(join(dir, 'masks-f32.idx'));
    const out = await readIdxFile(join(dir, 'out-f32.idx.gz'));
    expect(out.type).toBe('float32');
    expect(out.dims).toEqual([5, 784]);
    for (let i = 0; i < out.data.length; i++) if (!masks.data[i]) expect(out.data[i]).toBe(input.data[i]);
  }, 120_000);

  it('rejects an unknown method with a clear one-line message and a non-zero exit', async () => {
    const r = await cli(
      'inpaint',
      '--images',
      join(dir, 'images.idx'),
      '--masks',
      join(dir, 'masks.idx.gz'),
      '--method',
      'magic',
      '--out',
      join(dir, 'x.idx'),
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe(
      'error: unknown method "magic"; known: pca, pca-masked, generator, regressor, mdn, crbm',
    );
  });

  it('rejects a missing file and a corrupt file without a stack trace', async () => {
    const missing = await cli(
      'inpaint',
      '--images',
      join(dir, 'nope.idx'),
      '--masks',
      join(dir, 'masks.idx.gz'),
      '--method',
      'pca',
      '--out',
      join(dir, 'x.idx'),
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/^error: .*nope\.idx/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    await writeFile(join(dir, 'bad.idx'), Buffer.from([1, 2, 3, 4, 5]));
    const bad = await cli(
      'inpaint',
      '--images',
      join(dir, 'bad.idx'),
      '--masks',
      join(dir, 'masks.idx.gz'),
      '--method',
      'pca',
      '--out',
      join(dir, 'x.idx'),
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/^error: images file .*bad\.idx/);
  });

  it('rejects masks whose shape differs from the images', async () => {
    const r = await cli(
      'inpaint',
      '--images',
      join(dir, 'images.idx'),
      '--masks',
      join(dir, 'masks-f32.idx'),
      '--method',
      'pca',
      '--out',
      join(dir, 'x.idx'),
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/masks shape 5×784 does not match images shape 5×28×28/);
  });

  // Issue 13, defects 2–5: a bad --out or bad pixels are refused in one line, before any work, inputs untouched.
  const inpaintTo = (out: string, images = join(dir, 'images.idx'), masks = join(dir, 'masks.idx.gz')) =>
    cli('inpaint', '--images', images, '--masks', masks, '--method', 'pca', '--out', out);
  const refusedInOneLine = (r: Result, message: RegExp) => {
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/inpainted|\bat \S+:\d+/); // no work done, no stack trace
  };

  it('refuses --out equal to an input and leaves the input untouched', async () => {
    const masks = join(dir, 'masks.idx.gz');
    const before = await readFile(masks);
    refusedInOneLine(await inpaintTo(masks), /is the --masks file/);
    refusedInOneLine(await inpaintTo(join(dir, '.', 'images.idx')), /is the --images file/);
    expect(Buffer.compare(await readFile(masks), before)).toBe(0);
  });

  it('refuses special files and symlinks as --out: a pipe stays a pipe', async () => {
    // A FIFO of our own stands for /dev/null: were the check gone, a test run as root must not replace the device.
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    refusedInOneLine(await inpaintTo(fifo), /not a regular file/);
    expect((await stat(fifo)).isFIFO()).toBe(true);
    await symlink(join(dir, 'target.idx'), join(dir, 'link.idx'));
    refusedInOneLine(await inpaintTo(join(dir, 'link.idx')), /symbolic link/);
    expect((await lstat(join(dir, 'link.idx'))).isSymbolicLink()).toBe(true);
  });

  it('refuses a missing folder or a folder as --out with one line', async () => {
    refusedInOneLine(await inpaintTo(join(dir, 'missing', 'out.idx')), /folder .*missing does not exist/);
    refusedInOneLine(await inpaintTo(dir), /is a folder/);
  });

  it('refuses NaN, infinite and out-of-range float32 pixels, naming the first bad one', async () => {
    const test = await mnistSubset('test', 5);
    const f32 = Float32Array.from(test.images, (v) => v / 255);
    for (const [value, shown] of [
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [-500, '-500'],
      [500, '500'],
    ] as const) {
      const bad = f32.slice();
      bad[784 + 28 * 3 + 4] = value; // image 1, row 3, col 4
      bad[784 * 4] = value; // a later one is not the first
      await writeIdxFile(join(dir, 'bad-f32.idx'), { type: 'float32', dims: [5, 784], data: bad });
      const masksF32 = join(dir, 'masks-784.idx');
      await writeIdxFile(masksF32, { type: 'uint8', dims: [5, 784], data: centerGrayMasks(7, [0, 1, 2, 3, 4]) });
      const r = await inpaintTo(join(dir, 'o.idx'), join(dir, 'bad-f32.idx'), masksF32);
      refusedInOneLine(r, new RegExp(`images value ${shown} at index 872 \\(image 1, row 3, col 4\\)`));
    }
  });

  it('refuses masks holding values other than 0 and 1 (2, 255), naming the first', async () => {
    const masks = centerGrayMasks(7, [0, 1, 2, 3, 4]);
    masks[2 * 784 + 28 * 5 + 6] = 255;
    await writeIdxFile(join(dir, 'masks-255.idx'), { type: 'uint8', dims: [5, SIDE, SIDE], data: masks });
    const r = await inpaintTo(join(dir, 'o.idx'), join(dir, 'images.idx'), join(dir, 'masks-255.idx'));
    refusedInOneLine(r, /masks value 255 at index 1714 \(image 2, row 5, col 6\)/);
  });

  it('evaluates pca and pca-masked: a table with the floor and one row per method and d', async () => {
    const r = await cli('eval', '--n', '40', '--methods', 'pca,pca-masked', '--d', '5,50');
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^(pca|gray)/.test(l));
    expect(rows.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'gray patch',
      'pca 5',
      'pca 50',
      'pca-masked 5',
      'pca-masked 50',
    ]);
    // gappy PCA fills the gap better than leaving it gray: its MSE column is lower than the floor's
    const mse = (line: string) => Number(line.trim().split(/\s+/).at(-4));
    const floor = mse(rows[0]);
    expect(mse(rows[4])).toBeLessThan(floor);
  }, 120_000);

  it('refuses an eval judge that is not a classifier in the store, in one line', async () => {
    const r = await cli('eval', '--n', '10', '--methods', 'pca', '--judge', 'nosuch');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no classifier model named "nosuch"/);
    expect(r.stderr).not.toMatch(/\bat \S+:\d+/);
  }, 120_000);

  it('runs the same commands through the package bin', async () => {
    const { stdout } = await run(process.execPath, [resolve('bin/inpaint-studio.js'), 'models', '--json'], { env });
    expect(JSON.parse(stdout).models.map((m: { kind: string }) => m.kind)).toEqual(['pca']);
  });

  it('lists the store, with the PCA the CLI fitted', async () => {
    const r = await cli('models', '--json');
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.models.map((m: { kind: string }) => m.kind)).toEqual(['pca']);
  });
  it.each([
    ['mdn', ['--components', '3'], ['--rule', '1']],
    ['crbm', ['--hidden', '16', '--gibbs', '1', '--biases', '1', '--persistent', '1'], ['--steps', '3']],
  ])(
    'trains a tiny %s and inpaints with it: known pixels unchanged',
    async (kind, trainArgs, inpaintArgs) => {
      const t = await cli('train', '--kind', kind, '--subset', '64', '--epochs', '1', '--batch', '32', ...trainArgs);
      expect(t.code, t.stderr).toBe(0);
      expect(t.stdout).toContain(`saved ${kind} model`);
      const out = join(dir, `out-${kind}.idx`);
      const args = ['--images', join(dir, 'images.idx'), '--masks', join(dir, 'masks.idx.gz'), '--out', out];
      const r = await cli('inpaint', ...args, '--method', kind, ...inpaintArgs);
      expect(r.code, r.stderr).toBe(0);
      const input = await readIdxFile(join(dir, 'images.idx'));
      const masks = await readIdxFile(join(dir, 'masks.idx.gz'));
      const result = await readIdxFile(out);
      for (let i = 0; i < result.data.length; i++) if (!masks.data[i]) expect(result.data[i]).toBe(input.data[i]);
    },
    120_000,
  );
});
