// Builds the real train-worker entry for the end-to-end tests, on its own: the full `electron-vite build`
// fails while any other entry is unfinished, and a stale out/main/train-worker.js would test old code.
// Same shape as the app's main build: ESM for Node, every package external (tfjs must stay external,
// or its .wasm files are not found), the training-thread entry (train-replica.js) beside it, flat.
import { resolve } from 'node:path';
import { build } from 'vite';

async function buildEntries(tag: string, entries: Record<string, string>): Promise<string> {
  const outDir = resolve(`out/test-worker-${tag}`);
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: {
        input: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, resolve(file)])),
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  });
  return outDir;
}

/**
 * Returns the path of the freshly built train-worker.js, in out/test-worker-<tag>/ (inside the repo, so
 * node_modules resolve; one folder per test file, as Vitest runs files in parallel).
 */
export async function buildTrainWorker(tag: string): Promise<string> {
  const dir = await buildEntries(tag, {
    'train-worker': 'main/core/jobs/train-worker.ts',
    'train-replica': 'main/core/ml/parallel/replica-worker.ts',
  });
  return resolve(dir, 'train-worker.js');
}

/** Returns the path of a freshly built training-thread entry (train-replica.js) for tests that run threads. */
export async function buildReplicaWorker(tag: string): Promise<string> {
  const dir = await buildEntries(tag, { 'train-replica': 'main/core/ml/parallel/replica-worker.ts' });
  return resolve(dir, 'train-replica.js');
}
