import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelStore, StoreError } from './model-store';
import { acceptToyModels, removeDir, sampleModel, tempDir } from './test-fixtures';

let dataDir: string;
const open: ModelStore[] = [];
async function openStore(opts: Partial<Parameters<typeof ModelStore.open>[0]> = {}): Promise<ModelStore> {
  const s = await ModelStore.open({ validate: acceptToyModels, dataDir, ...opts });
  open.push(s);
  return s;
}

beforeEach(async () => {
  dataDir = await tempDir();
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  await removeDir(dataDir);
});

describe('ModelStore basics', () => {
  it('saves, lists and reads back the exact files', async () => {
    const store = await openStore();
    const model = sampleModel('regressor', 3);
    const saved = await store.save(model, 'first');
    expect(saved).toMatchObject({
      name: 'first',
      kind: 'regressor',
      builtIn: false,
      loadable: true,
      sizeBytes: model.files['model.json'].byteLength + 60,
    });
    expect(saved.id).toMatch(/^regressor-\d{8}-\d{6}-[0-9a-f]{4}$/);
    expect(store.list().models.map((m) => m.id)).toEqual([saved.id]);
    const files = await store.readFiles(saved.id);
    expect(Object.keys(files).sort()).toEqual(['model.json', 'weights.bin']);
    expect(Buffer.compare(files['weights.bin'], model.files['weights.bin'])).toBe(0);
    const details = await store.details(saved.id);
    expect(details.metadata.seed).toBe(3);
    expect(details.curve).toEqual([
      { step: 1, loss: 0.5 },
      { step: 2, loss: 0.25, energyReal: -1 },
    ]);
  });

  it('keeps renames, deletions and active choices across a reopen', async () => {
    let store = await openStore();
    const a = await store.save(sampleModel('generator', 1), 'a');
    const b = await store.save(sampleModel('generator', 2), 'b');
    const c = await store.save(sampleModel('classifier', 3), 'c');
    await store.rename(a.id, 'renamed a');
    await store.setActive('generator', a.id);
    await store.delete(c.id);
    expect(store.activeId('generator')).toBe(a.id);
    await store.close();
    store = await openStore();
    const list = store.list();
    expect(list.models.map((m) => [m.id, m.name]).sort()).toEqual(
      [
        [a.id, 'renamed a'],
        [b.id, 'b'],
      ].sort(),
    );
    expect(list.active).toEqual({ generator: a.id });
    await expect(store.readFiles(c.id)).rejects.toThrow(/no model with id/);
  });

  it('falls back to the newest loadable model when nothing was chosen, and forgets a deleted choice', async () => {
    const store = await openStore();
    const older = await store.save(sampleModel('pca', 1));
    await new Promise((r) => setTimeout(r, 5));
    const newer = await store.save(sampleModel('pca', 2));
    expect(store.activeId('pca')).toBe(newer.id);
    await store.setActive('pca', older.id);
    expect(store.activeId('pca')).toBe(older.id);
    await store.delete(older.id);
    expect(store.activeId('pca')).toBe(newer.id);
    expect(store.activeId('classifier')).toBeUndefined();
  });

  it('rejects setting a model of another kind active', async () => {
    const store = await openStore();
    const m = await store.save(sampleModel('pca'));
    await expect(store.setActive('generator', m.id)).rejects.toThrow(/is a pca model, not a generator model/);
  });

  it('rejects invalid ids on every call', async () => {
    const store = await openStore();
    for (const bad of ['../x', 'a/b', '..', '', 'UPPER', '.hidden', 'x'.repeat(90), 'a..b']) {
      await expect(store.readFiles(bad)).rejects.toThrow(StoreError);
      await expect(store.details(bad)).rejects.toThrow(/invalid model id/);
      await expect(store.rename(bad, 'n')).rejects.toThrow(/invalid model id/);
      await expect(store.delete(bad)).rejects.toThrow(/invalid model id/);
      await expect(store.setActive('pca', bad)).rejects.toThrow(/invalid model id/);
    }
  });

  it('rejects path-like file names and bad names on save, writing nothing', async () => {
    const store = await openStore();
    const m = sampleModel();
    for (const bad of ['../evil', 'a/b', 'meta.json', '.hidden']) {
      await expect(store.save({ ...m, files: { ...m.files, [bad]: new Uint8Array(1) } })).rejects.toThrow(
        /invalid model file name/,
      );
    }
    await expect(store.save(m, '   ')).rejects.toThrow(/model name/);
    expect(store.list().models).toEqual([]);
  });

  it('refuses a second open on the same folder', async () => {
    await openStore();
    await expect(ModelStore.open({ validate: acceptToyModels, dataDir })).rejects.toThrow(
      `another Inpaint Studio is using ${dataDir}`,
    );
  });

  it('takes over a stale lock whose process is dead, and frees the lock on close', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(join(dataDir, 'store.lock'), JSON.stringify({ pid: dead, token: 'old', since: '' }));
    const store = await ModelStore.open({ validate: acceptToyModels, dataDir });
    await store.close();
    const again = await openStore();
    expect(again.readOnly).toBe(false);
  });

  it('takes over a lock left by an earlier run that had this same pid', async () => {
    await writeFile(join(dataDir, 'store.lock'), JSON.stringify({ pid: process.pid, token: 'earlier-run', since: '' }));
    const store = await openStore();
    expect(store.readOnly).toBe(false);
    await expect(ModelStore.open({ validate: acceptToyModels, dataDir })).rejects.toThrow(
      /another Inpaint Studio is using/,
    );
  });

  it('lists built-ins read-only and refuses to rename or delete them', async () => {
    const builtInDir = await tempDir();
    try {
      const source = await openStore({ dataDir: builtInDir });
      const shipped = await source.save(sampleModel('generator'), 'shipped');
      await source.close();
      // Documentation beside the shipped models is not a model and not a problem.
      await writeFile(join(builtInDir, 'models', 'EXPERIMENTS.md'), '# notes\n');
      // assets/models holds model folders directly, like <dataDir>/models.
      const store = await openStore({ builtInDir: join(builtInDir, 'models') });
      const user = await store.save(sampleModel('generator', 5), 'mine');
      const list = store.list();
      expect(list.models.map((m) => [m.id, m.builtIn])).toEqual([
        [shipped.id, true],
        [user.id, false],
      ]);
      expect(list.warnings).toEqual([]);
      expect(list.active.generator).toBe(shipped.id); // built-in wins until the user chooses
      await expect(store.delete(shipped.id)).rejects.toThrow(/built-in model and cannot be deleted/);
      await expect(store.rename(shipped.id, 'x')).rejects.toThrow(/built-in model and cannot be renamed/);
      expect(Buffer.from((await store.readFiles(shipped.id))['weights.bin'])).toEqual(
        Buffer.from(sampleModel('generator').files['weights.bin']),
      );
    } finally {
      await removeDir(builtInDir);
    }
  });

  it('runs the per-kind validator on save', async () => {
    const store = await openStore({
      validate: (kind) => {
        if (kind === 'pca') throw new Error('pca needs basis.bin');
      },
    });
    await expect(store.save(sampleModel('pca'))).rejects.toThrow('pca needs basis.bin');
    await expect(store.save(sampleModel('regressor'))).resolves.toMatchObject({ kind: 'regressor' });
  });
});
