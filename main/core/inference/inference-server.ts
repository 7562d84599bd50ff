// The inference worker's side of the conversation: owns the loaded models, answers each request once.
// Kept apart from the worker entry so a test worker can serve the same protocol with misbehaving models.
import type { MessagePort } from 'node:worker_threads';
import { initBackend } from '../ml/tf/backend';
import { runInpaint } from '../inpaint-call';
import { LoadedModels } from './loaded-models';
import type { FromInference, ToInference } from './messages';

export async function serveInference(port: MessagePort, models = new LoadedModels()): Promise<void> {
  const send = (m: FromInference) => port.postMessage(m);
  port.on('message', (msg: ToInference) => {
    void handle(models, msg).then(send, (err: unknown) =>
      send({ type: 'failed', seq: msg.seq, error: err instanceof Error ? err.message : String(err) }),
    );
  });
  send({ type: 'ready', backend: await initBackend() });
}

async function handle(models: LoadedModels, msg: ToInference): Promise<FromInference> {
  switch (msg.type) {
    case 'load':
      return { type: 'loaded', seq: msg.seq, methods: await models.swapIn(msg.tag, msg.files) };
    case 'unload':
      models.unload(msg.kind);
      return { type: 'unloaded', seq: msg.seq };
    case 'inpaint':
      return { type: 'inpainted', seq: msg.seq, res: runInpaint(models, msg.req, msg.share) };
    case 'energies':
      return { type: 'energies', seq: msg.seq, energies: models.judge().energy?.score(msg.images, msg.n) ?? null };
  }
}
