// Issue 13, defects 2–4: a bad --out is refused, with one line, before any work and without touching anything.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, link, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from './errors';
import { checkOutputPath } from './output-path';

let dir: string;
let images: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inpaint-out-'));
  images = join(dir, 'images.idx');
  await writeFile(images, 'IMAGES');
});
afterEach(async () => {
  await chmod(join(dir, 'locked'), 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const inputs = () => [{ option: 'images', path: images }];
async function refused(out: string, message: RegExp): Promise<void> {
  const err = await checkOutputPath(out, inputs()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CliError);
  expect((err as Error).message).toMatch(message);
  expect((err as Error).message).not.toContain('\n');
}

describe('checkOutputPath', () => {
  it('accepts a new file in a writable folder and an existing regular file, leaving nothing behind', async () => {
    await checkOutputPath(join(dir, 'new.idx'), inputs());
    await writeFile(join(dir, 'old.idx'), 'OLD');
    await checkOutputPath(join(dir, 'old.idx'), inputs());
    expect((await readFile(join(dir, 'old.idx'))).toString()).toBe('OLD');
    await expect(stat(join(dir, 'new.idx'))).rejects.toThrow();
  });

  it('refuses special files: /dev/null and /dev/stdout are not replaced', async () => {
    await refused('/dev/null', /not a regular file|symbolic link/);
    await refused('/dev/stdout', /symbolic link|not a regular file/);
    expect((await stat('/dev/null')).isCharacterDevice()).toBe(true);
  });

  it('refuses a symlink instead of replacing it', async () => {
    await symlink(join(dir, 'elsewhere.idx'), join(dir, 'link.idx'));
    await refused(join(dir, 'link.idx'), /symbolic link/);
  });

  it('refuses an output equal to an input, by path, by another spelling and by hard link', async () => {
    await refused(images, /is the --images file/);
    await refused(join(dir, '.', 'x', '..', 'images.idx'), /is the --images file/);
    await link(images, join(dir, 'same.idx'));
    await refused(join(dir, 'same.idx'), /is the --images file/);
    expect((await readFile(images)).toString()).toBe('IMAGES');
  });

  it('refuses a missing folder, a folder as target and an unwritable folder', async () => {
    await refused(join(dir, 'no', 'such', 'out.idx'), /folder .* does not exist/);
    await refused(join(images, 'out.idx'), /does not exist|is not a folder/);
    await mkdir(join(dir, 'sub'));
    await refused(join(dir, 'sub'), /is a folder/);
    // Permissions do not bind root; a sysfs folder refuses new files to everyone.
    const locked = process.getuid?.() === 0 ? '/sys/kernel' : join(dir, 'locked');
    if (locked !== '/sys/kernel') await mkdir(locked, { mode: 0o500 });
    await refused(join(locked, 'out.idx'), /cannot write in the folder/);
  });
});
