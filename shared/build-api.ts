// Builds an `InpaintApi` from two primitives (invoke a call, listen to an event), so Electron's preload
// and the browser host's WebSocket client expose exactly the same object. Listing every key here,
// under `satisfies InpaintApi`, makes the compiler catch any drift from the contract.
import type { CallName, EventName, InpaintApi } from './contract';

export type Invoke = (call: CallName, payload: unknown) => Promise<unknown>;
export type Listen = (event: EventName, cb: (data: unknown) => void) => () => void;

export function buildApi(invoke: Invoke, listen: Listen): InpaintApi {
  // One payload object per call; calls without arguments send {}.
  const call = <K extends CallName>(name: K) => ((payload?: unknown) => invoke(name, payload ?? {})) as InpaintApi[K];
  const on = <K extends EventName>(name: K) =>
    ((cb: (data: never) => void) => listen(name, cb as (d: unknown) => void)) as InpaintApi[K];
  return {
    appInfo: call('appInfo'),
    ping: call('ping'),
    sample: call('sample'),
    listMethods: call('listMethods'),
    inpaint: call('inpaint'),
    startTraining: call('startTraining'),
    cancelTraining: call('cancelTraining'),
    trainingStatus: call('trainingStatus'),
    retrySave: call('retrySave'),
    listModels: call('listModels'),
    modelDetails: call('modelDetails'),
    renameModel: call('renameModel'),
    deleteModel: call('deleteModel'),
    setActiveModel: call('setActiveModel'),
    exportModel: call('exportModel'),
    importModel: call('importModel'),
    startEval: call('startEval'),
    cancelEval: call('cancelEval'),
    evalStatus: call('evalStatus'),
    onTrainingEvent: on('onTrainingEvent'),
    onEvalEvent: on('onEvalEvent'),
    onModelsChanged: on('onModelsChanged'),
    onMenuCommand: on('onMenuCommand'),
  } satisfies InpaintApi;
}
