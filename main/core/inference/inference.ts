// What the main thread asks of the place where models run: the inference worker in the app, the same
// LoadedModels in-process for the CLI's batch evaluation and for unit tests.
import type { InpaintResponse, MethodId, ModelKind } from '../../../shared/contract';
import type { InpaintInput } from '../inpaint-call';
import type { ModelFiles } from '../ml/model-files';
import type { ModelTag } from './loaded-models';

export interface Inference {
  /**
   * Loads a model and swaps it in once ready (the old one of its kind answers until then); resolves with
   * the methods it provides. `read` gives fresh files each call: a restarted worker reloads through it.
   */
  load(tag: ModelTag, read: () => Promise<ModelFiles>): Promise<MethodId[]>;
  unload(kind: ModelKind): Promise<void>;
  inpaint(req: InpaintInput): Promise<InpaintResponse>;
  /** E of n images under the loaded energy network (the generator's), or null when none is loaded. */
  energies(images: Float32Array, n: number): Promise<Float32Array | null>;
  /** Why requests cannot be answered right now (the worker is restarting), or undefined. */
  unavailable(): string | undefined;
  close(): Promise<void>;
}
