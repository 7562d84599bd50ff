// The active model of each kind, as the main thread sees it: which one the store names, whether it loaded,
// which methods it provides. The models themselves live in an Inference (the inference worker in the app;
// in-process in the CLI, with `--model` naming another than the active one). The store's files are read
// here, on the main thread, where the store's single writer is; only bytes cross to the worker.
import { METHOD_IDS, MODEL_KINDS } from '../../shared/contract';
import type { InpaintResponse, MethodId, MethodInfo, ModelKind } from '../../shared/contract';
import { methodInfo } from '../../shared/methods';
import type { InpaintInput } from './inpaint-call';
import type { Inference } from './inference/inference';
import type { ModelStore } from './store/model-store';

/** What ActiveModels needs of the store (the list, for names in messages, is optional). */
export type ModelSource = Pick<ModelStore, 'activeId' | 'readFiles'> & Partial<Pick<ModelStore, 'list'>>;

export class ActiveModels<I extends Inference = Inference> {
  /** The methods the loaded model of each kind provides. */
  private readonly provided = new Map<ModelKind, { id: string; methods: Set<MethodId> }>();
  private readonly problems = new Map<ModelKind, string>();
  /** Reloads of one kind run one after another, so the worker ends with the model the store named last. */
  private readonly queue = new Map<ModelKind, Promise<void>>();
  private closed = false;

  constructor(
    private readonly store: ModelSource,
    readonly inference: I,
  ) {}

  async loadAll(): Promise<void> {
    await Promise.all(MODEL_KINDS.map((kind) => this.reload(kind)));
  }

  /**
   * (Re)loads the store's active model of a kind, or `overrideId` (the CLI's --model). The model in use
   * stays in use until its successor has loaded. A model that fails to load makes its methods unavailable
   * with the reason, nothing more.
   */
  reload(kind: ModelKind, overrideId?: string): Promise<void> {
    const next = (this.queue.get(kind) ?? Promise.resolve()).then(() => this.load(kind, overrideId));
    this.queue.set(
      kind,
      next.catch(() => undefined),
    );
    return next;
  }

  /** The id of the loaded model of a kind, if one is loaded. */
  loadedId(kind: ModelKind): string | undefined {
    return this.provided.get(kind)?.id;
  }

  /** Why the model of a kind is not loaded, if it is not. */
  problem(kind: ModelKind): string | undefined {
    return this.problems.get(kind);
  }

  methods(): MethodInfo[] {
    const down = this.inference.unavailable();
    return METHOD_IDS.map((id) => {
      const { label, modelKind } = methodInfo(id);
      const loaded = this.provided.get(modelKind);
      const available = !down && Boolean(loaded?.methods.has(id));
      const info: MethodInfo = { id, label, available };
      if (!available)
        info.reason =
          down ??
          this.problems.get(modelKind) ??
          (loaded ? `the ${modelKind} model "${loaded.id}" does not provide ${id}` : `no ${modelKind} model is loaded`);
      return info;
    });
  }

  inpaint(req: InpaintInput): Promise<InpaintResponse> {
    return this.inference.inpaint(req);
  }

  /** Unloads everything and stops the inference; a load still under way is discarded. */
  async close(): Promise<void> {
    this.closed = true;
    this.provided.clear();
    await this.inference.close();
  }

  private async load(kind: ModelKind, overrideId?: string): Promise<void> {
    if (this.closed) return;
    const id = overrideId ?? this.store.activeId(kind);
    if (!id) {
      this.provided.delete(kind);
      this.problems.set(kind, `no ${kind} model yet: train one in the Training panel`);
      await this.inference.unload(kind).catch(() => undefined); // a worker that is down holds nothing anyway
      return;
    }
    const name = this.store.list?.().models.find((m) => m.id === id)?.name;
    try {
      const methods = await this.inference.load({ kind, id, name }, () => this.store.readFiles(id));
      if (this.closed) return;
      this.provided.set(kind, { id, methods: new Set(methods) });
      this.problems.delete(kind);
    } catch (err) {
      if (this.closed) return;
      this.provided.delete(kind);
      this.problems.set(kind, `the ${kind} model "${id}" cannot be loaded: ${(err as Error).message}`);
    }
  }
}
