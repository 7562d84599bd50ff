import { describe, expect, it } from 'vitest';
import { METHODS } from './methods';

describe('the method registry', () => {
  it('names every value of a choice parameter, and its default is one of them', () => {
    const choices = METHODS.flatMap((m) => Object.values(m.params).filter((p) => p.choices));
    expect(choices.length).toBeGreaterThan(0);
    for (const p of choices) {
      expect(p.integer).toBe(true);
      expect(p.choices).toHaveLength(p.max - p.min + 1);
      expect(p.default).toBeGreaterThanOrEqual(p.min);
      expect(p.default).toBeLessThanOrEqual(p.max);
    }
  });
});
