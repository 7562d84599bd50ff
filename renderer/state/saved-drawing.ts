// The drawing (ink and missing pixels) and where it came from, kept in localStorage so a reload brings it
// back. 8-bit ink: what the canvas shows and what the panels' fingerprints read are 8-bit already.
import type { Source } from './drawing.svelte';
import { PIXELS } from '../canvas/document';

const KEY = 'inpaint-studio.drawing';

export interface SavedDrawing {
  ink: Float32Array;
  mask: Uint8Array;
  source: Source;
}

export function saveDrawing(ink: ArrayLike<number>, mask: ArrayLike<number>, source: Source): void {
  try {
    const q = Array.from(ink, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
    localStorage.setItem(KEY, JSON.stringify({ v: 1, ink: q, mask: Array.from(mask).join(''), source }));
  } catch {
    // storage full or disabled: the drawing just does not survive a reload
  }
}

/** The saved drawing, or null when there is none or it is not one this version wrote. */
export function loadDrawing(): SavedDrawing | null {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as {
      v?: number;
      ink?: number[];
      mask?: string;
      source?: Source;
    } | null;
    if (!raw || raw.v !== 1 || !Array.isArray(raw.ink) || raw.ink.length !== PIXELS) return null;
    if (typeof raw.mask !== 'string' || !/^[01]{784}$/.test(raw.mask)) return null;
    const source: Source = raw.source?.kind === 'sample' ? raw.source : { kind: 'blank' };
    return {
      ink: Float32Array.from(raw.ink, (v) => (Number.isFinite(v) ? Math.min(255, Math.max(0, v)) / 255 : 0)),
      mask: Uint8Array.from(raw.mask, (c) => (c === '1' ? 1 : 0)),
      source,
    };
  } catch {
    return null;
  }
}
