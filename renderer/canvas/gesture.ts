// The drawing tools as one small state machine: Idle → Drawing(pointerId, op) → Idle.
// down() starts an op, move() grows it, up() hands back the finished op to commit as one undo step.
import type { Op, StrokeEffect, StrokePoint } from './document';

export type ToolId = 'brush' | 'eraser' | 'mark' | 'unmark';
export type MaskShape = 'brush' | 'rect';

export interface ToolSettings {
  tool: ToolId;
  /** Brush diameter in cells. */
  size: number;
  /** When false a pen draws at full size whatever its pressure. */
  pressure: boolean;
  /** Mark and un-mark paint with the brush or drag a rectangle. */
  maskShape: MaskShape;
}

/** The parts of a PointerEvent the tools need, already in cell coordinates. */
export interface PointerSample {
  pointerId: number;
  x: number;
  y: number;
  pressure: number;
  pointerType: string;
  button: number;
  buttons: number;
}

const TOOL_EFFECT: Record<ToolId, StrokeEffect> = { brush: 'ink', eraser: 'erase', mark: 'mark', unmark: 'unmark' };

/** A pen's eraser end reports button 5 on press and the 32 bit in `buttons` while down. */
export function isPenEraser(s: Pick<PointerSample, 'pointerType' | 'button' | 'buttons'>): boolean {
  return s.pointerType === 'pen' && (s.button === 5 || (s.buttons & 32) !== 0);
}

/** Width at a sample: pen pressure scales it from a quarter to the full brush size. */
export function widthAt(s: Pick<PointerSample, 'pressure' | 'pointerType'>, settings: ToolSettings): number {
  if (!settings.pressure || s.pointerType !== 'pen') return settings.size;
  const p = Math.min(1, Math.max(0, s.pressure));
  return settings.size * (0.25 + 0.75 * p);
}

/** Samples closer than this (cells) to the previous one add nothing visible. */
const MIN_STEP = 0.08;

type State = { name: 'idle' } | { name: 'drawing'; pointerId: number; op: Op };

export class GestureMachine {
  private state: State = { name: 'idle' };

  get active(): boolean {
    return this.state.name === 'drawing';
  }

  /** Starts a gesture; returns the op in progress. A second pointer while drawing is ignored. */
  down(s: PointerSample, settings: ToolSettings): Op | null {
    if (this.state.name === 'drawing') return null;
    if (s.pointerType === 'mouse' && s.button !== 0) return null;
    const eraser = isPenEraser(s);
    const effect: StrokeEffect = eraser ? 'erase' : TOOL_EFFECT[settings.tool];
    let op: Op;
    if (!eraser && (effect === 'mark' || effect === 'unmark') && settings.maskShape === 'rect') {
      op = { kind: 'rect', effect, x0: s.x, y0: s.y, x1: s.x, y1: s.y };
    } else {
      op = { kind: 'stroke', effect, points: [{ x: s.x, y: s.y, width: widthAt(s, settings) }] };
    }
    this.state = { name: 'drawing', pointerId: s.pointerId, op };
    return op;
  }

  /** Adds this frame's samples (coalesced events) to the op; returns the new op, or null if not ours. */
  move(samples: readonly PointerSample[], settings: ToolSettings): Op | null {
    if (this.state.name !== 'drawing') return null;
    const mine = samples.filter((s) => s.pointerId === (this.state as { pointerId: number }).pointerId);
    if (mine.length === 0) return null;
    const op = this.state.op;
    let next: Op;
    if (op.kind === 'rect') {
      const last = mine[mine.length - 1];
      next = { ...op, x1: last.x, y1: last.y };
    } else {
      const points: StrokePoint[] = [...op.points];
      for (const s of mine) {
        const prev = points[points.length - 1];
        if (Math.hypot(s.x - prev.x, s.y - prev.y) < MIN_STEP) continue;
        points.push({ x: s.x, y: s.y, width: widthAt(s, settings) });
      }
      next = { ...op, points };
    }
    this.state = { ...this.state, op: next };
    return next;
  }

  /** Ends the gesture; the returned op is the one undo step to commit. */
  up(pointerId: number): Op | null {
    if (this.state.name !== 'drawing' || this.state.pointerId !== pointerId) return null;
    const op = this.state.op;
    this.state = { name: 'idle' };
    return op;
  }

  /** Drops the gesture (pointercancel, Escape): nothing is committed. */
  cancel(): void {
    this.state = { name: 'idle' };
  }
}
