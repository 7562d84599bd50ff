// What every model must satisfy before the store writes it (saves and imports alike): plain file
// names, a bounded size, every tfjs model.json valid against the model's own files, plus the
// caller's per-kind check.
import type { ModelKind } from '../../../shared/contract';
import type { ModelFiles } from '../ml/model-files';
import { StoreError } from './errors';
import { checkFileName } from './names';
import { isTfjsModelJson, validateTfjsModelJson } from './validate-tfjs-model';

export const MAX_FILES = 32;
/** Cap on a model's total bytes and on an import bundle's size. */
export const MAX_MODEL_BYTES = 64 * 1024 * 1024;

export type KindValidator = (kind: ModelKind, files: ModelFiles) => void;

function parseJsonFile(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined; // not JSON: not a tfjs model.json, nothing to validate
  }
}

export function checkModelFiles(kind: ModelKind, files: ModelFiles, extra?: KindValidator): void {
  const names = Object.keys(files);
  if (names.length === 0) throw new StoreError('a model needs at least one file');
  if (names.length > MAX_FILES) throw new StoreError(`a model may have at most ${MAX_FILES} files`);
  let total = 0;
  for (const name of names) {
    checkFileName(name);
    if (!(files[name] instanceof Uint8Array)) throw new StoreError(`model file ${name} is not bytes`);
    total += files[name].byteLength;
  }
  if (total > MAX_MODEL_BYTES)
    throw new StoreError(`the model is ${total} bytes; at most ${MAX_MODEL_BYTES} are allowed`);
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const json = parseJsonFile(files[name]);
    if (!isTfjsModelJson(json)) continue;
    try {
      validateTfjsModelJson(json, files);
    } catch (err) {
      throw new StoreError(`${name}: ${(err as Error).message}`);
    }
  }
  if (extra) {
    try {
      extra(kind, files);
    } catch (err) {
      throw err instanceof StoreError ? err : new StoreError((err as Error).message);
    }
  }
}
