// What the app exposes on window for end-to-end tests: latency samples and the last rendered results.
import type { MethodId } from '../../preload/contract';

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
  }
}

export function recordLatency(ms: number): void {
  (window.__inpaintLatency ??= []).push(ms);
}

export function publishLast(last: LastResults): void {
  window.__inpaintLast = last;
}
