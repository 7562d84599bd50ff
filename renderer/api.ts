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

/**
 * The browser host's API: every call over the WebSocket but the import, whose megabytes go as one HTTP
 * POST. The WebSocket takes no message over 1 MB, so a huge frame is refused before it is buffered
 * (issue 13, defect 9); the HTTP body is read in chunks and only its base64 is cut out, never parsed whole.
 */
function browserApi(): InpaintApi {
  const token = takeToken();
  const ws = createWsClient({
    url: `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/ws`,
    token,
    WebSocketImpl: WebSocket,
  });
  const importModel: InpaintApi['importModel'] = async (req) => {
    let answer: { ok: boolean; result?: unknown; error?: string };
    try {
      const res = await fetch('/api/importModel', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(req),
      });
      answer = res.status === 413 ? { ok: false, error: 'the model file is too large' } : await res.json();
    } catch {
      throw new Error('lost the connection to Inpaint Studio: restart `npm run web` and open the URL it prints');
    }
    if (!answer.ok) throw new Error(answer.error ?? 'the import failed');
    return answer.result as Awaited<ReturnType<InpaintApi['importModel']>>;
  };
  return { ...ws, importModel };
}

export const api: InpaintApi = window.inpaint ?? browserApi();
