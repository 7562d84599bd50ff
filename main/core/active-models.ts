// The active model of each kind, loaded and ready: the registry of usable methods and the judges.
import { METHOD_IDS, MODEL_KINDS, type MethodId, type MethodInfo, type ModelKind } from '../../shared/contract';
import { InpainterRegistry, type Inpainter } from './ml/inpainter';
import { methodInfo } from '../../shared/methods';
import { loadModel, type LoadedModel } from './ml/load-model';
import type { Judge } from './ml/model-files';
import type { EnergyOf } from './ml/descent/energy-descent';
import type { ModelStore } from './store/model-store';

export class ActiveModels {
  private readonly loaded = new Map<ModelKind, LoadedModel>();
  private readonly problems = new Map<ModelKind, string>();
  /** Bumped by every unload: a load that finishes after a newer reload (or disposeAll) began is discarded. */
  private readonly generation = new Map<ModelKind, number>();
  readonly registry = new InpainterRegistry();

  constructor(private readonly store: ModelStore) {}

  async loadAll(): Promise<void> {
    for (const kind of MODEL_KINDS) await this.reload(kind);
  }

  /** (Re)load the store's active model of a kind; a model that fails to load makes its methods unavailable,
   * nothing more. */
  async reload(kind: ModelKind): Promise<void> {
    this.unload(kind);
    const ticket = this.generation.get(kind);
    const id = this.store.activeId(kind);
    if (!id) {
      this.problems.set(kind, `no ${kind} model yet: train one in the Training panel`);
      return;
    }
    try {
      const model = await loadModel(kind, await this.store.readFiles(id), {
        judge: () => this.judge(),
        freeEnergy: () => this.energyOf('crbm'),
      });
      if (this.generation.get(kind) !== ticket) {
        model.dispose(); // superseded while loading: keeping it would leak its tensors
        return;
      }
      this.loaded.set(kind, model);
      for (const m of model.inpainters) this.registry.register(m);
    } catch (err) {
      if (this.generation.get(kind) !== ticket) return;
      this.problems.set(kind, `the active ${kind} model "${id}" cannot be loaded: ${(err as Error).message}`);
    }
  }

  methods(): MethodInfo[] {
    return METHOD_IDS.map((id) => {
      const available = Boolean(this.registry.get(id));
      const { label, modelKind } = methodInfo(id);
      const info: MethodInfo = { id, label, available };
      if (!available) info.reason = this.problems.get(modelKind) ?? `no ${modelKind} model is loaded`;
      return info;
    });
  }

  inpainter(id: MethodId): Inpainter | undefined {
    return this.registry.get(id);
  }

  /** The energy network (from the generator) and the classifier, when loaded. */
  judge(): Judge {
    const energy = this.loaded.get('generator')?.judge;
    const classifier = this.loaded.get('classifier')?.judge;
    return { energy: energy?.energy?.bind(energy), classify: classifier?.classify?.bind(classifier) };
  }

  /** The differentiable energy of an active model (generator: E; crbm: free energy), for energy descent. */
  energyOf(kind: ModelKind): EnergyOf | undefined {
    return this.loaded.get(kind)?.energyOf;
  }

  disposeAll(): void {
    for (const kind of MODEL_KINDS) this.unload(kind);
  }

  private unload(kind: ModelKind): void {
    this.generation.set(kind, (this.generation.get(kind) ?? 0) + 1);
    const old = this.loaded.get(kind);
    if (old) {
      for (const m of old.inpainters) this.registry.unregister(m.id);
      old.dispose();
    }
    this.loaded.delete(kind);
    this.problems.delete(kind);
  }
}
