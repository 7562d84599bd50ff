import { describe, expect, it } from 'vitest';
import { GestureMachine, isPenEraser, widthAt, type PointerSample, type ToolSettings } from './gesture';

const settings: ToolSettings = { tool: 'brush', size: 2, pressure: true, maskShape: 'brush' };
const mouse = (x: number, y: number, extra: Partial<PointerSample> = {}): PointerSample => ({
  pointerId: 1,
  x,
  y,
  pressure: 0.5,
  pointerType: 'mouse',
  button: 0,
  buttons: 1,
  ...extra,
});
const pen = (x: number, y: number, pressure: number, extra: Partial<PointerSample> = {}): PointerSample =>
  mouse(x, y, { pointerType: 'pen', pressure, pointerId: 2, ...extra });

describe('GestureMachine', () => {
  it('turns down, moves and up into one ink stroke', () => {
    const g = new GestureMachine();
    g.down(mouse(1, 1), settings);
    g.move([mouse(2, 1), mouse(3, 1)], settings);
    const op = g.up(1);
    expect(op).toMatchObject({ kind: 'stroke', effect: 'ink' });
    expect(op?.kind === 'stroke' && op.points.map((p) => p.x)).toEqual([1, 2, 3]);
    expect(g.active).toBe(false);
    expect(g.up(1)).toBeNull();
  });

  it('ignores other pointers and a second press while drawing', () => {
    const g = new GestureMachine();
    g.down(mouse(1, 1), settings);
    expect(g.down(mouse(5, 5, { pointerId: 9 }), settings)).toBeNull();
    expect(g.move([mouse(5, 5, { pointerId: 9 })], settings)).toBeNull();
    expect(g.up(9)).toBeNull();
    expect(g.up(1)).not.toBeNull();
  });

  it('ignores right-button mouse presses', () => {
    expect(new GestureMachine().down(mouse(1, 1, { button: 2 }), settings)).toBeNull();
  });

  it('erases with a pen eraser end whatever tool is selected', () => {
    const g = new GestureMachine();
    const op = g.down(pen(1, 1, 1, { button: 5, buttons: 32 }), { ...settings, tool: 'mark' });
    expect(op).toMatchObject({ kind: 'stroke', effect: 'erase' });
  });

  it('drags a rectangle for mark in rectangle mode', () => {
    const g = new GestureMachine();
    const s: ToolSettings = { ...settings, tool: 'mark', maskShape: 'rect' };
    g.down(mouse(2, 3), s);
    g.move([mouse(5, 6), mouse(8, 9)], s);
    expect(g.up(1)).toEqual({ kind: 'rect', effect: 'mark', x0: 2, y0: 3, x1: 8, y1: 9 });
  });

  it('drops a cancelled gesture', () => {
    const g = new GestureMachine();
    g.down(mouse(1, 1), settings);
    g.cancel();
    expect(g.up(1)).toBeNull();
  });

  it('skips samples too close to the previous one', () => {
    const g = new GestureMachine();
    g.down(mouse(1, 1), settings);
    const op = g.move([mouse(1.01, 1), mouse(1.02, 1)], settings);
    expect(op?.kind === 'stroke' && op.points.length).toBe(1);
  });
});

describe('pen details', () => {
  it('scales width with pen pressure only when pressure is on', () => {
    expect(widthAt(pen(0, 0, 1), settings)).toBe(2);
    expect(widthAt(pen(0, 0, 0.2), settings)).toBeCloseTo(0.8, 6);
    expect(widthAt(pen(0, 0, 0.2), { ...settings, pressure: false })).toBe(2);
    expect(widthAt(mouse(0, 0, { pressure: 0 }), settings)).toBe(2);
  });

  it('recognises the eraser end by button 5 or the 32 buttons bit', () => {
    expect(isPenEraser({ pointerType: 'pen', button: 5, buttons: 0 })).toBe(true);
    expect(isPenEraser({ pointerType: 'pen', button: -1, buttons: 32 })).toBe(true);
    expect(isPenEraser({ pointerType: 'pen', button: 0, buttons: 1 })).toBe(false);
    expect(isPenEraser({ pointerType: 'mouse', button: 5, buttons: 32 })).toBe(false);
  });
});
