// The browser host's HTTP server: static renderer + the API (WebSocket at /api/ws, and plain
// `POST /api/<call>` for scripts), on 127.0.0.1 only, behind the token and Host/Origin gates.
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { InpaintApi } from '../../shared/contract';
import { dispatch, type DispatchOptions } from '../core/dispatch';
import { gate } from './guards';
import { SECURITY_HEADERS } from './security-headers';
import { MAX_BUNDLE_BASE64 } from '../core/api-schemas';
import { serveStatic } from './static-files';
import { attachConnection } from './ws-connection';

/** The largest model upload (base64) the schemas accept, plus room for the message around it. */
export const MAX_MESSAGE_BYTES = MAX_BUNDLE_BASE64 + 1024 * 1024;
export const WS_PATH = '/api/ws';

export interface HostOptions {
  services: InpaintApi;
  rendererDir: string;
  token: string;
  /** 0 picks a free port. */
  port?: number;
  dispatch?: DispatchOptions;
}

export interface RunningHost {
  port: number;
  /** The page URL with the token. */
  url: string;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
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

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  let port = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      opts.dispatch?.log?.('http', err);
      if (!res.headersSent) refuse(res, 500);
      else res.destroy();
    });
  });

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
    const body = await readBody(req, MAX_MESSAGE_BYTES);
    if (body === null) return refuse(res, 413);
    let payload: unknown;
    try {
      payload = body.length ? JSON.parse(body) : undefined;
    } catch {
      return sendJson(res, 400, { ok: false, error: 'body is not JSON' });
    }
    const answer = await dispatch(opts.services, url.pathname.slice('/api/'.length), payload, opts.dispatch);
    sendJson(res, answer.ok ? 200 : 400, answer);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const status = url.pathname === WS_PATH ? gate(req.headers, url, port, opts.token, true) : 404;
    if (status) {
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachConnection(ws, opts.services, opts.dispatch));
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
