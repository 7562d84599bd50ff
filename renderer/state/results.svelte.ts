// Live inpainting: every change of the model input is submitted; LatestWins keeps one request in flight,
// one per frame, latest input wins. Also measures pointer-up → all panels showing the final input.
import { tick } from 'svelte';
import type { InpaintResponse, MethodId, MethodInfo } from '../../preload/contract';
import { api } from '../api';
import { LatestWins } from '../canvas/latest-wins';
import { publishLast, recordLatency } from './test-hooks';

export interface LiveRequest {
  serial: number;
  image: number[];
  mask: number[];
  /** The unmasked ink, to score each method on the missing pixels. */
  original: number[];
  d: number;
  methods: MethodId[];
}

export interface LiveResult {
  req: LiveRequest;
  res: InpaintResponse;
}

export class ResultsState {
  /** PCA dimension. */
  d = $state(40);
  methods = $state.raw<MethodInfo[]>([]);
  last = $state.raw<LiveResult | null>(null);
  error = $state<string | null>(null);

  available = $derived(this.methods.filter((m) => m.available).map((m) => m.id));

  private serial = 0;
  private latencyMark: { serial: number; t0: number } | null = null;
  private lw = new LatestWins<LiveRequest, InpaintResponse>(
    (req) => api.inpaint({ image: req.image, mask: req.mask, methods: req.methods, params: { d: req.d } }),
    (res, req) => void this.apply(req, res),
    (err) => {
      this.error = err instanceof Error ? err.message : String(err);
    },
    (cb) => requestAnimationFrame(() => cb()),
  );

  submit(input: Float32Array, mask: Uint8Array, original: Float32Array): void {
    this.lw.submit({
      serial: ++this.serial,
      image: Array.from(input),
      mask: Array.from(mask),
      original: Array.from(original),
      d: this.d,
      methods: this.available,
    });
  }

  /** Call at pointer-up, before the commit: the next submitted input is the final one of the gesture. */
  markPointerUp(t0: number): void {
    this.latencyMark = { serial: this.serial + 1, t0 };
  }

  private async apply(req: LiveRequest, res: InpaintResponse): Promise<void> {
    this.error = null;
    this.last = { req, res };
    publishLast({
      serial: req.serial,
      input: req.image,
      mask: req.mask,
      results: Object.fromEntries(res.results.map((r) => [r.method, r.image])),
    });
    const mark = this.latencyMark;
    if (mark && req.serial >= mark.serial) {
      this.latencyMark = null;
      await tick(); // the panels' canvases are drawn in effects that have run after tick()
      recordLatency(performance.now() - mark.t0);
    }
  }
}
