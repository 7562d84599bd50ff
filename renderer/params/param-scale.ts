// A parameter's slider and its field: the slider's stops (log-spaced where small values matter, every stop a
// different value) and the check that refuses a typed value at the field, in words.
import type { MethodParamSpec } from '../../shared/methods';

/** Slider positions → values. Log scale: ~40 stops per decade, duplicates dropped, so each step moves. */
export function sliderStops(spec: MethodParamSpec): number[] {
  if (spec.scale === 'linear' || spec.min <= 0) {
    const out: number[] = [];
    const step = spec.integer ? 1 : (spec.max - spec.min) / 200;
    for (let v = spec.min; v <= spec.max + 1e-9; v += step) out.push(spec.integer ? Math.round(v) : v);
    return out;
  }
  const decades = Math.log10(spec.max / spec.min);
  const n = Math.max(2, Math.ceil(decades * 40));
  const out: number[] = [];
  for (let i = 0; i <= n; i++) {
    const raw = spec.min * Math.pow(spec.max / spec.min, i / n);
    const v = spec.integer ? Math.round(raw) : Number(raw.toPrecision(3));
    if (out[out.length - 1] !== v) out.push(v);
  }
  out[out.length - 1] = spec.max;
  return out;
}

/** The stop closest to `value` (what the slider shows for a typed value). */
export function nearestStop(stops: readonly number[], value: number): number {
  let best = 0;
  for (let i = 1; i < stops.length; i++) if (Math.abs(stops[i] - value) < Math.abs(stops[best] - value)) best = i;
  return best;
}

export type ParamCheck = { ok: true; value: number } | { ok: false; message: string };

/** What a typed number must be: a method parameter or a training setting. */
export type NumberSpec = Pick<MethodParamSpec, 'label' | 'min' | 'max' | 'integer'>;

/** A typed value, refused in words when it is not one the method (or setting) takes. */
export function checkParam(spec: NumberSpec, text: string): ParamCheck {
  const range = `${spec.min} to ${spec.max}`;
  const want = spec.integer ? `a whole number from ${range}` : `a number from ${range}`;
  const t = text.trim();
  if (t === '') return { ok: false, message: `Type ${want}.` };
  const v = Number(t);
  if (!Number.isFinite(v)) return { ok: false, message: `“${t.slice(0, 12)}” is not a number: type ${want}.` };
  if (spec.integer && !Number.isInteger(v)) return { ok: false, message: `${spec.label} must be ${want}.` };
  if (v < spec.min) return { ok: false, message: `At least ${spec.min}: ${spec.label} must be ${want}.` };
  if (v > spec.max) return { ok: false, message: `At most ${spec.max}: ${spec.label} must be ${want}.` };
  return { ok: true, value: v };
}
