import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'main/**/*.test.ts',
      'preload/**/*.test.ts',
      'shared/**/*.test.ts',
      'renderer/**/*.test.ts',
      'scripts/**/*.test.mjs',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // tfjs backends are process-global; isolate files in forks.
    pool: 'forks',
    // Trainers under test run single-threaded unless a test asks for threads (and builds their entry):
    // the source tree has no built train-replica.js, and test files already run in parallel.
    env: { INPAINT_TRAIN_WORKERS: '1' },
  },
});
