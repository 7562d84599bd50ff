// The messages between the main thread's InferenceWorker and the inference worker thread. Pixels travel as
// typed arrays and model files as transferred ArrayBuffers; every request carries a sequence number that
// its one answer repeats.
import type { BackendInfo, InpaintRequest, InpaintResponse, MethodId, ModelKind } from '../../../shared/contract';
import type { InpaintShare } from '../inpaint-call';
import type { ModelFiles } from '../ml/model-files';
import type { ModelTag } from './loaded-models';

/** An inpaint request as it crosses the thread boundary: the arrays are typed, not number[]. */
export interface WireInpaintRequest extends Omit<InpaintRequest, 'image' | 'mask' | 'original'> {
  image: Float32Array;
  mask: Uint8Array;
  original?: Float32Array;
}

export type ToInference =
  | { type: 'load'; seq: number; tag: ModelTag; files: ModelFiles }
  | { type: 'unload'; seq: number; kind: ModelKind }
  | { type: 'inpaint'; seq: number; req: WireInpaintRequest; share?: InpaintShare }
  | { type: 'energies'; seq: number; images: Float32Array; n: number };

export type FromInference =
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'loaded'; seq: number; methods: MethodId[] }
  | { type: 'unloaded'; seq: number }
  | { type: 'inpainted'; seq: number; res: InpaintResponse }
  | { type: 'energies'; seq: number; energies: Float32Array | null }
  | { type: 'failed'; seq: number; error: string };
