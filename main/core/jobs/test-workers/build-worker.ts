// Builds the real worker entries for the end-to-end tests, on their own: the full `electron-vite build`
// fails while any other entry is unfinished, and a stale out/main/train-worker.js would test old code.
// Same shape as the app's main build: ESM for Node, every package external (tfjs must stay external,
// or its .wasm files are not found), the training-thread entry (train-replica.js) beside the trainer, flat.
import { resolve } from 'node:path';
import { build } from 'vite';

/** Builds the named entries (output name → source file) into out/<folder>/ and returns that folder. */
async function buildEntries(folder: string, entries: Record<string, string>): Promise<string> {
  const outDir = resolve(`out/${folder}`);
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
  const dir = await buildEntries(`test-worker-${tag}`, {
    'train-worker': 'main/core/jobs/train-worker.ts',
    'train-replica': 'main/core/ml/parallel/replica-worker.ts',
  });
  return resolve(dir, 'train-worker.js');
}

/** Returns the path of a freshly built training-thread entry (train-replica.js) for tests that run threads. */
export async function buildReplicaWorker(tag: string): Promise<string> {
  const dir = await buildEntries(`test-worker-${tag}`, {
    'train-replica': 'main/core/ml/parallel/replica-worker.ts',
  });
  return resolve(dir, 'train-replica.js');
}

/** The real eval-worker entry (main/core/jobs/eval-worker.ts), built the same way into out/test-eval-<tag>/. */
export async function buildEvalWorker(tag: string): Promise<string> {
  const dir = await buildEntries(`test-eval-${tag}`, { 'eval-worker': 'main/core/jobs/eval-worker.ts' });
  return resolve(dir, 'eval-worker.js');
}

/**
 * The inference worker thread's entry (main/core/inference/inference-worker.ts), or a test entry serving
 * the same protocol, built the same way into out/test-inference-<tag>/.
 */
export async function buildInferenceWorker(
  tag: string,
  entry = 'main/core/inference/inference-worker.ts',
): Promise<string> {
  const dir = await buildEntries(`test-inference-${tag}`, { 'inference-worker': entry });
  return resolve(dir, 'inference-worker.js');
}
