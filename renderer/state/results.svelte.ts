// Live inpainting: every change of the model input is submitted; LatestWins keeps one request in flight and
// the latest input wins. One throttle only: the canvas already changes at most once a frame (DrawingStage
// batches pointer moves per frame), so a request goes out at once when none is in flight, and a waiting one
// the moment the answer in flight arrives — never a frame later. Pixels stay typed arrays all the way (binary
// WebSocket frames, structured clone over IPC). Each method has its own parameters (registry defaults to start).
import type { InpaintResponse, MethodId, MethodInfo, MethodParams } from '../../shared/contract';
import { METHODS, type MethodParamName } from '../../shared/methods';
import { api } from '../api';
import { LatestWins } from '../canvas/latest-wins';

export interface LiveRequest {
  image: Float32Array;
  mask: Uint8Array;
  /** The unmasked ink, to score each method on the missing pixels (and judged by the core). */
  original: Float32Array;
  methodParams: Partial<Record<MethodId, MethodParams>>;
  methods: MethodId[];
  /** Ask for the methods' alternatives and chains too (a panel's More dialog is open). */
  details: boolean;
}

export interface LiveResult {
  req: LiveRequest;
  res: InpaintResponse;
}

/** Every method's parameters at their registry defaults. */
export function defaultParams(): Partial<Record<MethodId, MethodParams>> {
  const out: Partial<Record<MethodId, MethodParams>> = {};
  for (const m of METHODS) {
    const entries = Object.entries(m.params) as [MethodParamName, { default: number }][];
    if (entries.length) out[m.id] = Object.fromEntries(entries.map(([k, s]) => [k, s.default]));
  }
  return out;
}

export class ResultsState {
  /** Per method, its parameters (e.g. d for each PCA method). */
  params = $state<Partial<Record<MethodId, MethodParams>>>(defaultParams());
  methods = $state.raw<MethodInfo[]>([]);
  last = $state.raw<LiveResult | null>(null);
  error = $state<string | null>(null);
  /** A panel's More dialog is open: only then the core is asked for the MDN's K completions and the CRBM's
   * chain, which cost far more than the answers (every stroke would wait for them). */
  details = $state(false);

  available = $derived(this.methods.filter((m) => m.available).map((m) => m.id));

  /** The last request sent to the core: an identical one (e.g. at pointer-up) reuses its answer. */
  private sentKey: string | null = null;
  private lw = new LatestWins<LiveRequest, InpaintResponse>(
    (req) => {
      const hasMissing = req.mask.some((m) => m === 1);
      return api.inpaint({
        image: req.image,
        mask: req.mask,
        methods: req.methods,
        methodParams: req.methodParams,
        ...(hasMissing ? { original: req.original } : {}),
        // The MDN's K completions (πᵢ against the ink under the mask) and the CRBM's chain.
        details: req.details,
      });
    },
    (res, req) => this.apply(req, res),
    (err) => {
      this.sentKey = null; // let the same input be asked again
      this.error = err instanceof Error ? err.message : String(err);
    },
  );

  /** New method availability (the model store changed): results must be asked for again. */
  setMethods(methods: MethodInfo[]): void {
    this.sentKey = null;
    this.methods = methods;
  }

  setParam(method: MethodId, name: MethodParamName, value: number): void {
    this.params[method] = { ...this.params[method], [name]: value };
  }

  submit(input: Float32Array, mask: Uint8Array, original: Float32Array): void {
    const methodParams = Object.fromEntries(
      this.available.filter((id) => this.params[id]).map((id) => [id, { ...this.params[id] }]),
    );
    // Copies: the drawing's arrays are its own; a request (and the panels showing its answer) keeps these.
    const req: LiveRequest = {
      image: input.slice(),
      mask: mask.slice(),
      original: original.slice(),
      methodParams,
      methods: this.available,
      details: this.details,
    };
    // With no usable model there is nothing to ask the core; the input and original panels still follow.
    if (req.methods.length === 0) return this.apply(req, { input: { energy: null, probs: null }, results: [] });
    const key = [req.image.join(','), req.mask.join(''), JSON.stringify(methodParams), req.methods, req.details].join(
      '|',
    );
    // The gesture's last frame already asked exactly this: its answer (shown or on its way) is the final one.
    if (this.sentKey === key) return;
    this.sentKey = key;
    this.lw.submit(req); // at once when idle; otherwise it waits for the answer in flight
  }

  private apply(req: LiveRequest, res: InpaintResponse): void {
    this.error = null;
    this.last = { req, res };
  }
}
