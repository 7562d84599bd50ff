import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Top-level main/ preload/ renderer/ (not the src/ layout electron-vite assumes by default).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // tfjs-node is optional: it must stay a runtime import, never bundled.
      externalizeDeps: { include: ['@tensorflow/tfjs-node'] },
      lib: {
        entry: {
          index: resolve('main/electron/index.ts'),
          cli: resolve('main/cli/cli.ts'),
          'browser-host': resolve('main/host/browser-host.ts'),
          'train-worker': resolve('main/core/jobs/train-worker.ts'),
          'eval-worker': resolve('main/core/jobs/eval-worker.ts'),
          // one training thread of a data-parallel run (found beside the bundle as train-replica.js)
          'train-replica': resolve('main/core/ml/parallel/replica-worker.ts'),
          'inference-worker': resolve('main/core/inference/inference-worker.ts'),
        },
        formats: ['es'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be CommonJS.
      lib: { entry: resolve('preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [svelte()],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
