// Model metadata (nested JSON) → readable "key: value" rows for the details view.
const SKIP = new Set(['curve', 'weightsSha256', 'id', 'name', 'kind', 'createdAt']);

export function flattenMeta(meta: Record<string, unknown>, prefix = '', out: [string, string][] = []): [string, string][] {
  for (const [k, v] of Object.entries(meta)) {
    if (SKIP.has(k) && !prefix) continue;
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flattenMeta(v as Record<string, unknown>, key, out);
    else out.push([key, formatValue(v)]);
  }
  return out;
}

function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  if (Array.isArray(v)) return v.length > 8 ? `[${v.length} values]` : v.map(formatValue).join(', ');
  if (v === null || v === undefined) return '—';
  return String(v);
}
