// RELIABILITY 10–12: crashes at every step, damaged files, broken metadata, schema versions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SimulatedCrash } from './atomic-write';
import { ModelStore } from './model-store';
import { acceptToyModels, removeDir, sampleModel, tempDir, tree } from './test-fixtures';

let dataDir: string;
beforeEach(async () => {
  dataDir = await tempDir();
});
afterEach(async () => {
  await removeDir(dataDir);
});

/** Run `op` on a store that crashes at the n-th write step; returns false once op completes without crashing. */
async function crashAt(n: number, op: (s: ModelStore) => Promise<unknown>): Promise<boolean> {
  let step = 0;
  const store = await ModelStore.open({
    validate: acceptToyModels,
    dataDir,
    faults: () => {
      if (++step === n) throw new SimulatedCrash(`step ${n}`);
    },
  });
  let crashed = false;
  try {
    await op(store);
  } catch (err) {
    if (!(err instanceof SimulatedCrash)) throw err;
    crashed = true;
  }
  await store.close(); // stands for the dead process releasing nothing but its lock
  return crashed;
}

const leftovers = async () => (await tree(dataDir)).filter((p) => /(^|\/)\.(tmp|trash)-/.test(p));

describe('crash safety', () => {
  it('shows either no model or the whole new model after a crash at any step of a save', async () => {
    // a store that exists already: open writes nothing
    await (await ModelStore.open({ validate: acceptToyModels, dataDir })).close();
    let steps = 0;
    for (let n = 1; await crashAt(n, (s) => s.save(sampleModel('generator'), 'new')); n++) {
      steps++;
      const store = await ModelStore.open({ validate: acceptToyModels, dataDir });
      const models = store.list().models;
      expect(models.length).toBeLessThanOrEqual(1);
      for (const m of models) {
        expect(m.loadable).toBe(true);
        expect((await store.readFiles(m.id))['weights.bin']).toEqual(sampleModel('generator').files['weights.bin']);
        await store.delete(m.id);
      }
      expect(store.list().warnings).toEqual([]);
      expect(await leftovers()).toEqual([]);
      await store.close();
    }
    expect(steps).toBe(5); // files-written, meta-written, temp-synced, renamed, parent-synced
  });

  it('shows the old or the new name after a crash at any step of a rename', async () => {
    const first = await ModelStore.open({ validate: acceptToyModels, dataDir });
    const { id } = await first.save(sampleModel(), 'old name');
    await first.close();
    let steps = 0;
    for (let n = 1; await crashAt(n, (s) => s.rename(id, 'new name')); n++) {
      steps++;
      const store = await ModelStore.open({ validate: acceptToyModels, dataDir });
      const [m] = store.list().models;
      expect(['old name', 'new name']).toContain(m.name);
      expect(m.loadable).toBe(true);
      expect(await leftovers()).toEqual([]);
      if (m.name === 'new name') await store.rename(id, 'old name');
      await store.close();
    }
    expect(steps).toBe(3);
  });

  it('shows the model or nothing after a crash during a delete', async () => {
    const first = await ModelStore.open({ validate: acceptToyModels, dataDir });
    const { id } = await first.save(sampleModel(), 'doomed');
    await first.close();
    expect(await crashAt(1, (s) => s.delete(id))).toBe(true);
    const store = await ModelStore.open({ validate: acceptToyModels, dataDir });
    expect(store.list().models).toEqual([]);
    expect(await leftovers()).toEqual([]);
    await store.close();
  });

  it('cleans up after an ordinary write error at once', async () => {
    const store = await ModelStore.open({ validate: acceptToyModels, dataDir });
    const bad = { ...sampleModel(), metadata: { n: 1n } as Record<string, unknown> };
    await expect(store.save(bad)).rejects.toThrow(/metadata cannot be saved as JSON/);
    expect(await readdir(join(dataDir, 'models'))).toEqual([]);
    await store.close();
  });
});

