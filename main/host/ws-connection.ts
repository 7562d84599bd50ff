// One WebSocket client of the browser host: JSON requests {id, call, payload} answered with
// {id, ok, result | error}; service events pushed as {event, data} (event = the contract's channel).
import type { WebSocket } from 'ws';
import type { InpaintApi } from '../../shared/contract';
import { dispatch, relayEvents, shortMessage, type DispatchOptions } from '../core/dispatch';

/** Calls one client may have running at once: a flood queues nothing unbounded in main. */
export const MAX_IN_FLIGHT = 32;
const MAX_ID_LENGTH = 64;

type RequestId = string | number | null;

function readRequest(data: unknown): { id: RequestId; call?: unknown; payload?: unknown; error?: string } {
  let msg: unknown;
  try {
    msg = JSON.parse(String(data));
  } catch {
    return { id: null, error: 'message is not JSON' };
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg))
    return { id: null, error: 'message must be an object' };
  const { id, call, payload } = msg as Record<string, unknown>;
  const idOk =
    (typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && id.length <= MAX_ID_LENGTH);
  if (!idOk) return { id: null, error: 'message needs an id (an integer or a short string)' };
  return { id: id as string | number, call, payload };
}

export function attachConnection(ws: WebSocket, services: InpaintApi, opts: DispatchOptions = {}): void {
  let inFlight = 0;
  const send = (msg: unknown): void => {
    if (ws.readyState !== ws.OPEN) return;
    try {
      ws.send(JSON.stringify(msg));
    } catch (err) {
      opts.log?.('send', err);
    }
  };

  const stopEvents = relayEvents(services, (channel, data) => send({ event: channel, data }));
  ws.on('close', stopEvents);
  ws.on('error', (err) => opts.log?.('socket', err));

  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      send({ id: null, ok: false, error: 'binary messages are not supported' });
      return;
    }
    const req = readRequest(data);
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
}
