// The renderer's one way to reach the core: `window.inpaint` in Electron (the preload), otherwise the
// browser host's WebSocket client. Both are the same `InpaintApi`.
import type { InpaintApi } from '../shared/contract';
import { createWsClient } from '../shared/ws-client';

declare global {
  interface Window {
    inpaint?: InpaintApi;
  }
}

const TOKEN_KEY = 'inpaint-studio.token';

/** The token arrives once in the URL; keep it for reloads of this tab and take it out of the address bar. */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  }
  return fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export const host: 'electron' | 'browser' = window.inpaint ? 'electron' : 'browser';

export const api: InpaintApi =
  window.inpaint ??
  createWsClient({
    url: `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/ws`,
    token: takeToken(),
    WebSocketImpl: WebSocket,
  });