describe('damaged stores', () => {
  it('marks a model with a flipped weight byte unloadable and keeps the others working', async () => {
    let store = await ModelStore.open({ validate: acceptToyModels, dataDir });
    const good = await store.save(sampleModel('pca', 1), 'good');
    const bad = await store.save(sampleModel('pca', 2), 'bad');
    const path = join(dataDir, 'models', bad.id, 'weights.bin');
    const bytes = await readFile(path);
    bytes[7] ^= 0x01;
    await writeFile(path, bytes);
    // Detected on load in a running store…
    await expect(store.readFiles(bad.id)).rejects.toThrow(/"bad" cannot be loaded: file weights.bin is damaged/);
    expect(store.list().models.find((m) => m.id === bad.id)).toMatchObject({
      loadable: false,
      problem: expect.stringMatching(/checksum/),
    });
    await expect(store.setActive('pca', bad.id)).rejects.toThrow(/cannot be loaded/);
    expect(store.activeId('pca')).toBe(good.id);
    await store.close();
    // …and at the next start.
    store = await ModelStore.open({ validate: acceptToyModels, dataDir });
    expect(store.list().models.find((m) => m.id === bad.id)?.loadable).toBe(false);
    expect(await store.readFiles(good.id)).toHaveProperty('weights.bin');
    await store.close();
  });

  it('quarantines corrupt and empty meta.json with a visible warning and still opens', async () => {
    let store = await ModelStore.open({ validate: acceptToyModels, dataDir });
    const keep = await store.save(sampleModel(), 'keep');
    const corrupt = await store.save(sampleModel(), 'corrupt');
    const empty = await store.save(sampleModel(), 'empty');
    await store.close();
    await writeFile(join(dataDir, 'models', corrupt.id, 'meta.json'), '{"schema": 2, "id": ');
    await writeFile(join(dataDir, 'models', empty.id, 'meta.json'), '');
    store = await ModelStore.open({ validate: acceptToyModels, dataDir });
    const list = store.list();
    expect(list.models.map((m) => m.id)).toEqual([keep.id]);
    expect(list.warnings.map((w) => w.id).sort()).toEqual([corrupt.id, empty.id].sort());
    expect(list.warnings.find((w) => w.id === empty.id)?.message).toMatch(/meta.json is empty; moved to .*quarantine/);
    expect(list.warnings.find((w) => w.id === corrupt.id)?.message).toMatch(/not valid JSON/);
    const quarantined = await readdir(join(dataDir, 'quarantine'));
    expect(quarantined.map((q) => q.replace(/-\d+$/, '')).sort()).toEqual([corrupt.id, empty.id].sort());
    await store.close();
  });

  it('migrates a schema-1 store and records checksums', async () => {
    const store0 = await ModelStore.open({ validate: acceptToyModels, dataDir });
    const { id } = await store0.save(sampleModel('classifier'), 'legacy');
    await store0.close();
    const created = Date.UTC(2024, 0, 2, 3, 4, 5);
    await writeFile(
      join(dataDir, 'models', id, 'meta.json'),
      JSON.stringify({
        schema: 1,
        id,
        name: 'legacy',
        kind: 'classifier',
        created,
        files: ['model.json', 'weights.bin'],
        metadata: {},
      }),
    );
    await removeDir(join(dataDir, 'store.json'));
    const store = await ModelStore.open({ validate: acceptToyModels, dataDir });
    expect(store.readOnly).toBe(false);
    expect(store.list().models).toEqual([
      expect.objectContaining({ id, name: 'legacy', createdAt: '2024-01-02T03:04:05.000Z', loadable: true }),
    ]);
    const meta = JSON.parse(await readFile(join(dataDir, 'models', id, 'meta.json'), 'utf8'));
    expect(meta.schema).toBe(2);
    expect(meta.files[1]).toMatchObject({
      name: 'weights.bin',
      bytes: 60,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.parse(await readFile(join(dataDir, 'store.json'), 'utf8')).schema).toBe(2);
    await store.close();
  });

  it('opens a store from a newer version read-only and refuses writes clearly', async () => {
    const store0 = await ModelStore.open({ validate: acceptToyModels, dataDir });
    const { id } = await store0.save(sampleModel('classifier'), 'future');
    await store0.close();
    const metaPath = join(dataDir, 'models', id, 'meta.json');
    const meta = JSON.parse(await readFile(metaPath, 'utf8'));
    await writeFile(metaPath, JSON.stringify({ ...meta, schema: 99, newField: true }));
    await writeFile(join(dataDir, 'models', '.tmp-leftover-abcd'), 'x'); // not ours to clean now
    const store = await ModelStore.open({ validate: acceptToyModels, dataDir });
    expect(store.readOnly).toBe(true);
    expect(store.list()).toMatchObject({ readOnly: true, models: [{ id, loadable: true }] });
    expect(store.list().warnings.at(-1)?.message).toMatch(/newer Inpaint Studio; it is open read-only/);
    expect(await store.readFiles(id)).toHaveProperty('weights.bin');
    const refused = /read-only; update the app/;
    await expect(store.save(sampleModel())).rejects.toThrow(refused);
    await expect(store.rename(id, 'x')).rejects.toThrow(refused);
    await expect(store.delete(id)).rejects.toThrow(refused);
    await expect(store.setActive('classifier', id)).rejects.toThrow(refused);
    await expect(store.importBundle(new Uint8Array(2))).rejects.toThrow(refused);
    expect(JSON.parse(await readFile(metaPath, 'utf8')).schema).toBe(99);
    expect(await readdir(join(dataDir, 'models'))).toContain('.tmp-leftover-abcd');
    await store.close();
  });
});
