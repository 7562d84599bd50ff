// One WebSocket client of the browser host: requests {id, call, payload} answered with
// {id, ok, result | error}; service events pushed as {event, data} (event = the contract's channel).
// A message that carries pixels (an inpaint request or answer) is a binary frame (shared/binary-frame.ts):
// the same message with its Float32Array/Uint8Array bodies as raw bytes; everything else is JSON text.
import type { WebSocket } from 'ws';
import type { InpaintApi } from '../../shared/contract';
import { decodeFrame, encodeFrame, hasBinary } from '../../shared/binary-frame';
import { dispatch, relayEvents, shortMessage, type DispatchOptions } from '../core/dispatch';
import { DEFAULT_HOST_LIMITS, type HostLimits } from './limits';

/** Calls one client may have running at once: a flood queues nothing unbounded in main. */
export const MAX_IN_FLIGHT = 32;
const MAX_ID_LENGTH = 64;

type RequestId = string | number | null;

type Request = { id: RequestId; call?: unknown; payload?: unknown; error?: string };

/** The server's maxPayload keeps every message within the small cap, so it is parsed as it is. */
function readMessage(data: Buffer, isBinary: boolean): Request {
  if (isBinary) {
    const frame = decodeFrame(data);
    return 'error' in frame ? { id: null, error: frame.error } : readRequest(frame.message);
  }
  try {
    return readRequest(JSON.parse(data.toString('utf8')));
  } catch {
    return { id: null, error: 'message is not JSON' };
  }
}

/** The bytes of a `ws` message, however it arrived (one Buffer, fragments, or an ArrayBuffer). */
function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function readRequest(msg: unknown): Request {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg))
    return { id: null, error: 'message must be an object' };
  const { id, call, payload } = msg as Record<string, unknown>;
  const idOk =
    (typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && id.length <= MAX_ID_LENGTH);
  if (!idOk) return { id: null, error: 'message needs an id (an integer or a short string)' };
  return { id: id as string | number, call, payload };
}

/** What the host needs back from a connection: to ping it and see whether it answered. */
export interface Connection {
  /** Sends a ping; false when the last one was never answered (the socket is then closed). */
  heartbeat(): boolean;
}

export function attachConnection(
  ws: WebSocket,
  services: InpaintApi,
  opts: DispatchOptions = {},
  limits: HostLimits = DEFAULT_HOST_LIMITS,
): Connection {
  let inFlight = 0;
  let paused = false;
  let alive = true;
  ws.on('pong', () => (alive = true));

  // Backpressure (issue 13, defect 8): a client that does not read its answers must not grow the host.
  // Past the soft cap its requests are no longer read (the socket is paused) and events are dropped;
  // reading resumes once the buffer has drained. Past the hard cap the client is closed.
  let resumeTimer: NodeJS.Timeout | undefined;
  const pauseReading = (): void => {
    if (paused) return;
    paused = true;
    ws.pause();
    resumeTimer = setInterval(() => {
      if (ws.readyState !== ws.OPEN) return void clearInterval(resumeTimer);
      if (ws.bufferedAmount > limits.softBufferedBytes / 2) return;
      clearInterval(resumeTimer);
      paused = false;
      ws.resume();
    }, 20);
    resumeTimer.unref();
  };
  const send = (msg: unknown, droppable = false): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      opts.log?.('send', new Error(`closing a client that does not read (${ws.bufferedAmount} bytes unsent)`));
      ws.terminate();
      return;
    }
    if (droppable && ws.bufferedAmount > limits.softBufferedBytes) return;
    try {
      ws.send(hasBinary(msg) ? encodeFrame(msg) : JSON.stringify(msg));
    } catch (err) {
      opts.log?.('send', err);
    }
    if (ws.bufferedAmount > limits.softBufferedBytes) pauseReading();
  };

  const stopEvents = relayEvents(services, (channel, data) => send({ event: channel, data }, true));
  ws.on('close', () => {
    stopEvents();
    clearInterval(resumeTimer);
  });
  ws.on('error', (err) => opts.log?.('socket', err));

  ws.on('message', (data, isBinary) => {
    const req = readMessage(toBuffer(data), isBinary);
    if (req.error) {
      send({ id: req.id, ok: false, error: req.error });
      return;
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      send({ id: req.id, ok: false, error: `too many calls at once (more than ${MAX_IN_FLIGHT})` });
      return;
    }
    inFlight++;
    dispatch(services, req.call, req.payload, opts)
      .catch((err: unknown) => ({ ok: false as const, error: shortMessage(err) }))
      .then((answer) => send({ id: req.id, ...answer }))
      .finally(() => inFlight--);
  });

  return {
    heartbeat() {
      if (!alive) {
        ws.terminate();
        return false;
      }
      alive = false;
      ws.ping();
      return true;
    },
  };
}
