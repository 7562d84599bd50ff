// The eval table itself: every unit (a method with its parameters) on every mask family, beside the
// reference rows (clean = ceiling, gray patch = floor). The CLI's `eval` and the app's eval job both call
// this; they differ only in how they pick the units and print the rows.
import type { MaskFamilyId } from '../../../shared/masks';
import type { MethodParams } from '../../../shared/contract';
import type { DigitSplit } from './data/batches';
import { evaluateInpainter, referenceRows, type EvalOptions, type EvalRow } from './evaluate';
import type { Inpainter } from './inpainter';

export interface EvalUnit {
  inpainter: Inpainter;
  params?: MethodParams;
  /** Appended to the method's name in the table ('' for the method's default). */
  label?: string;
  /** The MDN answer rule the unit measures, carried into its rows (the recipe picks the default by it). */
  rule?: string;
}

export interface EvalProgress {
  /** Image evaluations done and to do over the whole run (each unit and the references count n each). */
  done: number;
  total: number;
  family: MaskFamilyId;
  /** What is being evaluated now: a method id with its label, or 'references'. */
  current: string;
}

export interface EvalPlan {
  split: DigitSplit;
  /** n, seed, batch and classifier; `masks` is set per family. */
  options: Omit<EvalOptions, 'masks'>;
  families: readonly MaskFamilyId[];
  units: readonly EvalUnit[];
  /** Rows beyond the units for one family (the CLI's MDN oracle). */
  extraRows?: (options: EvalOptions) => EvalRow[];
  onProgress?: (p: EvalProgress) => void;
  /** Checked between units (a unit is synchronous): an aborted run stops there and throws the reason. */
  signal?: AbortSignal;
}

/** A turn of the event loop between units, so a cancel or a progress message gets through. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Every row carries its family. */
export async function runEvaluation(plan: EvalPlan): Promise<EvalRow[]> {
  const { split, families, units } = plan;
  const n = Math.min(plan.options.n, split.n - (plan.options.start ?? 0));
  const total = families.length * (units.length + 1) * n;
  let done = 0;
  const rows: EvalRow[] = [];
  const step = async (family: MaskFamilyId, current: string, work: () => void): Promise<void> => {
    plan.signal?.throwIfAborted();
    plan.onProgress?.({ done, total, family, current });
    await yieldToLoop();
    work();
    done += n;
  };
  for (const family of families) {
    const options: EvalOptions = { ...plan.options, masks: family };
    await step(family, 'references', () => {
      const { clean, gray } = referenceRows(split, options);
      rows.push({ ...clean, family }, { ...gray, family });
    });
    for (const unit of units) {
      const name = `${unit.inpainter.id}${unit.label ?? ''}`;
      await step(family, name, () => {
        const row = evaluateInpainter(unit.inpainter, split, options, unit.params);
        rows.push({ ...row, method: name, family, ...(unit.rule ? { rule: unit.rule } : {}) });
      });
    }
    for (const row of plan.extraRows?.(options) ?? []) rows.push({ ...row, family });
  }
  plan.signal?.throwIfAborted();
  plan.onProgress?.({ done, total, family: families[families.length - 1], current: 'done' });
  return rows;
}
