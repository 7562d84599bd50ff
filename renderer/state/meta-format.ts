// Model metadata (nested JSON) → readable "key: value" rows for the details view.
const SKIP = new Set(['curve', 'weightsSha256', 'id', 'name', 'kind', 'createdAt']);

export function flattenMeta(
  meta: Record<string, unknown>,
  prefix = '',
  out: [string, string][] = [],
): [string, string][] {
  for (const [k, v] of Object.entries(meta)) {
    if (SKIP.has(k) && !prefix) continue;
    const key = prefix ? `${prefix}.${k}` : k;
    if (key === 'eval.rows' || key === 'eval.families') continue; // shown as tables (evalRows, evalFamilies)
    if (v && typeof v === 'object' && !Array.isArray(v)) flattenMeta(v as Record<string, unknown>, key, out);
    else out.push([key, formatValue(v)]);
  }
  return out;
}

export interface EvalRowView {
  method: string;
  d: string;
  mse: string;
  psnr: string;
  accuracy: string;
}

/** The `eval` figures a model carries (metadata.eval.rows, written by `cli eval`), ready for a table. */
export function evalRows(meta: Record<string, unknown>): EvalRowView[] {
  const rows = (meta.eval as { rows?: unknown } | undefined)?.rows;
  if (!Array.isArray(rows)) return [];
  const num = (x: unknown, digits: number) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '—');
  return rows
    .filter(
      (r): r is Record<string, unknown> =>
        !!r && typeof r === 'object' && typeof (r as { method?: unknown }).method === 'string',
    )
    .map((r) => ({
      method: String(r.method),
      d: r.d === undefined ? '' : String(r.d),
      mse: num(r.mse, 4),
      psnr: num(r.psnr, 2),
      accuracy: num(r.accuracy, 4),
    }));
}

/** Accuracy / MSE per mask family (metadata.eval.families, from `eval --protocol all`): a row per method (and d). */
export function evalFamilies(meta: Record<string, unknown>): {
  families: string[];
  rows: { label: string; cells: string[] }[];
} {
  const families = (meta.eval as { families?: unknown } | undefined)?.families;
  if (!families || typeof families !== 'object') return { families: [], rows: [] };
  const names = Object.keys(families);
  const byLabel = new Map<string, string[]>();
  names.forEach((family, col) => {
    for (const r of evalRows({ eval: { rows: (families as Record<string, unknown>)[family] } })) {
      const label = r.d ? `${r.method} d=${r.d}` : r.method;
      const cells = byLabel.get(label) ?? names.map(() => '—');
      cells[col] = r.mse === '0.0000' ? r.accuracy : `${r.accuracy} / ${r.mse}`;
      byLabel.set(label, cells);
    }
  });
  return { families: names, rows: [...byLabel].map(([label, cells]) => ({ label, cells })) };
}

function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  if (Array.isArray(v)) return v.length > 8 ? `[${v.length} values]` : v.map(formatValue).join(', ');
  if (v === null || v === undefined) return '—';
  return String(v);
}
