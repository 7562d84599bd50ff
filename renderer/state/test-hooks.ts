// What the app exposes on window for end-to-end tests: latency samples and the last rendered results.
import type { MethodId } from '../../shared/contract';

export interface LastResults {
  serial: number;
  input: number[];
  mask: number[];
  results: Partial<Record<MethodId, number[] | null>>;
}

declare global {
  interface Window {
    /** Milliseconds from pointer-up to every result panel showing the result of the final input. */
    __inpaintLatency?: number[];
    __inpaintLast?: LastResults;
    /** Milliseconds from sending an inpaint request to its result drawn in every panel. */
    __inpaintRoundTrip?: number[];
  }
}

export function recordLatency(ms: number): void {
  const all = (window.__inpaintLatency ??= []);
  all.push(ms);
  if (all.length > 1000) all.splice(0, all.length - 1000);
}

export function recordRoundTrip(ms: number): void {
  const all = (window.__inpaintRoundTrip ??= []);
  all.push(ms);
  if (all.length > 1000) all.splice(0, all.length - 1000);
}

export function publishLast(last: LastResults): void {
  window.__inpaintLast = last;
}
