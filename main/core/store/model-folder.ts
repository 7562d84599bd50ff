// Reading one model folder: its meta.json, and its files checked against the recorded length and
// sha256 (and, for tfjs model.json files, the validator). Pure reads; the store decides what to do.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelFiles } from '../ml/model-files';
import { checkModelFiles, type KindValidator } from './check-files';
import { migrateV1, parseMeta, sha256, type ModelMeta, type ParsedMeta } from './meta';
import { META_FILE, checkFileName } from './names';
import { StoreError } from './errors';
import { MAX_META_FILE_BYTES } from './metadata-bounds';

export async function readMetaFile(dir: string, id: string): Promise<ParsedMeta> {
  const size = (await stat(join(dir, META_FILE))).size;
  // Never parse what no bounded save writes (a 422 MB meta.json slowed start-up by seconds).
  if (size > MAX_META_FILE_BYTES)
    throw new StoreError(`meta.json is ${size} bytes; at most ${MAX_META_FILE_BYTES} are read`);
  return parseMeta(new Uint8Array(await readFile(join(dir, META_FILE))), id);
}

/** Files of a schema-1 model read as they are, to record their checksums during migration. */
export async function migrateFolder(dir: string, parsed: ParsedMeta): Promise<ModelMeta> {
  if ('meta' in parsed) return parsed.meta;
  const files: ModelFiles = {};
  for (const name of parsed.v1.files) files[checkFileName(name)] = new Uint8Array(await readFile(join(dir, name)));
  return migrateV1(parsed.v1, files);
}

/** The model's files, or the reason they cannot be used. */
export async function readVerified(
  dir: string,
  meta: ModelMeta,
  extra?: KindValidator,
): Promise<{ files: ModelFiles } | { problem: string }> {
  const files: ModelFiles = {};
  for (const entry of meta.files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(join(dir, checkFileName(entry.name))));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return {
        problem:
          code === 'ENOENT'
            ? `file ${entry.name} is missing`
            : `file ${entry.name} cannot be read (${(err as Error).message})`,
      };
    }
    if (bytes.byteLength !== entry.bytes)
      return { problem: `file ${entry.name} is ${bytes.byteLength} bytes, expected ${entry.bytes}` };
    if (sha256(bytes) !== entry.sha256) return { problem: `file ${entry.name} is damaged (checksum mismatch)` };
    files[entry.name] = bytes;
  }
  try {
    checkModelFiles(meta.kind, files, extra);
  } catch (err) {
    return { problem: (err as Error).message };
  }
  return { files };
}
