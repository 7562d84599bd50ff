// Reading a models folder at open. First a pure pass (what is there, which schema), so the store can
// decide read-only mode before it changes anything; then `settle` cleans leftovers, quarantines
// broken folders, migrates old metadata and verifies every model's files.
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreWarning } from '../../../shared/contract';
import { TEMP_PREFIX, atomicWriteFile, type FaultHook } from './atomic-write';
import type { KindValidator } from './check-files';
import { CURRENT_SCHEMA, serializeMeta, type ModelMeta, type ParsedMeta } from './meta';
import { migrateFolder, readMetaFile, readVerified } from './model-folder';
import { META_FILE, checkModelId } from './names';

export const TRASH_PREFIX = '.trash-';

export type Found =
  | { name: string; state: 'leftover' }
  | { name: string; state: 'bad'; reason: string }
  | { name: string; state: 'model'; parsed: ParsedMeta };

export interface Entry {
  meta: ModelMeta;
  dir: string;
  builtIn: boolean;
  problem?: string;
}

/**
 * What a models folder holds. `allowPlainFiles`: the built-in folder also carries documentation
 * (EXPERIMENTS.md, sample images) beside the model folders; those files are not models and not damage.
 */
export async function inspect(modelsDir: string, allowPlainFiles = false): Promise<Found[]> {
  let dirents;
  try {
    dirents = await readdir(modelsDir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const found: Found[] = [];
  for (const d of dirents.sort((a, b) => a.name.localeCompare(b.name))) {
    if (d.name.startsWith(TEMP_PREFIX) || d.name.startsWith(TRASH_PREFIX)) {
      found.push({ name: d.name, state: 'leftover' });
      continue;
    }
    if (allowPlainFiles && d.isFile()) continue;
    try {
      checkModelId(d.name);
      if (!d.isDirectory()) throw new Error('it is not a folder');
      found.push({ name: d.name, state: 'model', parsed: await readMetaFile(join(modelsDir, d.name), d.name) });
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'meta.json is missing' : (err as Error).message;
      found.push({ name: d.name, state: 'bad', reason });
    }
  }
  return found;
}

export function hasNewerSchema(found: Found[]): boolean {
  return found.some((f) => f.state === 'model' && 'meta' in f.parsed && f.parsed.meta.schema > CURRENT_SCHEMA);
}

export interface SettleOptions {
  modelsDir: string;
  quarantineDir: string;
  builtIn: boolean;
  /** False for built-ins and read-only stores: report, never touch the disk. */
  writable: boolean;
  validate?: KindValidator;
  fault?: FaultHook;
}

async function quarantine(o: SettleOptions, name: string): Promise<string> {
  await mkdir(o.quarantineDir, { recursive: true });
  const target = join(o.quarantineDir, `${name}-${Date.now()}`);
  await rename(join(o.modelsDir, name), target);
  return target;
}

export async function removeTempFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.startsWith(TEMP_PREFIX)) await rm(join(dir, name), { recursive: true, force: true });
  }
}

export async function settle(
  found: Found[],
  o: SettleOptions,
): Promise<{ entries: Entry[]; warnings: StoreWarning[] }> {
  const entries: Entry[] = [];
  const warnings: StoreWarning[] = [];
  const where = o.builtIn ? 'built-in model' : 'model';
  for (const f of found) {
    const dir = join(o.modelsDir, f.name);
    if (f.state === 'leftover') {
      if (o.writable) await rm(dir, { recursive: true, force: true });
      continue;
    }
    if (f.state === 'bad') {
      let message = `${where} "${f.name}" cannot be read: ${f.reason}`;
      if (o.writable) message += `; moved to ${await quarantine(o, f.name)}`;
      warnings.push({ id: f.name, message });
      continue;
    }
    let meta: ModelMeta;
    try {
      meta = await migrateFolder(dir, f.parsed);
    } catch (err) {
      warnings.push({ id: f.name, message: `${where} "${f.name}" could not be migrated: ${(err as Error).message}` });
      continue;
    }
    if (o.writable) {
      await removeTempFiles(dir);
      if ('v1' in f.parsed) await atomicWriteFile(join(dir, META_FILE), serializeMeta(meta), o.fault);
    }
    const verified = await readVerified(dir, meta, o.validate);
    entries.push({ meta, dir, builtIn: o.builtIn, problem: 'problem' in verified ? verified.problem : undefined });
  }
  return { entries, warnings };
}
