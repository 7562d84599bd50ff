// The eval table as the Evaluate panel shows it: names, sorting, the CSV export and the series its plots
// draw. Plain functions of the rows the core sent (no DOM, no state), so each is tested on its own.
import type { EvalResultRow, MethodId } from '../../shared/contract';
import { EVAL_D } from '../../shared/eval-limits';
import { MASK_FAMILY_LIST, type MaskFamilyId } from '../../shared/masks';
import { methodInfo } from '../../shared/methods';

export type EvalColumn = 'method' | 'family' | 'd' | 'accuracy' | 'mse';
export interface SortKey {
  column: EvalColumn;
  descending: boolean;
}

const REFERENCE_LABELS = { clean: 'Clean original (ceiling)', gray: 'Gray patch (floor)' } as const;

export function rowLabel(method: EvalResultRow['method']): string {
  return method === 'clean' || method === 'gray' ? REFERENCE_LABELS[method] : methodInfo(method).label;
}

export function familyLabel(id: MaskFamilyId): string {
  return MASK_FAMILY_LIST.find((f) => f.id === id)?.label ?? id;
}

export const isReference = (r: EvalResultRow): boolean => r.method === 'clean' || r.method === 'gray';

function cell(r: EvalResultRow, column: EvalColumn): string | number | null {
  switch (column) {
    case 'method':
      return rowLabel(r.method);
    case 'family':
      return familyLabel(r.family);
    case 'd':
      return r.d ?? null;
    case 'accuracy':
      return r.accuracy;
    case 'mse':
      return r.mse;
  }
}

/** Sorted by one column; rows without a value (no d, no classifier) always last; ties keep their order. */
export function sortRows(rows: readonly EvalResultRow[], key: SortKey): EvalResultRow[] {
  const sign = key.descending ? -1 : 1;
  return rows
    .map((r, i) => ({ r, i, v: cell(r, key.column) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.r);
}

/** Clicking a header: the same column flips its direction, another starts ascending. */
export function nextSort(current: SortKey | null, column: EvalColumn): SortKey {
  return current?.column === column ? { column, descending: !current.descending } : { column, descending: false };
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = ['family', 'method', 'method_id', 'd', 'accuracy', 'patch_mse', 'n', 'seed'];

/** One line per row, full precision (a spreadsheet rounds; a CSV should not). */
export function toCsv(rows: readonly EvalResultRow[], run: { n: number; seed: number }): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows)
    lines.push(
      [r.family, rowLabel(r.method), r.method, r.d ?? null, r.accuracy, r.mse, run.n, run.seed].map(csvField).join(','),
    );
  return `${lines.join('\n')}\n`;
}

export type DListCheck = { ok: true; values: number[] } | { ok: false; message: string };

/** The d field: whole numbers 1–784 separated by commas or spaces, at most 12, each once; sorted. */
export function parseDList(text: string): DListCheck {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const want = `whole numbers from ${EVAL_D.min} to ${EVAL_D.max}, separated by commas`;
  if (!parts.length) return { ok: false, message: `Type one or more values of d: ${want}.` };
  if (parts.length > EVAL_D.maxCount) return { ok: false, message: `At most ${EVAL_D.maxCount} values of d.` };
  const values: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isInteger(v) || v < EVAL_D.min || v > EVAL_D.max)
      return { ok: false, message: `“${p.slice(0, 12)}” is not a d the PCA takes: type ${want}.` };
    if (values.includes(v)) return { ok: false, message: `d = ${v} is listed twice.` };
    values.push(v);
  }
  return { ok: true, values: values.sort((a, b) => a - b) };
}

export interface DCurve {
  method: MethodId;
  points: { d: number; accuracy: number | null; mse: number }[];
}

/** Accuracy and MSE against d for each PCA method evaluated on a family. */
export function dCurves(rows: readonly EvalResultRow[], family: MaskFamilyId): DCurve[] {
  const byMethod = new Map<MethodId, DCurve['points']>();
  for (const r of rows) {
    if (r.family !== family || r.d === undefined || isReference(r)) continue;
    const m = r.method as MethodId;
    byMethod.set(m, [...(byMethod.get(m) ?? []), { d: r.d, accuracy: r.accuracy, mse: r.mse }]);
  }
  return [...byMethod].map(([method, points]) => ({ method, points: points.sort((a, b) => a.d - b.d) }));
}

export interface Bars {
  /** One per method: the PCA methods at their best d by accuracy (by MSE without a classifier). */
  methods: { method: MethodId; d?: number; accuracy: number | null; mse: number }[];
  floor?: EvalResultRow;
  ceiling?: EvalResultRow;
}

export function barsFor(rows: readonly EvalResultRow[], family: MaskFamilyId): Bars {
  const mine = rows.filter((r) => r.family === family);
  const best = new Map<MethodId, EvalResultRow>();
  const better = (a: EvalResultRow, b: EvalResultRow) =>
    a.accuracy !== null && b.accuracy !== null ? a.accuracy > b.accuracy : a.mse < b.mse;
  for (const r of mine) {
    if (isReference(r)) continue;
    const m = r.method as MethodId;
    const seen = best.get(m);
    if (!seen || better(r, seen)) best.set(m, r);
  }
  return {
    methods: [...best.values()].map((r) => ({
      method: r.method as MethodId,
      ...(r.d !== undefined ? { d: r.d } : {}),
      accuracy: r.accuracy,
      mse: r.mse,
    })),
    floor: mine.find((r) => r.method === 'gray'),
    ceiling: mine.find((r) => r.method === 'clean'),
  };
}
