// Which earlier runs can be overlaid on the training chart, and the curves to draw: pure, so testable.
import type { ModelKind, ModelSummary } from '../../shared/contract';
import type { CurvePoint } from './training.svelte';

/** An earlier run's loss curve on the chart, labelled with its model's name. */
export interface OverlayCurve {
  id: string;
  name: string;
  points: readonly CurvePoint[];
}

/** Saved models of this kind, newest first (the shipped built-ins last): the runs a chart can compare with. */
export function comparableModels(models: readonly ModelSummary[], kind: ModelKind): ModelSummary[] {
  return models
    .filter((m) => m.kind === kind && m.loadable)
    .sort((a, b) => Number(a.builtIn) - Number(b.builtIn) || b.createdAt.localeCompare(a.createdAt));
}

/** The chosen runs that still exist and have a recorded curve, in the order chosen, under their current names. */
export function overlayCurves(
  chosen: readonly string[],
  models: readonly ModelSummary[],
  curves: Readonly<Record<string, readonly CurvePoint[] | null | undefined>>,
): OverlayCurve[] {
  return chosen.flatMap((id) => {
    const model = models.find((m) => m.id === id);
    const points = curves[id];
    return model && points?.length ? [{ id, name: model.name, points }] : [];
  });
}
