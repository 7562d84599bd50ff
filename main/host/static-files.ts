// Serves the built renderer: safe path resolution (no traversal, no symlink escape, no dotfiles),
// explicit MIME types, and the security headers on every answer.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { SECURITY_HEADERS } from './security-headers';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a URL path names inside root, or null when it would leave root or is not servable. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded === '' || decoded.endsWith('/')) decoded += 'index.html';
  const full = resolve(root, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`);
  const rel = relative(resolve(root), full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  if (rel.split(sep).some((part) => part.startsWith('.'))) return null;
  if (!(extname(full).toLowerCase() in MIME_TYPES)) return null;
  return full;
}

export interface StaticFile {
  /** The real path, inside root. */
  path: string;
  size: number;
  contentType: string;
  cacheControl: string;
}

/** The servable file a URL path names, or null; its real path must still lie inside root (symlinks). */
export async function locateStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  const file = resolveStaticPath(root, urlPath);
  const realRoot = await realpath(root).catch(() => null);
  const real = file ? await realpath(file).catch(() => null) : null;
  const info = real ? await stat(real).catch(() => null) : null;
  if (!file || !realRoot || !real || !info?.isFile() || !real.startsWith(realRoot + sep)) return null;
  return {
    path: real,
    size: info.size,
    contentType: MIME_TYPES[extname(file).toLowerCase()],
    // index.html names hashed assets: always fetch it fresh.
    cacheControl: file.endsWith('.html') ? 'no-store' : 'max-age=3600',
  };
}

/** Writes the file or a 404, with the security headers either way. */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  headOnly: boolean,
): Promise<void> {
  const found = await locateStatic(root, urlPath);
  if (!found) {
    res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found');
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': found.contentType,
    'Content-Length': found.size,
    'Cache-Control': found.cacheControl,
  });
  if (headOnly) {
    res.end();
    return;
  }
  createReadStream(found.path)
    .on('error', () => res.destroy())
    .pipe(res);
}
