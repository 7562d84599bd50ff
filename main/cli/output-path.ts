// Checks a command's output path before any work is done (issue 13, defects 2–4). The output is
// written atomically (a temp file renamed over the target), which would turn a device into a regular
// file and replace a symlink instead of writing through it; so only a plain path is accepted: a
// regular file (replaced) or a new name in an existing, writable folder. Never one of the inputs.
import { lstat, open, stat, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError } from './errors';

export interface NamedInput {
  /** the option that named it, e.g. 'images' */
  option: string;
  path: string;
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/** The folder exists, is a folder and takes a new file (probed by creating one: root and read-only mounts alike). */
async function checkFolder(folder: string, out: string, option: string): Promise<void> {
  let s;
  try {
    s = await stat(folder);
  } catch {
    throw new CliError(`--${option} ${out}: the folder ${folder} does not exist`);
  }
  if (!s.isDirectory()) throw new CliError(`--${option} ${out}: ${folder} is not a folder`);
  const probe = resolve(folder, `.inpaint-write-probe-${process.pid}-${Date.now()}`);
  try {
    await (await open(probe, 'wx')).close();
  } catch (err) {
    throw new CliError(`--${option} ${out}: cannot write in the folder ${folder} (${code(err) ?? 'error'})`);
  }
  await unlink(probe).catch(() => undefined);
}

/** Refuses an output path that cannot or must not be written; call before computing anything. */
export async function checkOutputPath(out: string, inputs: NamedInput[], option = 'out'): Promise<void> {
  const target = resolve(out);
  let own;
  try {
    own = await lstat(target);
  } catch (err) {
    if (code(err) !== 'ENOENT' && code(err) !== 'ENOTDIR')
      throw new CliError(`--${option} ${out} cannot be checked (${code(err) ?? (err as Error).message})`);
  }
  if (own) {
    if (own.isSymbolicLink())
      throw new CliError(`--${option} ${out} is a symbolic link; give the path of a regular file (it is replaced)`);
    if (own.isDirectory()) throw new CliError(`--${option} ${out} is a folder; give a file path`);
    if (!own.isFile())
      throw new CliError(`--${option} ${out} is not a regular file (a device, pipe or socket); give a file path`);
    for (const input of inputs) {
      const s = await stat(input.path).catch(() => undefined);
      if (s && s.dev === own.dev && s.ino === own.ino)
        throw new CliError(`--${option} ${out} is the --${input.option} file; choose another output path`);
    }
  }
  await checkFolder(dirname(target), out, option);
}
