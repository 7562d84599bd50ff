// Live inpainting: every change of the model input is submitted; LatestWins keeps one request in flight,
// one per frame, latest input wins. Also measures pointer-up → all panels showing the final input.
import { tick } from 'svelte';
import type { InpaintResponse, MethodId, MethodInfo } from '../../shared/contract';
import { methodInfo } from '../../shared/methods';
import { api } from '../api';
import { LatestWins } from '../canvas/latest-wins';
import { publishLast, recordLatency, recordRoundTrip } from './test-hooks';

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
  d = $state(methodInfo('pca-masked').params.d.default);
  methods = $state.raw<MethodInfo[]>([]);
  last = $state.raw<LiveResult | null>(null);
  error = $state<string | null>(null);

  available = $derived(this.methods.filter((m) => m.available).map((m) => m.id));

  private serial = 0;
  private latencyMark: { serial: number; t0: number } | null = null;
  /** The last request sent to the core: an identical one (e.g. at pointer-up) reuses its answer. */
  private sent: { key: string; serial: number } | null = null;
  private appliedSerial = 0;
  // Not state: written when a request goes out and read only in callbacks, so nothing should react to it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- see the line above
  private sentAt = new Map<number, number>();
  private lw = new LatestWins<LiveRequest, InpaintResponse>(
    (req) => {
      this.sentAt.set(req.serial, performance.now());
      return api.inpaint({
        image: req.image,
        mask: req.mask,
        methods: req.methods,
        params: { d: req.d },
        // The MDN's K completions (πᵢ against the ink under the mask) and the CRBM's chain.
        details: true,
        original: req.original,
      });
    },
    (res, req) => void this.apply(req, res),
    (err) => {
      this.sent = null; // let the same input be asked again
      this.error = err instanceof Error ? err.message : String(err);
    },
    (cb) => requestAnimationFrame(() => cb()),
  );

  /** New method availability (the model store changed): results must be asked for again. */
  setMethods(methods: MethodInfo[]): void {
    this.sent = null;
    this.methods = methods;
  }

  submit(input: Float32Array, mask: Uint8Array, original: Float32Array): void {
    const req: LiveRequest = {
      serial: ++this.serial,
      image: Array.from(input),
      mask: Array.from(mask),
      original: Array.from(original),
      d: this.d,
      methods: this.available,
    };
    // With no usable model there is nothing to ask the core; the input and original panels still follow.
    if (req.methods.length === 0) return void this.apply(req, { input: { energy: null, probs: null }, results: [] });
    const key = `${req.image.join(',')}|${req.mask.join('')}|${req.d}|${req.methods.join(',')}`;
    const mark = this.latencyMark;
    const final = mark?.serial === req.serial; // the first input after pointer-up
    if (this.sent?.key === key) {
      // The gesture's last frame already asked exactly this: its answer (shown or on its way) is the final one.
      if (final && mark) mark.serial = this.sent.serial;
      if (final && this.appliedSerial >= this.sent.serial) void this.recordLatency();
      return;
    }
    this.sent = { key, serial: req.serial };
    this.lw.submit(req, final);
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
    this.appliedSerial = req.serial;
    const sentAt = this.sentAt.get(req.serial);
    this.sentAt.clear();
    if (this.latencyMark && req.serial >= this.latencyMark.serial) await this.recordLatency();
    if (sentAt !== undefined) {
      await tick();
      recordRoundTrip(performance.now() - sentAt);
    }
  }

  private async recordLatency(): Promise<void> {
    const mark = this.latencyMark;
    if (!mark) return;
    this.latencyMark = null;
    await tick(); // the panels' canvases are drawn in effects that have run after tick()
    recordLatency(performance.now() - mark.t0);
  }
}
