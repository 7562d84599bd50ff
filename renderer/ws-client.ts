// The browser host's client: the same `InpaintApi` over one WebSocket. Request ids, a per-call time
// limit, no reconnection (a lost host means a restarted host with a new token: reload the new URL).
import type { CallName, EventName, InpaintApi } from '../preload/contract';
import { EVENTS } from '../preload/contract';
import { buildApi } from '../preload/build-api';

export interface WsClientOptions {
  /** ws://127.0.0.1:PORT/api/ws (the token is added here). */
  url: string;
  token: string;
  /** Per call; the host has its own limits too. */
  timeoutMs?: number;
  /** The WebSocket constructor: the browser's by default, the `ws` package in Node tests. */
  WebSocketImpl?: typeof WebSocket;
}

const LOST = 'lost the connection to Inpaint Studio: restart `npm run web` and open the URL it prints';

export function createWsClient(opts: WsClientOptions): InpaintApi {
  const Impl = opts.WebSocketImpl ?? WebSocket;
  const timeoutMs = opts.timeoutMs ?? 130_000;
  const url = new URL(opts.url);
  url.searchParams.set('token', opts.token);
  const ws = new Impl(url.toString());

  let nextId = 1;
  let closed = false;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }>();
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    ws.addEventListener('close', () => reject(new Error(LOST)));
  });
  opened.catch(() => {}); // observed by each call
  // A refused or broken connection reports 'error' then 'close'; 'close' does the cleanup.
  ws.addEventListener('error', () => {});

  ws.addEventListener('message', (ev: MessageEvent) => {
    let msg: { id?: unknown; ok?: boolean; result?: unknown; error?: string; event?: string; data?: unknown };
    try {
      msg = JSON.parse(String(ev.data));
    } catch {
      return;
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
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${call} got no answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      ws.send(JSON.stringify({ id, call, payload }));
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
