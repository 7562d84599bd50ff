// Lint for the whole repo. Its main job is holding the layers apart (docs/ARCHITECTURE.md):
// shared imports nothing outside itself, Node or Electron; the renderer reaches the core only through
// the contract in shared/; the core knows none of its doors; only the Electron door imports electron.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'url',
  'zlib',
  'http',
  'net',
];

/** One no-restricted-imports rule per layer: `groups` are the forbidden import patterns with their reason. */
function forbid(...groups) {
  return {
    'no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }],
  };
}
const noElectron = [['electron'], 'only main/electron/ (and the preload) may import electron'];
const noNode = [NODE_BUILTINS, 'this layer runs without Node'];
const noMain = [
  ['**/main/**', '../main', '../../main'],
  'the core is reached through the contract (shared/contract.ts), never imported',
];
const noPreload = [['**/preload/**'], 'the preload is Electron-only; shared code lives in shared/'];
const noRenderer = [['**/renderer/**'], 'the renderer is a client of the core, not a library of it'];
const noDoors = [
  ['**/electron/**', '**/host/**', '**/cli/**'],
  'the core knows none of its doors (Electron, browser host, CLI)',
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  prettier,
  ...svelte.configs['flat/prettier'],
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true, ignorePattern: '^\\s*(import|export) ' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  // Tests may assert what they have just checked.
  { files: ['**/*.test.ts', 'e2e/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
  // Layers.
  {
    files: ['shared/**'],
    rules: forbid([['../*', '../**'], 'shared/ imports nothing outside itself'], noElectron, noNode),
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: globals.browser },
    rules: forbid(noMain, noPreload, noElectron, noNode),
  },
  { files: ['preload/**'], rules: forbid(noMain, noRenderer, noNode) },
  { files: ['main/**', 'scripts/**', 'bin/**', 'e2e/**', '*.ts', '*.js'], languageOptions: { globals: globals.node } },
  // Playwright reads a fixture's first parameter as a destructuring pattern to learn its dependencies;
  // a fixture with none must still write `{}` there.
  { files: ['e2e/fixture.ts'], rules: { 'no-empty-pattern': 'off' } },
  { files: ['main/core/**'], rules: forbid(noElectron, noDoors, noRenderer, noPreload) },
  { files: ['main/host/**', 'main/cli/**'], rules: forbid(noElectron, noRenderer, noPreload) },
  { files: ['main/electron/**'], rules: forbid(noRenderer, noPreload) },
);
