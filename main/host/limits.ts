// The browser host's memory and time limits (issue 13, defects 8–10 and 13). One place, so the stress
// script and the tests can start a host with smaller ones.
import { MAX_BUNDLE_BASE64 } from '../core/api-schemas';

export interface HostLimits {
  /** Bytes of any WebSocket message, and of an HTTP body for every call but importModel. */
  smallMessageBytes: number;
  /** Bytes of an importModel HTTP body (imports come over HTTP): the largest bundle plus room. */
  largeMessageBytes: number;
  /** A WebSocket client's unsent answers past this: the host stops reading its requests and drops its events. */
  softBufferedBytes: number;
  /** Past this (room for one export answer on top of the soft cap): the client is closed. */
  maxBufferedBytes: number;
  /** Open sockets (HTTP and WebSocket); past it the oldest idle one is closed to let the new one in. */
  maxConnections: number;
  /** An HTTP socket with no request under way is closed after this long. */
  idleTimeoutMs: number;
  /** A request's headers must arrive within this. */
  headersTimeoutMs: number;
  /** A whole request (an import's body included) must arrive within this. */
  requestTimeoutMs: number;
  /** WebSocket clients are pinged this often; one that did not answer the last ping is closed. */
  wsPingIntervalMs: number;
}

export const DEFAULT_HOST_LIMITS: HostLimits = {
  smallMessageBytes: 1024 * 1024,
  largeMessageBytes: MAX_BUNDLE_BASE64 + 64 * 1024,
  softBufferedBytes: 8 * 1024 * 1024,
  maxBufferedBytes: MAX_BUNDLE_BASE64 + 16 * 1024 * 1024,
  maxConnections: 256,
  idleTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 5 * 60_000,
  wsPingIntervalMs: 30_000,
};

/** The only call that needs megabytes. */
export const LARGE_CALL = 'importModel';

export function messageCap(call: string, limits: HostLimits): number {
  return call === LARGE_CALL ? limits.largeMessageBytes : limits.smallMessageBytes;
}
