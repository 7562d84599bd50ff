// The sandboxed preload: exposes exactly `InpaintApi` as window.inpaint. Each call is one
// ipcRenderer.invoke with one payload object; main answers {ok, result | error} and errors are
// rethrown here as plain Errors. Event callbacks get the data only, never Electron's event object.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALLS, EVENTS } from '../shared/contract';
import { buildApi } from '../shared/build-api';

type Envelope = { ok: true; result: unknown } | { ok: false; error: string };

const api = buildApi(
  async (call, payload) => {
    const answer = (await ipcRenderer.invoke(CALLS[call], payload)) as Envelope;
    if (!answer.ok) throw new Error(answer.error);
    return answer.result;
  },
  (event, cb) => {
    const listener = (_e: IpcRendererEvent, data: unknown): void => cb(data);
    ipcRenderer.on(EVENTS[event], listener);
    return () => {
      ipcRenderer.removeListener(EVENTS[event], listener);
    };
  },
);

contextBridge.exposeInMainWorld('inpaint', api);
