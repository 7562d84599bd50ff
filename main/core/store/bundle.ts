// Export format: ONE JSON file (`<name>.inpaint-model.json`):
//   { format: 'inpaint-studio-model', schema: 2, name, kind, createdAt, metadata,
//     files: [{ name, bytes, sha256, base64 }] }
// Chosen over tar for being self-describing and trivially validated; base64 costs +33 % size.
// decodeBundle checks everything (size cap first, then format, names, declared sizes, base64 shape,
// length and sha256 of every decoded file) and returns plain data; the store writes nothing before.
import { z } from 'zod';
import { MODEL_KINDS, type ModelKind } from '../../../shared/contract';
import type { ModelFiles } from '../ml/model-files';
import { StoreError } from './errors';
import { CURRENT_SCHEMA, MAX_NAME_LENGTH, sha256, type ModelMeta } from './meta';
import { checkFileName } from './names';
import { MAX_FILES, MAX_MODEL_BYTES } from './check-files';

export const BUNDLE_FORMAT = 'inpaint-studio-model';
export const BUNDLE_SUFFIX = '.inpaint-model.json';
/** Bundle bytes: the model cap plus base64 overhead plus room for metadata. */
export const MAX_BUNDLE_BYTES = Math.ceil((MAX_MODEL_BYTES * 4) / 3) + 4 * 1024 * 1024;

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

const bundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  schema: z.number().int().min(1).max(CURRENT_SCHEMA),
  name: z.string().trim().min(1).max(MAX_NAME_LENGTH),
  kind: z.enum(MODEL_KINDS as [ModelKind, ...ModelKind[]]),
  createdAt: z.string().max(100).optional(),
  metadata: z.record(z.string(), z.unknown()),
  files: z
    .array(
      z.object({
        name: z.string(),
        bytes: z.number().int().min(0).max(MAX_MODEL_BYTES),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        base64: z.string(),
      }),
    )
    .min(1)
    .max(MAX_FILES),
});

export interface DecodedBundle {
  name: string;
  kind: ModelKind;
  metadata: Record<string, unknown>;
  files: ModelFiles;
}

export function bundleFileName(name: string): string {
  const safe =
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 80) || 'model';
  return `${safe}${BUNDLE_SUFFIX}`;
}

/** Files that only continuing a training run needs (ml/tf/optimizer-state.ts writes them): Adam's moments. */
export const TRAINING_STATE_FILES: readonly string[] = ['optimizer.json', 'optimizer.weights.bin'];

/** A bundle carries the optimizer state only when asked: a model to use is a third of the size without it. */
export function encodeBundle(
  meta: ModelMeta,
  files: ModelFiles,
  opts: { forTraining?: boolean } = {},
): { fileName: string; bytes: Uint8Array } {
  const entries = opts.forTraining ? meta.files : meta.files.filter((f) => !TRAINING_STATE_FILES.includes(f.name));
  const bundle = {
    format: BUNDLE_FORMAT,
    schema: CURRENT_SCHEMA,
    name: meta.name,
    kind: meta.kind,
    createdAt: meta.createdAt,
    metadata: meta.metadata,
    files: entries.map((f) => ({ ...f, base64: Buffer.from(files[f.name]).toString('base64') })),
  };
  return { fileName: bundleFileName(meta.name), bytes: new TextEncoder().encode(JSON.stringify(bundle)) };
}

function reject(message: string): never {
  throw new StoreError(`not a valid model bundle: ${message}`);
}

export function decodeBundle(bytes: Uint8Array): DecodedBundle {
  if (!(bytes instanceof Uint8Array)) reject('no bytes');
  if (bytes.byteLength > MAX_BUNDLE_BYTES)
    reject(`it is ${bytes.byteLength} bytes; at most ${MAX_BUNDLE_BYTES} are allowed`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    reject('it is not JSON');
  }
  if ((raw as { format?: unknown } | null)?.format !== BUNDLE_FORMAT) reject(`format is not ${BUNDLE_FORMAT}`);
  const parsed = bundleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.path[0] === 'schema') reject('it was made by a newer Inpaint Studio (or has no valid schema)');
    reject(`${issue?.path.join('.') || 'value'}: ${issue?.message}`);
  }
  const b = parsed.data;
  const total = b.files.reduce((s, f) => s + f.bytes, 0);
  if (total > MAX_MODEL_BYTES) reject(`its files declare ${total} bytes; at most ${MAX_MODEL_BYTES} are allowed`);
  const files: ModelFiles = {};
  for (const f of b.files) {
    try {
      checkFileName(f.name);
    } catch (err) {
      reject((err as Error).message);
    }
    if (f.name in files) reject(`file ${f.name} appears twice`);
    // Check the base64's shape and length before decoding a byte of it.
    if (!BASE64_RE.test(f.base64) || f.base64.length !== 4 * Math.ceil(f.bytes / 3))
      reject(`file ${f.name} is not ${f.bytes} bytes of base64`);
    const data = new Uint8Array(Buffer.from(f.base64, 'base64'));
    if (data.byteLength !== f.bytes) reject(`file ${f.name} is ${data.byteLength} bytes, not ${f.bytes}`);
    if (sha256(data) !== f.sha256) reject(`file ${f.name} fails its checksum`);
    files[f.name] = data;
  }
  return { name: b.name, kind: b.kind, metadata: b.metadata, files };
}
