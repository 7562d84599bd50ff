// A test entry of the inference worker: the real protocol and models, but `pca` misbehaves on request,
// chosen by its d parameter, so the tests can make the worker hang, crash or run out of memory mid-request.
import * as tf from '@tensorflow/tfjs';
import { parentPort } from 'node:worker_threads';
import type { ModelKind } from '../../../../shared/contract';
import { PIXELS } from '../../../../shared/image';
import { loadModel } from '../../ml/load-model';
import type { ModelFiles } from '../../ml/model-files';
import { serveInference } from '../inference-server';
import { LoadedModels } from '../loaded-models';
import type { ToInference } from '../messages';
import {
  CRASH_ON_LOAD,
  EXIT,
  HANG,
  OUT_OF_MEMORY,
  SLOW,
  TENSOR_COUNT,
  THROW,
} from './misbehaving-inference-worker-codes';

if (!parentPort) throw new Error('a worker thread entry');
const port = parentPort;

// A throw in a message listener is an uncaught exception of the worker: registered first, it runs first.
// Only a request that runs `pca` throws (a pool's worker that only judges the input is unaffected).
port.on('message', (m: ToInference) => {
  if (m.type === 'inpaint' && m.req.params?.d === THROW && m.req.methods.includes('pca'))
    throw new Error('a test method blew up');
});

async function misbehavingLoad(kind: ModelKind, files: ModelFiles) {
  if (files[CRASH_ON_LOAD]) process.exit(4);
  const model = await loadModel(kind, files);
  for (const m of model.inpainters) {
    if (m.id !== 'pca') continue;
    const real = m.inpaint.bind(m);
    m.inpaint = (images, masks, n, params) => {
      switch (params?.d) {
        case HANG:
          for (;;);
        case EXIT:
          process.exit(3);
          break;
        case OUT_OF_MEMORY: {
          const hoard: number[][] = [];
          for (;;) hoard.push(new Array(1e6).fill(hoard.length));
        }
        case SLOW: {
          const end = Date.now() + 3000;
          while (Date.now() < end);
          return real(images, masks, n, { d: 5 });
        }
        case TENSOR_COUNT:
          return images.map((v, i) => (masks[i % PIXELS] ? tf.memory().numTensors / 1e6 : v));
        default:
          return real(images, masks, n, params);
      }
    };
  }
  return model;
}

void serveInference(port, new LoadedModels(misbehavingLoad));
