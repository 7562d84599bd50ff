// The browser host's client: the same `InpaintApi` over one WebSocket. Request ids, a per-call time
// limit, no reconnection (a lost host means a restarted host with a new token: reload the new URL).
// Shared, not renderer-only: the page uses it with the browser's WebSocket, the host's tests with `ws`.
// A call whose payload holds typed arrays (inpaint's pixels) goes as a binary frame, and answers holding
// them come back as one (shared/binary-frame.ts): no number arrays, no base64, no JSON of pixels.
import type { CallName, EventName, InpaintApi } from './contract';
import { EVENTS } from './contract';
import { buildApi } from './build-api';
import { decodeFrame, encodeFrame, hasBinary } from './binary-frame';

/** The part of a WebSocket this client uses: the browser's and the `ws` package's both have it. */
export interface SocketLike {
  /** Set to 'arraybuffer': binary answers arrive as ArrayBuffers (the browser's default is Blob). */
  binaryType: string;
  send(data: string | Uint8Array<ArrayBuffer>): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
}
export type SocketConstructor = new (url: string) => SocketLike;

export interface WsClientOptions {
  /** ws://127.0.0.1:PORT/api/ws (the token is added here). */
  url: string;
  token: string;
  /** Per call (one for all, or one per call name); the host has its own limits too. */
  timeoutMs?: number | ((call: CallName) => number);
  /** The WebSocket constructor: the browser's in the page, the `ws` package in Node tests. */
  WebSocketImpl: SocketConstructor;
}

const LOST =
  'lost the connection to Inpaint Studio: reload the page, or, if it was restarted, open the new URL it printed';

export function createWsClient(opts: WsClientOptions): InpaintApi {
  const Impl = opts.WebSocketImpl;
  const timeoutOf = (call: CallName): number =>
    typeof opts.timeoutMs === 'function' ? opts.timeoutMs(call) : (opts.timeoutMs ?? 130_000);
  const ws = new Impl(`${opts.url}?token=${encodeURIComponent(opts.token)}`);
  ws.binaryType = 'arraybuffer';

  let nextId = 1;
  let closed = false;
  const pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }
  >();
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('close', () => reject(new Error(LOST)));
  });
  opened.catch(() => {}); // observed by each call
  // A refused or broken connection reports 'error' then 'close'; 'close' does the cleanup.
  ws.addEventListener('error', () => {});

  ws.addEventListener('message', (ev) => {
    let msg: { id?: unknown; ok?: boolean; result?: unknown; error?: string; event?: string; data?: unknown };
    if (ev.data instanceof ArrayBuffer) {
      const frame = decodeFrame(new Uint8Array(ev.data));
      if ('error' in frame || typeof frame.message !== 'object' || frame.message === null) return;
      msg = frame.message as typeof msg;
    } else {
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return;
      }
    }
    if (typeof msg.event === 'string') {
      for (const cb of listeners.get(msg.event) ?? []) {
        try {
          cb(msg.data);
        } catch (err) {
          // As with the preload's ipcRenderer listeners: one failing listener is reported, the others still run.
          console.error(`a listener of ${msg.event} failed:`, err);
        }
      }
      return;
    }
    const waiter = typeof msg.id === 'number' ? pending.get(msg.id) : undefined;
    if (!waiter) return;
    pending.delete(msg.id as number);
    clearTimeout(waiter.timer);
    if (msg.ok) waiter.resolve(msg.result);
    else waiter.reject(new Error(msg.error || 'the host answered with an error'));
  });
  ws.addEventListener('close', () => {
    closed = true;
    for (const w of pending.values()) {
      clearTimeout(w.timer);
      w.reject(new Error(LOST));
    }
    pending.clear();
  });

  const invoke = async (call: CallName, payload: unknown): Promise<unknown> => {
    await opened;
    if (closed) throw new Error(LOST);
    const id = nextId++;
    const timeoutMs = timeoutOf(call);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${call} got no answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      const msg = { id, call, payload };
      ws.send(hasBinary(payload) ? encodeFrame(msg) : JSON.stringify(msg));
    });
  };

  const listen = (event: EventName, cb: (data: unknown) => void): (() => void) => {
    const channel = EVENTS[event];
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(cb);
    return () => {
      set.delete(cb);
    };
  };

  return buildApi(invoke, listen);
}
