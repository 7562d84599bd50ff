// The browser host's gatekeepers (RELIABILITY 5–6): a per-run token compared in constant time, and Host
// and Origin checks against the loopback names of our port (anti DNS rebinding, anti cross-site use).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** 256 bits, hex. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

function loopbackAuthorities(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

/** The Host header must name us by a loopback address and our port; anything else may be a rebound DNS name. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return typeof host === 'string' && loopbackAuthorities(port).includes(host.toLowerCase());
}

/** No Origin (curl, Node, same-origin navigations) is fine; a present one must be our own page's. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return loopbackAuthorities(port).some((a) => origin.toLowerCase() === `http://${a}`);
}

/** Constant-time comparison; a wrong length fails without comparing. */
export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from `Authorization: Bearer …` or the `token` query parameter. */
export function tokenFrom(headers: IncomingHttpHeaders, url: URL): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  return url.searchParams.get('token');
}

/**
 * The status a request must be refused with, or 0 to let it through. Host and Origin come first (403
 * even with a good token); `needsToken` is false for the static renderer files, which hold no secrets.
 */
export function gate(
  headers: IncomingHttpHeaders,
  url: URL,
  port: number,
  token: string,
  needsToken: boolean,
): 0 | 401 | 403 {
  if (!isAllowedHost(headers.host, port)) return 403;
  if (!isAllowedOrigin(headers.origin, port)) return 403;
  if (needsToken && !tokenMatches(tokenFrom(headers, url), token)) return 401;
  return 0;
}
