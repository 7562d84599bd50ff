// Inference on the caller's thread: for the CLI (its batch evaluation calls the inpainters directly) and
// for unit tests of the logic. The app's services use InferenceWorker instead.
import type { InpaintResponse, MethodId, ModelKind } from '../../../shared/contract';
import { runInpaint, type InpaintInput } from '../inpaint-call';
import type { ModelFiles } from '../ml/model-files';
import type { Inference } from './inference';
import { LoadedModels, type ModelTag } from './loaded-models';

export class InProcessInference implements Inference {
  constructor(readonly models = new LoadedModels()) {}

  async load(tag: ModelTag, read: () => Promise<ModelFiles>): Promise<MethodId[]> {
    return this.models.swapIn(tag, await read());
  }

  async unload(kind: ModelKind): Promise<void> {
    this.models.unload(kind);
  }

  async inpaint(req: InpaintInput): Promise<InpaintResponse> {
    return runInpaint(this.models, req);
  }

  async energies(images: Float32Array, n: number): Promise<Float32Array | null> {
    return this.models.judge().energy?.score(images, n) ?? null;
  }

  unavailable(): string | undefined {
    return undefined;
  }

  async close(): Promise<void> {
    this.models.disposeAll();
  }
}
