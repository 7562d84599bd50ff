// Ids and file names are plain basenames, checked on every call: nothing from a caller or a bundle
// ever becomes a path segment like '..' or 'a/b'.
import { randomBytes } from 'node:crypto';
import type { ModelKind } from '../../../shared/contract';
import { StoreError } from './errors';

const ID_RE = /^[a-z0-9][a-z0-9._-]{0,80}$/;
const FILE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/;
/** Names the store writes itself inside a model folder; a model may not bring its own. */
export const META_FILE = 'meta.json';

export function checkModelId(id: unknown): string {
  if (typeof id !== 'string' || !ID_RE.test(id) || id.includes('..')) {
    throw new StoreError(`invalid model id ${JSON.stringify(String(id).slice(0, 100))}`);
  }
  return id;
}

export function checkFileName(name: unknown): string {
  if (typeof name !== 'string' || !FILE_RE.test(name) || name.includes('..') || name === META_FILE) {
    throw new StoreError(
      `invalid model file name ${JSON.stringify(String(name).slice(0, 120))}: use a plain name like weights.bin`,
    );
  }
  return name;
}

/** `<kind>-<yyyymmdd-hhmmss>-<4 hex>`, UTC: sorts by time and never collides in practice. */
export function newModelId(kind: ModelKind, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${kind}-${stamp}-${randomBytes(2).toString('hex')}`;
}
