import { describe, expect, it } from 'vitest';
import { History } from './history';

describe('History', () => {
  it('undoes and redoes one pushed step at a time', () => {
    const h = new History('a');
    h.push('b');
    h.push('c');
    expect(h.undo()).toBe('b');
    expect(h.undo()).toBe('a');
    expect(h.canUndo).toBe(false);
    expect(h.undo()).toBe('a');
    expect(h.redo()).toBe('b');
    expect(h.redo()).toBe('c');
    expect(h.canRedo).toBe(false);
  });

  it('forgets the redo branch after a new push', () => {
    const h = new History(0);
    h.push(1);
    h.undo();
    h.push(2);
    expect(h.canRedo).toBe(false);
    expect(h.redo()).toBe(2);
    expect(h.undo()).toBe(0);
  });

  it('keeps at most the configured number of undo steps', () => {
    const h = new History(0, 3);
    for (let i = 1; i <= 10; i++) h.push(i);
    let steps = 0;
    while (h.canUndo) {
      h.undo();
      steps++;
    }
    expect(steps).toBe(3);
    expect(h.current).toBe(7);
  });
});
