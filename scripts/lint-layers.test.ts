// The layer rules in eslint.config.js, checked on small virtual files: a deliberate cross-layer import must
// fail lint, a legal one must pass. Linting text needs no file on disk; its path picks the rules.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** Every problem ESLint reports for `code` as if it were the file at `path` (relative to the repo). */
async function lint(path: string, code: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

/** A module that imports `name` from `from` and uses it (so only the import itself can be wrong). */
const importing = (from: string, name = 'x') => `import { ${name} } from '${from}';\nexport const y = ${name};\n`;

describe('layer rules (eslint.config.js)', () => {
  const forbidden: [string, string, RegExp][] = [
    ['renderer/x.ts', '../main/core/services', /through the contract/],
    ['renderer/components/x.ts', '../../main/host/server', /through the contract/],
    ['renderer/x.ts', '../preload/index', /preload is Electron-only/],
    ['shared/x.ts', 'node:fs', /outside itself|without Node/],
    ['shared/x.ts', '../main/core/services', /outside itself/],
    ['main/core/x.ts', 'electron', /only main\/electron/],
    ['main/core/x.ts', '../host/server', /knows none of its doors/],
    ['main/core/ml/x.ts', '../../cli/context', /knows none of its doors/],
    ['main/core/x.ts', '../../renderer/state/context', /client of the core/],
    ['main/host/x.ts', 'electron', /only main\/electron/],
    ['main/cli/x.ts', 'electron', /only main\/electron/],
  ];
  for (const [path, from, reason] of forbidden) {
    it(`fails ${path} importing '${from}'`, async () => {
      const problems = await lint(path, importing(from));
      expect(problems).toHaveLength(1);
      expect(problems[0].rule).toBe('no-restricted-imports');
      expect(problems[0].message).toMatch(reason);
    });
  }

  it('fails a Svelte component importing the core', async () => {
    const code = `<script lang="ts">\n  import { x } from '../../main/core/services';\n</script>\n\n<p>{x}</p>\n`;
    const problems = await lint('renderer/components/X.svelte', code);
    expect(problems.map((p) => p.rule)).toEqual(['no-restricted-imports']);
  });

  const legal: [string, string][] = [
    ['renderer/x.ts', '../shared/contract'],
    ['renderer/components/x.ts', '../../shared/methods'],
    ['main/electron/x.ts', 'electron'],
    ['main/core/x.ts', '../../shared/contract'],
    ['main/core/x.ts', 'node:fs'],
    ['main/host/x.ts', '../core/services'],
    ['shared/x.ts', './image'],
  ];
  for (const [path, from] of legal) {
    it(`passes ${path} importing '${from}'`, async () => {
      expect(await lint(path, importing(from))).toEqual([]);
    });
  }
});

describe('non-null assertions', () => {
  const code = 'export const len = (s?: string): number => s!.length;\n';

  it('fail in source', async () => {
    for (const path of ['main/core/x.ts', 'shared/x.ts', 'renderer/x.ts']) {
      expect((await lint(path, code)).map((p) => p.rule)).toEqual(['@typescript-eslint/no-non-null-assertion']);
    }
  });

  it('are allowed in tests, which assert what they have just checked', async () => {
    expect(await lint('main/core/x.test.ts', code)).toEqual([]);
  });
});
