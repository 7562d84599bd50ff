// The browser host's HTTP server: static renderer + the API (WebSocket at /api/ws, and plain
// `POST /api/<call>` for scripts), on 127.0.0.1 only, behind the token and Host/Origin gates.
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { InpaintApi } from '../../shared/contract';
import { dispatch, type DispatchOptions } from '../core/dispatch';
import { gate } from './guards';
import { SECURITY_HEADERS } from './security-headers';
import { serveStatic } from './static-files';
import { attachConnection, type Connection } from './ws-connection';
import { DEFAULT_HOST_LIMITS, messageCap, type HostLimits } from './limits';
import { readLargeImport } from './large-message';
import { ConnectionCap } from './connection-cap';

/** The largest model upload (base64) the schemas accept, plus room for the message around it. */
export const MAX_MESSAGE_BYTES = DEFAULT_HOST_LIMITS.largeMessageBytes;
export const WS_PATH = '/api/ws';

export interface HostOptions {
  services: InpaintApi;
  rendererDir: string;
  token: string;
  /** 0 picks a free port. */
  port?: number;
  dispatch?: DispatchOptions;
  /** Memory and time limits (tests and the stress script use smaller ones). */
  limits?: Partial<HostLimits>;
}

export interface RunningHost {
  port: number;
  /** The page URL with the token. */
  url: string;
  /** Sockets open now (HTTP and WebSocket). */
  connections(): number;
  close(): Promise<void>;
}

/** JSON callers get the live path's typed arrays (an inpaint answer's images) as plain number arrays. */
function typedAsArrays(_key: string, value: unknown): unknown {
  return value instanceof Float32Array || value instanceof Uint8Array ? Array.from(value) : value;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, typedAsArrays);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
  res.end(STATUS_CODES[status]);
}

/**
 * The body, or null past `limit`. Past it the answer is a 413 the client can read (issue 13, defect 13):
 * the rest of the body is drained, not kept, and the socket closed only after the answer went out; a
 * client that keeps sending far past the limit is cut off.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return void resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (over) {
        if (size > 4 * limit + 16 * 1024 * 1024) req.destroy();
        return;
      }
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(null);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  res.writeHead(413, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
  res.end(`${STATUS_CODES[413]}: this call takes at most ${limit} bytes\n`);
  req.resume(); // drain what the client still sends, so it reads the 413 instead of a reset
}

/** A body within its call's cap: only an import's is parsed around its one large string. */
function parseBody(body: Buffer, smallCap: number): { value: unknown } | { error: string } {
  if (body.length > smallCap) return readLargeImport(body, smallCap);
  try {
    return { value: body.length ? JSON.parse(body.toString('utf8')) : undefined };
  } catch {
    return { error: 'body is not JSON' };
  }
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const limits: HostLimits = { ...DEFAULT_HOST_LIMITS, ...opts.limits };
  let port = 0;
  // Time limits (issue 13, defect 10): a socket must send its headers within headersTimeout of connecting
  // (so an idle socket that never asks anything is closed), a request must arrive within requestTimeout,
  // and a kept-alive socket is closed after keepAliveTimeout without a next request.
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.idleTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
    (req, res) => {
      handle(req, res).catch((err) => {
        opts.dispatch?.log?.('http', err);
        if (!res.headersSent) refuse(res, 500);
        else res.destroy();
      });
    },
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const isApi = url.pathname.startsWith('/api/');
    const status = gate(req.headers, url, port, opts.token, isApi);
    if (status) return refuse(res, status);
    if (!isApi) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405);
      return serveStatic(opts.rendererDir, url.pathname, res, req.method === 'HEAD');
    }
    if (url.pathname === WS_PATH) return refuse(res, 426);
    if (req.method !== 'POST') return refuse(res, 405);
    const call = url.pathname.slice('/api/'.length);
    const cap = messageCap(call, limits);
    const body = await readBody(req, cap);
    if (body === null) return tooLarge(req, res, cap);
    const parsed = parseBody(body, limits.smallMessageBytes);
    if ('error' in parsed) return sendJson(res, 400, { ok: false, error: parsed.error });
    const answer = await dispatch(opts.services, call, parsed.value, opts.dispatch);
    sendJson(res, answer.ok ? 200 : 400, answer);
  }

  const cap = new ConnectionCap(limits.maxConnections, limits.idleTimeoutMs);
  server.on('connection', (socket: Socket) => cap.add(socket));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    cap.busy(req.socket);
    res.on('finish', () => cap.idle(req.socket));
  });

  // maxPayload: no WebSocket frame past the small cap is ever buffered (ws closes with 1009 as soon as
  // the frame header announces more). Imports, the one large call, come over HTTP (renderer/api.ts).
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.smallMessageBytes });
  const clients = new Set<Connection>();
  const heartbeat = setInterval(() => {
    for (const c of clients) if (!c.heartbeat()) clients.delete(c);
  }, limits.wsPingIntervalMs);
  heartbeat.unref();
  server.on('upgrade', (req, socket, head) => {
    cap.busy(socket as Socket); // an upgraded socket is never evicted as idle
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const status = url.pathname === WS_PATH ? gate(req.headers, url, port, opts.token, true) : 404;
    if (status) {
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const c = attachConnection(ws, opts.services, opts.dispatch, limits);
      clients.add(c);
      ws.on('close', () => clients.delete(c));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: nothing on the network can reach the host.
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${opts.token}`,
    connections: () => cap.size,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
