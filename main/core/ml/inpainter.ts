// Every method is an Inpainter; a registry of them drives the UI panels, the CLI's --method and eval.
import type { MethodId, MethodParams } from '../../../shared/contract';
import { PIXELS } from '../../../shared/image';

export type { MethodId, MethodParams };

/** A method's computation; its label, explanation and parameters are in shared/methods.ts. */
export interface Inpainter {
  id: MethodId;
  /**
   * images: n corrupted images (n×784, [0,1]); masks: n×784, 1 = missing.
   * Returns n×784 whose known pixels (mask 0) equal the input exactly.
   */
  inpaint(images: Float32Array, masks: Uint8Array, n: number, params?: MethodParams): Float32Array;
  /** One image's inner workings for the studio (the MDN's K completions, the CRBM's Gibbs chain). */
  details?(image: Float32Array, mask: Uint8Array, params?: MethodParams, original?: Float32Array): InpaintDetails;
}

/** A method's alternatives and steps for one image (every image keeps the input's known pixels). */
export interface InpaintDetails {
  /** The single-answer rule in use (MDN). */
  rule?: string;
  /** Alternative completions with their weight (MDN: αᵢ; posterior πᵢ when the original was given). */
  samples?: { image: Float32Array; weight: number; posterior?: number; chosen: boolean }[];
  /** Per-step images of a sampler with the energy of each step (CRBM: mean-field image, free energy). */
  chain?: { images: Float32Array[]; energies: number[] };
}

/**
 * Copy the method's proposal into the missing pixels only: known pixels stay exactly the input's, and
 * filled pixels are clipped to [0,1] (a linear method such as PCA can propose −0.4 or 1.2; the
 * contract promises pixels). Every method returns through here. NaN is left as NaN for the caller to refuse.
 */
export function composite(images: Float32Array, masks: Uint8Array, proposal: Float32Array): Float32Array {
  const out = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) {
    const v = proposal[i];
    out[i] = masks[i] ? (v < 0 ? 0 : v > 1 ? 1 : v) : images[i];
  }
  return out;
}

/** Throws a clear error when a batch's arrays do not have the shapes they claim. */
export function checkBatch(images: Float32Array, masks: Uint8Array, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`batch size must be a non-negative integer, got ${n}`);
  if (images.length !== n * PIXELS) throw new Error(`expected ${n}×${PIXELS} image values, got ${images.length}`);
  if (masks.length !== n * PIXELS) throw new Error(`expected ${n}×${PIXELS} mask values, got ${masks.length}`);
}

/** The methods that are currently usable (their models loaded). */
export class InpainterRegistry {
  private readonly methods = new Map<MethodId, Inpainter>();

  register(method: Inpainter): void {
    this.methods.set(method.id, method);
  }

  unregister(id: MethodId): void {
    this.methods.delete(id);
  }

  get(id: MethodId): Inpainter | undefined {
    return this.methods.get(id);
  }

  list(): Inpainter[] {
    return [...this.methods.values()];
  }
}
