import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../shared/methods';
import { methodHelp, methodTableMarkdown } from './method-table';

describe('the method registry as text', () => {
  it('lists every registered method in the CLI help, with its label', () => {
    const help = methodHelp();
    for (const m of METHODS) {
      expect(help).toContain(m.id);
      expect(help).toContain(m.label);
    }
  });

  it("is the README's method table, exactly (regenerate it from methodTableMarkdown when a method changes)", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const between = /<!-- methods:start -->\n([\s\S]*?)\n<!-- methods:end -->/.exec(readme);
    expect(between?.[1]).toBe(methodTableMarkdown());
  });
});
