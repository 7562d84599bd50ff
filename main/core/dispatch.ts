// The one door every transport (Electron IPC, the browser host's WebSocket and HTTP API) goes through:
// check the call name, validate the payload, call the service with a time limit, and turn any failure
// into a short message. It never throws and never leaves the caller waiting forever.
import { CALLS, EVENTS, type CallName, type EventName, type InpaintApi } from '../../shared/contract';
import { parsePayload } from './api-schemas';

/** The request/response half of the API: what dispatch calls. */
export type CallHandlers = Pick<InpaintApi, CallName>;

export type Envelope = { ok: true; result: unknown } | { ok: false; error: string };

export interface DispatchOptions {
  /** Milliseconds before a call answers with a timeout error; Infinity for none (native dialogs). */
  timeoutMs?: (call: CallName) => number;
  /** Where unexpected failures are logged in full (the caller only gets the short message). */
  log?: (call: string, err: unknown) => void;
}

const MAX_MESSAGE = 300;

/**
 * Calls that change the store or start/stop work. A timeout cannot cancel them (the store's write
 * queue runs each write to its end), so answering "abandoned" while the write still lands would lie
 * and invite a duplicate retry (issue 13, defect 11). They get no timeout: they finish and report.
 */
export const WRITE_CALLS: ReadonlySet<CallName> = new Set<CallName>([
  'renameModel',
  'deleteModel',
  'setActiveModel',
  'importModel',
  'startTraining',
  'cancelTraining',
  'retrySave',
  'startEval',
  'cancelEval',
]);

/** Generous limits: inpainting all methods on a slow backend, or a large import, take seconds. */
export function defaultTimeoutMs(call: CallName): number {
  switch (call) {
    case 'inpaint':
      return 60_000;
    case 'exportModel':
      return 120_000;
    default:
      return 30_000;
  }
}

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CALLS, name);
}

/** One line, capped: a stack trace or a multi-kilobyte message never reaches the UI. */
export function shortMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  const line = raw.split('\n')[0].trim() || 'unexpected error';
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

function withTimeout<T>(work: Promise<T>, ms: number, call: string): Promise<T> {
  if (!Number.isFinite(ms)) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${call} took longer than ${Math.round(ms / 1000)} s and was abandoned`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function dispatch(
  handlers: CallHandlers,
  call: unknown,
  payload: unknown,
  opts: DispatchOptions = {},
): Promise<Envelope> {
  if (!isCallName(call)) {
    // typeof first: String() of a hostile object can itself throw.
    const name = typeof call === 'string' ? JSON.stringify(call.slice(0, 40)) : `of type ${typeof call}`;
    return { ok: false, error: `unknown call ${name}` };
  }
  const parsed = parsePayload(call, payload);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  try {
    // Each handler takes its own payload type; the schema above has just established it.
    const fn = handlers[call] as (p: unknown) => Promise<unknown>;
    const work = Promise.resolve().then(() => fn.call(handlers, parsed.value));
    const ms = WRITE_CALLS.has(call) ? Infinity : (opts.timeoutMs ?? defaultTimeoutMs)(call);
    const result = await withTimeout(work, ms, call);
    return { ok: true, result: result ?? null };
  } catch (err) {
    opts.log?.(call, err);
    return { ok: false, error: shortMessage(err) };
  }
}

/** Subscribes to every contract event of `api` (Electron's window and each WebSocket client alike); `relay`
 * gets the event's channel and data. Returns one function that removes every subscription. */
export function relayEvents(
  api: Pick<InpaintApi, EventName>,
  relay: (channel: string, data: unknown) => void,
): () => void {
  const offs = (Object.keys(EVENTS) as EventName[]).map((name) =>
    (api[name] as (cb: (data: unknown) => void) => () => void).call(api, (data) => relay(EVENTS[name], data)),
  );
  return () => offs.forEach((off) => off());
}
