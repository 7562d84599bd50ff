import { describe, expect, it } from 'vitest';
import { commandFor } from './shortcuts';

describe('commandFor', () => {
  it('maps the tool keys regardless of case', () => {
    expect(commandFor({ key: 'b' })).toBe('tool.brush');
    expect(commandFor({ key: 'E', shiftKey: true })).toBe('tool.eraser');
    expect(commandFor({ key: 'm' })).toBe('tool.mark');
    expect(commandFor({ key: 'u' })).toBe('tool.unmark');
    expect(commandFor({ key: '[' })).toBe('size.down');
    expect(commandFor({ key: ']' })).toBe('size.up');
    expect(commandFor({ key: '?', shiftKey: true })).toBe('help');
    expect(commandFor({ key: 'X', shiftKey: true })).toBe('view.error-map');
  });

  it('maps undo and the three redo chords', () => {
    expect(commandFor({ key: 'z', ctrlKey: true })).toBe('undo');
    expect(commandFor({ key: 'z', metaKey: true })).toBe('undo');
    expect(commandFor({ key: 'Z', ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(commandFor({ key: 'z', metaKey: true, shiftKey: true })).toBe('redo');
    expect(commandFor({ key: 'y', ctrlKey: true })).toBe('redo');
  });

  it('leaves other modified keys to the browser', () => {
    expect(commandFor({ key: 'b', ctrlKey: true })).toBeNull();
    expect(commandFor({ key: 'c', metaKey: true })).toBeNull();
    expect(commandFor({ key: 'b', altKey: true })).toBeNull();
    expect(commandFor({ key: 'x', ctrlKey: true })).toBeNull(); // cut stays the browser's
    expect(commandFor({ key: 'q' })).toBeNull();
  });
});
