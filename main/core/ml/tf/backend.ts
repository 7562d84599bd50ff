// Backend chain: tfjs-node (native TensorFlow) if it loads, else wasm (with our matmul fix), else cpu.
// INPAINT_BACKEND=tensorflow|node|wasm|cpu forces one. The reason string tells the user why the better
// backend is not used, so every surface (CLI, UI) can show it.
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from '../../../../shared/contract';
import { installWasmMatMulFix } from './wasm-matmul-fix';
import { installWasmConvFix } from './wasm-conv-fix';

type Choice = BackendInfo['name'];
let current: BackendInfo | null = null;
let pending: Promise<BackendInfo> | null = null;

function normalise(force: string | undefined): Choice | undefined {
  if (!force) return undefined;
  const f = force.trim().toLowerCase();
  if (f === 'node' || f === 'tensorflow' || f === 'tfjs-node') return 'tensorflow';
  if (f === 'wasm' || f === 'cpu') return f;
  throw new Error(`unknown backend "${force}": use tensorflow (or node), wasm or cpu`);
}

function message(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0];
}

async function tryNode(): Promise<string | null> {
  try {
    const spec = '@tensorflow/tfjs-node'; // a variable specifier: TypeScript and the bundler accept its absence
    await import(/* @vite-ignore */ spec);
    if (!(await tf.setBackend('tensorflow'))) return 'tfjs-node loaded but its backend did not start';
    return null;
  } catch (err) {
    // The usual case: npm skipped the optional package because its libtensorflow download failed.
    // Say that in words a user can act on, not with an internal bundle path.
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      return (
        'tfjs-node is not installed: npm skips this optional native package where its TensorFlow download fails ' +
        '(npm install @tensorflow/tfjs-node@4.22.0 adds it)'
      );
    }
    return `tfjs-node is not installed: it failed to load (${message(err)})`;
  }
}

async function tryWasm(): Promise<string | null> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) return 'the wasm backend did not start (its .wasm files were not found)';
    installWasmMatMulFix();
    installWasmConvFix();
    return null;
  } catch (err) {
    return `the wasm backend failed: ${message(err)}`;
  }
}

async function choose(force: Choice | undefined): Promise<BackendInfo> {
  if (force === 'tensorflow') {
    const err = await tryNode();
    if (err) throw new Error(`INPAINT_BACKEND asks for tensorflow, but ${err}`);
    return { name: 'tensorflow', reason: 'forced by INPAINT_BACKEND' };
  }
  if (force === 'wasm') {
    const err = await tryWasm();
    if (err) throw new Error(`INPAINT_BACKEND asks for wasm, but ${err}`);
    return { name: 'wasm', reason: 'forced by INPAINT_BACKEND (tfjs-node not tried)' };
  }
  if (force === 'cpu') {
    await tf.setBackend('cpu');
    return { name: 'cpu', reason: 'forced by INPAINT_BACKEND (slow: plain JavaScript)' };
  }
  const nodeErr = await tryNode();
  if (!nodeErr) return { name: 'tensorflow', reason: 'native TensorFlow through tfjs-node' };
  const wasmErr = await tryWasm();
  if (!wasmErr) return { name: 'wasm', reason: nodeErr };
  await tf.setBackend('cpu');
  return { name: 'cpu', reason: `${nodeErr}; ${wasmErr}` };
}

/** Pick and start the best backend once (later calls return the same answer). */
export async function initBackend(force: string | undefined = process.env.INPAINT_BACKEND): Promise<BackendInfo> {
  if (current) return current;
  if (!pending) {
    pending = (async () => {
      const info = await choose(normalise(force));
      await tf.ready();
      current = info;
      return info;
    })();
    pending.catch(() => (pending = null));
  }
  return pending;
}

/** The backend in use; before initBackend, whatever tfjs runs on by default. */
export function currentBackend(): BackendInfo {
  if (current) return current;
  const name = tf.getBackend();
  const known: Choice = name === 'tensorflow' || name === 'wasm' ? name : 'cpu';
  return { name: known, reason: 'initBackend() has not run yet' };
}
