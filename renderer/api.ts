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

const token = window.inpaint ? '' : takeToken();

/**
 * Why the core cannot be reached, in words that say what to do. The browser host is asked over plain HTTP:
 * 401 = this page's token is missing or from an earlier run; no answer = the server is not running.
 */
export async function whyUnreachable(): Promise<string> {
  if (host === 'electron') return 'The app core stopped answering: restart Inpaint Studio.';
  try {
    const r = await fetch(`/api/ping?token=${encodeURIComponent(token)}`, { method: 'POST', body: '{}' });
    if (r.status === 401)
      return (
        'This page has no valid access token (it is missing, or from an earlier run of the server): ' +
        'open the URL that `npm start` or `npm run web` printed, with its ?token=….'
      );
    if (r.ok) return 'The connection to Inpaint Studio dropped: reload the page.';
  } catch {
    // no answer at all: the server is gone
  }
  return 'Inpaint Studio is not running any more: start it again (`npm start`) and open the URL it prints.';
}

/**
 * The browser host's API: every call over the WebSocket but the import, whose megabytes go as one HTTP
 * POST. The WebSocket takes no message over 1 MB, so a huge frame is refused before it is buffered
 * (issue 13, defect 9); the HTTP body is read in chunks and only its base64 is cut out, never parsed whole.
 */
function browserApi(): InpaintApi {
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
      throw new Error(await whyUnreachable());
    }
    if (!answer.ok) throw new Error(answer.error ?? 'the import failed');
    return answer.result as Awaited<ReturnType<InpaintApi['importModel']>>;
  };
  return { ...ws, importModel };
}

export const api: InpaintApi = window.inpaint ?? browserApi();
