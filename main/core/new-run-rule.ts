// The rule for a new training run (issue 13): it becomes the active model of its kind when the active
// one is a built-in or there is none, so a first run replaces the shipped default and can be tried at
// once; it never replaces a model of the user's own (trained or imported) that is active. Either way
// the outcome is recorded as the choice, so the store's fallback (newest model) never switches later.
import type { ModelSummary } from '../../shared/contract';
import type { TrainedModel } from './ml/model-files';
import type { ModelStore } from './store/model-store';

export async function saveNewRun(store: ModelStore, model: TrainedModel, name?: string): Promise<ModelSummary> {
  const before = store.list();
  const previous = before.active[model.kind];
  const replacesDefault = !previous || before.models.find((m) => m.id === previous)?.builtIn === true;
  const saved = await store.save(model, name);
  await store.setActive(model.kind, previous && !replacesDefault ? previous : saved.id);
  return saved;
}
