// A new training run becomes active when the active model of its kind is a built-in or none; it never
// replaces the user's own active model (issue 13, "a new training run never becomes active on its own").
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { saveNewRun } from './new-run-rule';
import { ModelStore } from './store/model-store';
import { acceptToyModels, removeDir, sampleModel, tempDir } from './store/test-fixtures';

let dataDir: string;
let builtInHome: string;
let builtInDir: string;
let shippedId: string;
let store: ModelStore;

beforeEach(async () => {
  builtInHome = await tempDir();
  const maker = await ModelStore.open({ validate: acceptToyModels, dataDir: builtInHome });
  shippedId = (await maker.save(sampleModel('regressor', 9), 'shipped')).id;
  await maker.close();
  builtInDir = join(builtInHome, 'models');
  dataDir = await tempDir();
  store = await ModelStore.open({ validate: acceptToyModels, dataDir, builtInDir });
});
afterEach(async () => {
  await store.close();
  await removeDir(dataDir);
  await removeDir(builtInHome);
});

describe('a new training run', () => {
  it('becomes active when the built-in is active (nothing chosen), and when the built-in was chosen', async () => {
    expect(store.list().active.regressor).toBe(shippedId);
    const first = await saveNewRun(store, sampleModel('regressor', 1), 'first run');
    expect(store.list().active.regressor).toBe(first.id);
    await store.setActive('regressor', shippedId);
    const again = await saveNewRun(store, sampleModel('regressor', 2), 'run after choosing the built-in');
    expect(store.list().active.regressor).toBe(again.id);
  });

  it('becomes active when there is no model of its kind at all', async () => {
    const run = await saveNewRun(store, sampleModel('classifier', 1), 'first classifier');
    expect(store.list().active.classifier).toBe(run.id);
  });

  it("never replaces the user's own active model, and the store's fallback does not switch to it later", async () => {
    const mine = await saveNewRun(store, sampleModel('regressor', 1), 'mine');
    const later = await saveNewRun(store, sampleModel('regressor', 2), 'later run');
    expect(store.list().active.regressor).toBe(mine.id);
    await store.close();
    store = await ModelStore.open({ validate: acceptToyModels, dataDir, builtInDir });
    expect(store.list().active.regressor).toBe(mine.id);
    expect(store.list().models.map((m) => m.id)).toContain(later.id);
  });
});
