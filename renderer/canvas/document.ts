// The drawing document: a base bitmap (a loaded digit, or blank) plus the operations drawn on it, in order.
// Coordinates are in cell units: (0,0) is the top-left corner of the 28×28 grid, (28,28) the bottom-right.
// The image facts the models use (28×28, missing pixels gray 0.5): one definition for core and UI.
import { GRAY, PIXELS, SIDE } from '../../shared/image';

export { GRAY, PIXELS, SIDE };

/** A sampled pointer position with the stroke width (in cells) at that point. */
export interface StrokePoint {
  x: number;
  y: number;
  width: number;
}

export type StrokeEffect = 'ink' | 'erase' | 'mark' | 'unmark';
export type MaskEffect = 'mark' | 'unmark';

export type Op =
  | { kind: 'stroke'; effect: StrokeEffect; points: StrokePoint[] }
  | { kind: 'rect'; effect: MaskEffect; x0: number; y0: number; x1: number; y1: number };

/** Immutable: a change makes a new Doc, so history can keep snapshots cheaply (arrays are shared). */
export interface Doc {
  /** Ink in [0,1] before any op: zeros, or a loaded digit. */
  readonly base: Float32Array;
  /** Missing pixels before any op (1 = missing): none, or a loaded center-gray patch. */
  readonly baseMask: Uint8Array;
  readonly ops: readonly Op[];
}

export function emptyDoc(): Doc {
  return { base: new Float32Array(PIXELS), baseMask: new Uint8Array(PIXELS), ops: [] };
}

export function withOp(doc: Doc, op: Op): Doc {
  return { ...doc, ops: [...doc.ops, op] };
}

/** A document that starts from a bitmap and a mask (a loaded digit), with nothing drawn yet. */
export function docFromBitmap(image: ArrayLike<number>, mask: ArrayLike<number>): Doc {
  if (image.length !== PIXELS || mask.length !== PIXELS) {
    throw new Error(`expected ${PIXELS} pixels, got image ${image.length} and mask ${mask.length}`);
  }
  return { base: Float32Array.from(image), baseMask: Uint8Array.from(mask, (m) => (m ? 1 : 0)), ops: [] };
}

/** Same ink, a different starting mask; drawn mask edits are dropped so the new patch is what you see. */
export function withBaseMask(doc: Doc, mask: ArrayLike<number>): Doc {
  return {
    base: doc.base,
    baseMask: Uint8Array.from(mask, (m) => (m ? 1 : 0)),
    ops: doc.ops.filter((op) => op.kind === 'stroke' && (op.effect === 'ink' || op.effect === 'erase')),
  };
}
