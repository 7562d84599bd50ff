// "Compare with…": per model kind, the earlier runs whose loss curves are overlaid on the training chart.
// Each kind keeps its own choice (switching kinds and back restores it); curves are fetched once per model.
import type { ModelKind } from '../../shared/contract';
import { api } from '../api';
import type { CurvePoint } from './training.svelte';

export class CompareRunsState {
  /** Per kind, the ids of the models whose curves are overlaid, in the order chosen. */
  chosen = $state<Partial<Record<ModelKind, string[]>>>({});
  /** Fetched curves by model id; null = the model recorded none. */
  curves = $state.raw<Record<string, CurvePoint[] | null>>({});
  error = $state<string | null>(null);

  chosenFor(kind: ModelKind): string[] {
    return this.chosen[kind] ?? [];
  }

  async toggle(kind: ModelKind, id: string, on: boolean): Promise<void> {
    const now = this.chosenFor(kind).filter((x) => x !== id);
    this.chosen[kind] = on ? [...now, id] : now;
    if (!on || id in this.curves) return;
    try {
      this.error = null;
      const details = await api.modelDetails({ id });
      this.curves = { ...this.curves, [id]: details.curve?.length ? details.curve : null };
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      this.chosen[kind] = this.chosenFor(kind).filter((x) => x !== id);
    }
  }

  clear(kind: ModelKind): void {
    this.chosen[kind] = [];
  }
}
