// meta.json of one model: what it is, which files it has (length + sha256 each) and the trainer's
// metadata. Versioned: schema 1 (no checksums) is migrated, a newer schema is read leniently.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MODEL_KINDS, type ModelKind } from '../../../shared/contract';
import { StoreError } from './errors';

export const CURRENT_SCHEMA = 2;
export const MAX_NAME_LENGTH = 200;

const kind = z.enum(MODEL_KINDS as [ModelKind, ...ModelKind[]]);
const name = z.string().trim().min(1).max(MAX_NAME_LENGTH);
const fileEntry = z.object({
  name: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
const metadata = z.record(z.string(), z.unknown());

/** Schema 2 (current). A newer schema must keep these fields to be readable at all. */
const metaV2 = z.object({
  schema: z.number().int().min(2),
  id: z.string(),
  name,
  kind,
  createdAt: z.string().min(1),
  files: z.array(fileEntry).min(1),
  metadata,
});
/** Schema 1: creation time in ms, file names without lengths or checksums. */
const metaV1 = z.object({
  schema: z.literal(1),
  id: z.string(),
  name,
  kind,
  created: z.number(),
  files: z.array(z.string()).min(1),
  metadata,
});

export type FileEntry = z.infer<typeof fileEntry>;
export type ModelMeta = z.infer<typeof metaV2>;
export type MetaV1 = z.infer<typeof metaV1>;
export type ParsedMeta = { meta: ModelMeta } | { v1: MetaV1 };

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function fileEntryFor(fileName: string, bytes: Uint8Array): FileEntry {
  return { name: fileName, bytes: bytes.byteLength, sha256: sha256(bytes) };
}

function firstIssue(err: z.ZodError): string {
  const issue = err.issues[0];
  return issue ? `${issue.path.join('.') || 'value'}: ${issue.message}` : 'invalid';
}

/** Parse meta.json bytes of the folder `folderId`; throws StoreError saying what is wrong. */
export function parseMeta(bytes: Uint8Array, folderId: string): ParsedMeta {
  if (bytes.byteLength === 0) throw new StoreError('meta.json is empty');
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new StoreError(`meta.json is not valid JSON (${(err as Error).message})`);
  }
  const schema = (raw as { schema?: unknown } | null)?.schema;
  if (typeof schema !== 'number' || !Number.isInteger(schema) || schema < 1) {
    throw new StoreError('meta.json has no valid schema version');
  }
  const result = schema === 1 ? metaV1.safeParse(raw) : metaV2.safeParse(raw);
  if (!result.success) throw new StoreError(`meta.json is invalid (${firstIssue(result.error)})`);
  if (result.data.id !== folderId) {
    throw new StoreError(`meta.json names id ${JSON.stringify(result.data.id)} but sits in folder ${folderId}`);
  }
  return schema === 1 ? { v1: result.data as MetaV1 } : { meta: result.data as ModelMeta };
}

/** Schema 1 → current. Schema 1 had no checksums, so the files as they are now are recorded. */
export function migrateV1(v1: MetaV1, files: Record<string, Uint8Array>): ModelMeta {
  return {
    schema: CURRENT_SCHEMA,
    id: v1.id,
    name: v1.name,
    kind: v1.kind,
    createdAt: new Date(v1.created).toISOString(),
    files: v1.files.map((f) => fileEntryFor(f, files[f])),
    metadata: v1.metadata,
  };
}

export function serializeMeta(meta: ModelMeta): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(meta, null, 2));
}
