// Issue 13, defect 7: a bundle's metadata cannot blow up meta.json, the start-up scan or modelDetails.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeBundle } from './bundle';
import { CURRENT_SCHEMA, fileEntryFor, serializeMeta, type ModelMeta } from './meta';
import { MAX_CURVE_POINTS, MAX_METADATA_BYTES } from './metadata-bounds';
import { ModelStore } from './model-store';
import { acceptToyModels, closeToyStore, openToyStore, sampleModel } from './test-fixtures';

let dataDir: string;
let store: ModelStore;
beforeEach(async () => ({ dataDir, store } = await openToyStore()));
afterEach(() => closeToyStore(store, dataDir));

const hugeCurve = (n: number) => Array.from({ length: n }, (_, i) => ({ step: i + 1, loss: 1 / (i + 1) }));
function metaOf(id: string, metadata: Record<string, unknown>): { meta: ModelMeta; files: Record<string, Uint8Array> } {
  const { files } = sampleModel('regressor');
  const meta: ModelMeta = {
    schema: CURRENT_SCHEMA,
    id,
    name: 'm',
    kind: 'regressor',
    createdAt: new Date().toISOString(),
    files: Object.entries(files).map(([f, b]) => fileEntryFor(f, b)),
    metadata,
  };
  return { meta, files };
}

describe('metadata bounds', () => {
  it('refuses an import whose metadata nests 10,000 levels deep, writing nothing', async () => {
    // Spliced in as text: JSON.stringify itself overflows the stack on such a value.
    const { meta, files } = metaOf('x', { deep: 'DEEP' });
    const text = new TextDecoder().decode(encodeBundle(meta, files).bytes);
    const bytes = new TextEncoder().encode(text.replace('"DEEP"', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)));
    await expect(store.importBundle(bytes)).rejects.toThrow(/metadata nests deeper than/);
    expect(store.list().models).toEqual([]);
  });

  it('refuses metadata larger than the cap even when flat', async () => {
    const { meta, files } = metaOf('x', { notes: 'x'.repeat(MAX_METADATA_BYTES + 1) });
    await expect(store.importBundle(encodeBundle(meta, files).bytes)).rejects.toThrow(/metadata is .* bytes/);
  });

  it('downsamples a 2-million-point curve on save: meta.json and modelDetails stay small', async () => {
    const model = { ...sampleModel('regressor'), metadata: { curve: hugeCurve(2_000_000) } };
    const saved = await store.save(model, 'long run');
    const metaBytes = (await stat(join(dataDir, 'models', saved.id, 'meta.json'))).size;
    expect(metaBytes).toBeLessThan(MAX_METADATA_BYTES);
    const details = await store.details(saved.id);
    expect(details.curve?.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(details.curve?.at(-1)).toEqual({ step: 2_000_000, loss: 1 / 2_000_000 }); // the end is kept
    expect(JSON.stringify(details).length).toBeLessThan(MAX_METADATA_BYTES);
  });

  it('keeps modelDetails small for a model stored before the bounds, and skips an oversized meta.json', async () => {
    await store.close();
    const id = 'regressor-20260101-000000-abcd';
    const { meta, files } = metaOf(id, { curve: hugeCurve(300_000) });
    const dir = join(dataDir, 'models', id);
    await mkdir(dir, { recursive: true });
    for (const [f, b] of Object.entries(files)) await writeFile(join(dir, f), b);
    await writeFile(join(dir, 'meta.json'), serializeMeta(meta)); // ~20 MB pretty-printed: over the file cap
    const small = 'regressor-20260101-000001-abcd';
    const other = metaOf(small, { curve: hugeCurve(20_000) }); // under the file cap, over the curve cap
    await mkdir(join(dataDir, 'models', small));
    for (const [f, b] of Object.entries(other.files)) await writeFile(join(dataDir, 'models', small, f), b);
    await writeFile(join(dataDir, 'models', small, 'meta.json'), JSON.stringify(other.meta));
    store = await ModelStore.open({ validate: acceptToyModels, dataDir });
    const warning = store.list().warnings.find((w) => w.id === id);
    expect(warning?.message).toMatch(/meta\.json is \d+ bytes/);
    const details = await store.details(small);
    expect(details.curve?.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(JSON.stringify(details).length).toBeLessThan(MAX_METADATA_BYTES);
    expect(JSON.parse(await readFile(join(dataDir, 'models', small, 'meta.json'), 'utf8')).id).toBe(small);
  });
});
