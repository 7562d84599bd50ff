// The models the inference side holds, one per kind, and what runInpaint asks of them. Lives wherever the
// inference runs (the inference worker; in-process for the CLI and unit tests). A new model of a kind is
// swapped in only once it has loaded: until then the old one keeps answering (no "X is not available"
// while the user switches models), and it is disposed right after the swap.
import type { MethodId, ModelKind } from '../../../shared/contract';
import type { Inpainter } from '../ml/inpainter';
import type { EnergyOf } from '../ml/descent/energy-descent';
import { loadModel, type LoadContext, type LoadedModel } from '../ml/load-model';
import type { Judge, ModelFiles } from '../ml/model-files';

/** What a loaded model is called in messages: its kind and its name or id, e.g. `pca model "PCA (60k)"`. */
export interface ModelTag {
  kind: ModelKind;
  id: string;
  name?: string;
}

export function describeModel(tag: ModelTag): string {
  const name = tag.name && tag.name !== tag.id ? `"${tag.name}" (${tag.id})` : `"${tag.id}"`;
  return `the ${tag.kind} model ${name}`;
}

interface Slot {
  tag: ModelTag;
  model: LoadedModel;
}

/** A judge together with the model it comes from, so a non-finite score can name its model. */
export interface NamedJudge {
  energy?: { score: NonNullable<Judge['energy']>; from: ModelTag };
  classify?: { score: NonNullable<Judge['classify']>; from: ModelTag };
}

export type LoadModelFn = (kind: ModelKind, files: ModelFiles, ctx?: LoadContext) => Promise<LoadedModel>;

export class LoadedModels {
  private readonly slots = new Map<ModelKind, Slot>();
  /** Bumped by every load or unload of a kind: a load overtaken by a newer one is discarded. */
  private readonly generation = new Map<ModelKind, number>();
  private closed = false;

  constructor(private readonly load: LoadModelFn = loadModel) {}

  /**
   * Loads `files` as the model of `tag.kind` and swaps it in; returns the methods it provides. A failed
   * load leaves nothing of that kind loaded (the store says another model is active: the old one must not
   * pretend to be it) and throws. A load overtaken by a newer load or unload is disposed and returns [].
   */
  async swapIn(tag: ModelTag, files: ModelFiles): Promise<MethodId[]> {
    const ticket = this.bump(tag.kind);
    let model: LoadedModel;
    try {
      // A model may consult the others at inference time (the MDN's lowest-E and lowest-F rules).
      model = await this.load(tag.kind, files, {
        judge: () => this.plainJudge(),
        freeEnergy: () => this.energyOf('crbm'),
        inpainter: (method) => this.inpainter(method)?.inpainter,
      });
    } catch (err) {
      if (this.generation.get(tag.kind) === ticket) this.drop(tag.kind);
      throw err;
    }
    if (this.closed || this.generation.get(tag.kind) !== ticket) {
      model.dispose(); // superseded while loading: keeping it would leak its tensors
      return [];
    }
    const old = this.slots.get(tag.kind);
    this.slots.set(tag.kind, { tag, model });
    old?.model.dispose();
    return model.inpainters.map((m) => m.id);
  }

  unload(kind: ModelKind): void {
    this.bump(kind);
    this.drop(kind);
  }

  /** Unloads everything; a load still under way is disposed when it finishes. */
  disposeAll(): void {
    this.closed = true;
    for (const kind of [...this.slots.keys()]) this.unload(kind);
  }

  /** The loaded inpainter of a method and the model it belongs to. */
  inpainter(id: MethodId): { inpainter: Inpainter; from: ModelTag } | undefined {
    for (const { tag, model } of this.slots.values()) {
      const inpainter = model.inpainters.find((m) => m.id === id);
      if (inpainter) return { inpainter, from: tag };
    }
    return undefined;
  }

  /** The energy network (from the generator) and the classifier, when loaded. */
  judge(): NamedJudge {
    const judge: NamedJudge = {};
    const generator = this.slots.get('generator');
    const classifier = this.slots.get('classifier');
    const energy = generator?.model.judge?.energy;
    const classify = classifier?.model.judge?.classify;
    if (generator && energy) judge.energy = { score: (x, n) => energy(x, n), from: generator.tag };
    if (classifier && classify) judge.classify = { score: (x, n) => classify(x, n), from: classifier.tag };
    return judge;
  }

  /** The energy network (from the generator) and the classifier as plain functions, when loaded. */
  plainJudge(): Judge {
    const j = this.judge();
    return { energy: j.energy?.score, classify: j.classify?.score };
  }

  /** The differentiable energy of a loaded model (generator: E; crbm: free energy), for energy descent. */
  energyOf(kind: ModelKind): EnergyOf | undefined {
    return this.slots.get(kind)?.model.energyOf;
  }

  /** The loaded model of a kind itself (the CLI's batch evaluation calls its inpainters and judge). */
  loaded(kind: ModelKind): LoadedModel | undefined {
    return this.slots.get(kind)?.model;
  }

  loadedTag(kind: ModelKind): ModelTag | undefined {
    return this.slots.get(kind)?.tag;
  }

  private bump(kind: ModelKind): number {
    const next = (this.generation.get(kind) ?? 0) + 1;
    this.generation.set(kind, next);
    return next;
  }

  private drop(kind: ModelKind): void {
    this.slots.get(kind)?.model.dispose();
    this.slots.delete(kind);
  }
}
