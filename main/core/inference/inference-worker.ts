// Entry of the inference worker thread (worker_threads): the active models live here, so a slow or
// crashing method never blocks Electron's main process, the browser host's event loop or the CLI.
import { parentPort } from 'node:worker_threads';
import { serveInference } from './inference-server';

if (!parentPort) throw new Error('inference-worker.js runs as a worker thread, not on its own');
void serveInference(parentPort);
