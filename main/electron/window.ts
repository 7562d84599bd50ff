// The hardened window (RELIABILITY 1–2): isolated, sandboxed renderer without Node; pages come from our
// own app:// scheme only; no new windows, no navigation away, no permissions, a strict CSP.
import { readFile } from 'node:fs/promises';
import { app, BrowserWindow, protocol, type Session } from 'electron';
import { SECURITY_HEADERS } from '../host/security-headers';
import { locateStatic } from '../host/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'inpaint';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for pages of our own renderer (app://inpaint/…) and nothing else. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Must run before `ready`: a standard, secure scheme gets an origin, fetch and the CSP like https. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer on app://inpaint/ with the same path checks and headers as the browser host. */
export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const found = url.host === APP_HOST ? await locateStatic(rendererDir, url.pathname) : null;
    if (!found) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(await readFile(found.path), {
      headers: { ...SECURITY_HEADERS, 'Content-Type': found.contentType, 'Cache-Control': found.cacheControl },
    });
  });
}

/** No permission is ever granted; every response carries the CSP (also for anything not served by us). */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [SECURITY_HEADERS['Content-Security-Policy']],
      },
    });
  });
}

/** Every web contents, now and later: no webviews, no popups, no navigation off the app. */
export function guardAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    const stayHome = (e: { preventDefault(): void }, url: string): void => {
      if (!isAppUrl(url)) e.preventDefault();
    };
    contents.on('will-navigate', stayHome);
    contents.on('will-redirect', stayHome);
  });
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 640,
    show: false,
    title: 'Inpaint Studio',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  return win;
}
