// Builds the real train-worker entry for the end-to-end tests, on its own: the full `electron-vite build`
// fails while any other entry is unfinished, and a stale out/main/train-worker.js would test old code.
// Same shape as the app's main build: ESM for Node, every package external (tfjs must stay external,
// or its .wasm files are not found).
import { resolve } from 'node:path';
import { build } from 'vite';

/**
 * Returns the path of the freshly built train-worker.js, in out/test-worker-<tag>/ (inside the repo, so
 * node_modules resolve; one folder per test file, as Vitest runs files in parallel).
 */
export async function buildTrainWorker(tag: string): Promise<string> {
  return buildWorkerEntry('main/core/jobs/train-worker.ts', 'train-worker.js', `test-worker-${tag}`);
}

/** The real eval-worker entry (main/core/jobs/eval-worker.ts), built the same way into out/test-eval-<tag>/. */
export async function buildEvalWorker(tag: string): Promise<string> {
  return buildWorkerEntry('main/core/jobs/eval-worker.ts', 'eval-worker.js', `test-eval-${tag}`);
}

/**
 * The inference worker thread's entry (main/core/inference/inference-worker.ts), or a test entry serving
 * the same protocol, built the same way into out/test-inference-<tag>/.
 */
export async function buildInferenceWorker(
  tag: string,
  entry = 'main/core/inference/inference-worker.ts',
): Promise<string> {
  return buildWorkerEntry(entry, 'inference-worker.js', `test-inference-${tag}`);
}

async function buildWorkerEntry(entry: string, fileName: string, folder: string): Promise<string> {
  const outDir = resolve(`out/${folder}`);
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: resolve(entry),
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: fileName } },
    },
  });
  return resolve(outDir, fileName);
}
