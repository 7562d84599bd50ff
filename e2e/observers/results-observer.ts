// Test-only observer of the live results: production code reports nothing to tests. Injected before the
// app loads, it watches the browser host's WebSocket (inpaint requests and their answers) and the DOM
// (the panels' data-pixels), and keeps, on window.__observed:
//   last        the newest inpaint request/answer pair the panels show (exact numbers, for pixel checks)
//   latency     pointer-up on the canvas → the input panel shows the canvas's final input (ms)
//   roundTrip   an inpaint request sent → its result shown in the panels (ms)
//   compute     of each such trip, the methods' own time in the core (the sum of the answer's `ms`)
//   page        of each such trip, its answer received → shown in the panels (decode, state, render)
// The input panel and every method panel render from one answer in one update, so "the input panel shows
// it" is "every panel shows it". Electron has no WebSocket (window.inpaint): there the observer sees nothing.
// Inpaint requests and answers are binary frames (shared/binary-frame.ts): the observer reads them with its
// own small decoder (an init script cannot import the app's).
import type { Page } from '@playwright/test';

export interface ObservedResults {
  /** The input's fingerprint (the panels' data-pixels). */
  hash: string;
  input: number[];
  mask: number[];
  results: Record<string, number[] | null>;
}

interface Observed {
  last?: ObservedResults;

  latency: number[];
  roundTrip: number[];
  compute: number[];
  page: number[];
}

/** Runs in the page, before any app script; must not reference anything outside itself. */
function observe(): void {
  const observed: Observed = { latency: [], roundTrip: [], compute: [], page: [] };
  (window as unknown as { __observed: Observed }).__observed = observed;

  // The renderer's fingerprint of an image (renderer/canvas/image-stats.ts pixelHash).
  const hash = (image: ArrayLike<number>): string => {
    let h = 0x811c9dc5;
    for (let i = 0; i < image.length; i++) {
      h ^= Math.round(Math.min(1, Math.max(0, image[i])) * 255);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  };
  const cap = (list: number[]) => list.length > 1000 && list.splice(0, list.length - 1000);

  // Answers received but not yet shown, by the hash of their input.
  interface Trip {
    sentAt: number;
    receivedAt?: number;
    req: { image: ArrayLike<number>; mask: ArrayLike<number> };
    res?: { results: { method: string; image: ArrayLike<number> | null; ms: number }[] };
  }
  const byHash = new Map<string, Trip>();
  const sent = new Map<number, Trip>();

  /** A message as JSON text or as a binary frame (magic, header length, JSON header, aligned bodies). */
  const read = (
    data: unknown,
  ): { id?: number; call?: string; payload?: Trip['req']; ok?: boolean; result?: Trip['res'] } => {
    if (typeof data === 'string') return JSON.parse(data);
    const bytes =
      data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : ArrayBuffer.isView(data)
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
          : null;
    if (!bytes || bytes.length < 8) return {};
    const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    let at = (8 + headerLength + 3) & ~3;
    const bodies = (header.b as [string, number][]).map(([type, n]) => {
      const size = type === 'f32' ? 4 * n : n;
      const copy = bytes.slice(at, at + size);
      at = (at + size + 3) & ~3;
      return type === 'f32' ? new Float32Array(copy.buffer) : copy;
    });
    const resolve = (v: unknown): unknown => {
      if (typeof v !== 'object' || v === null) return v;
      if (Array.isArray(v)) return v.map(resolve);
      if ('$bin' in v) return bodies[(v as { $bin: number }).$bin];
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    };
    return resolve(header.m) as ReturnType<typeof read>;
  };

  const Native = window.WebSocket;
  class ObservedSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (ev) => {
        try {
          const msg = read(ev.data);
          const trip = typeof msg.id === 'number' ? sent.get(msg.id) : undefined;
          if (!trip) return;
          sent.delete(msg.id as number);
          if (msg.ok) trip.res = msg.result;
          trip.receivedAt = performance.now();
        } catch {
          // not ours to judge
        }
      });
    }
    override send(data: Parameters<WebSocket['send']>[0]): void {
      try {
        const msg = read(data);
        if (msg.call === 'inpaint' && msg.payload && typeof msg.id === 'number') {
          const trip: Trip = { sentAt: performance.now(), req: msg.payload };
          sent.set(msg.id, trip);
          byHash.set(hash(msg.payload.image), trip);
        }
      } catch {
        // not a message we can read: not an inpaint call
      }
      super.send(data);
    }
  }
  window.WebSocket = ObservedSocket;

  let pointerUpAt: number | null = null;
  const stage = () => document.querySelector('[data-testid="canvas.stage"]');
  const inputPanel = () => document.querySelector('[data-testid="result.input"]');

  const check = () => {
    const shown = inputPanel()?.getAttribute('data-pixels');
    if (!shown) return;
    const now = performance.now();
    const trip = byHash.get(shown);
    if (trip?.res) {
      observed.roundTrip.push(now - trip.sentAt);
      cap(observed.roundTrip);
      observed.compute.push(trip.res.results.reduce((sum, r) => sum + (r.ms || 0), 0));
      cap(observed.compute);
      observed.page.push(now - (trip.receivedAt ?? now));
      cap(observed.page);
      // Plain arrays: what the test reads back through page.evaluate.
      observed.last = {
        hash: shown,
        input: Array.from(trip.req.image),
        mask: Array.from(trip.req.mask),
        results: Object.fromEntries(trip.res.results.map((r) => [r.method, r.image ? Array.from(r.image) : null])),
      };
      // Forget this trip and older ones; a newer request may already be in flight (the next input goes out the
      // moment this answer arrived, before the panels showed it).
      for (const [h, t] of byHash) if (t.sentAt <= trip.sentAt) byHash.delete(h);
    }
    if (pointerUpAt !== null && shown === stage()?.getAttribute('data-pixels')) {
      observed.latency.push(now - pointerUpAt);
      cap(observed.latency);
      pointerUpAt = null;
    }
  };

  window.addEventListener(
    'pointerup',
    (e) => {
      const s = stage();
      if (!s || !(e.target instanceof Node) || !s.contains(e.target)) return;
      pointerUpAt = performance.now();
      setTimeout(check, 0); // the final input may already be on screen (the gesture's last frame asked it)
    },
    true,
  );
  // Held on window: an observer nobody references may be collected, and then it stops reporting.
  const watcher = new MutationObserver(check);
  (window as unknown as { __observer: MutationObserver }).__observer = watcher;
  document.addEventListener('DOMContentLoaded', () => {
    watcher.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-pixels'] });
  });
}

/** Installs the observer for every page load of `page` (call before the first navigation). */
export async function installResultsObserver(page: Page): Promise<void> {
  await page.addInitScript(observe);
}
