// THE contract between the renderer and the core. Electron's preload, the browser host's WebSocket
// client and main/services.ts all implement or consume `InpaintApi`, so the compiler catches drift.
// It imports only shared/ (no Node, no DOM): it must load in the sandboxed preload, the renderer and Node.

import type { MethodId, MethodParamName } from './methods';
import type { Arch, ModelKind } from './model-kinds';
import type { ModelMetadata } from './model-metadata';
import type { MaskFamilyId, MaskMix } from './masks';

export type { MethodId } from './methods';
export { METHOD_IDS } from './methods';
export type { ModelKind } from './model-kinds';
export { MODEL_KINDS } from './model-kinds';

/** 28×28 grayscale image, row-major, values in [0,1], where JSON carries it (samples, training previews). */
export type Image = number[];
/** 28×28 mask, 1 = missing, 0 = known. */
export type Mask = number[];
/**
 * The live path's pixels (every stroke's inpaint request and answer): typed arrays end to end — structured
 * clone over Electron's IPC, binary frames on the browser host's WebSocket (shared/binary-frame.ts). A JSON
 * caller (a script on the host's HTTP API) may send number[] and gets number[] back.
 */
export type Pixels = Float32Array;
/** A live-path mask, 1 = missing, 0 = known. */
export type MaskBytes = Uint8Array;

export interface BackendInfo {
  name: 'tensorflow' | 'wasm' | 'cpu';
  /** Why this backend runs and why a better one does not, in one sentence for the user. */
  reason: string;
}

export interface DatasetInfo {
  name: string; // 'MNIST (built in)' or the folder's name
  trainCount: number;
  testCount: number;
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'browser';
  backend: BackendInfo;
  dataset: DatasetInfo;
}

export interface SampleRequest {
  split: 'train' | 'test';
  /** Omit for a random digit. */
  index?: number;
  /** Seed of the center-gray patch; omit for a random patch. */
  patchSeed?: number;
}
export interface Sample {
  split: 'train' | 'test';
  index: number;
  label: number;
  patchSeed: number;
  original: Image;
  mask: Mask;
  corrupted: Image;
}

export interface MethodInfo {
  id: MethodId;
  label: string;
  /** False when no model of the needed kind is loadable; `reason` says why. */
  available: boolean;
  reason?: string;
}

/** Parameters a method takes; which ones, their ranges and defaults: shared/methods.ts. */
export type MethodParams = Partial<Record<MethodParamName, number>>;

export interface InpaintRequest {
  image: Pixels | Image;
  mask: MaskBytes | Mask;
  methods: MethodId[];
  /** Parameters for every method that takes them (overridden per method by `methodParams`). */
  params?: MethodParams;
  /** Per-method parameters, e.g. `{ pca: { d: 15 }, 'pca-masked': { d: 400 } }`: methods differ in their best d. */
  methodParams?: Partial<Record<MethodId, MethodParams>>;
  /** The unmasked image, when known (a dataset sample): judged too (E and classifier) and answered as
   * `original`; lets the MDN report each completion's posterior πᵢ. */
  original?: Pixels | Image;
  /** Also return each method's alternatives and chain (MethodResult.samples/.chain). */
  details?: boolean;
  /** Refine every result by energy descent on the missing pixels (MethodResult.descent). */
  refine?: RefineRequest;
}
/** Gradient descent on an energy over the missing pixels (known pixels fixed, values in [0,1]). */
export interface RefineRequest {
  /** 'generator': the generator's energy network E; 'crbm': the conditional RBM's free energy F. */
  energy: 'generator' | 'crbm';
  steps: number;
  /** Step length in pixel units (RMS over the missing pixels); default 0.02. */
  rate?: number;
}
export interface Judgement {
  /** Energy E(x) of the active generator's energy network; null when none is loaded. */
  energy: number | null;
  /** Classifier probabilities for digits 0..9; null when no classifier is loaded. */
  probs: number[] | null;
}
/** One of a method's alternative completions (the MDN's K components), judged like the answer. */
export interface MethodSample extends Judgement {
  image: Pixels;
  /** Mixing coefficient αᵢ. */
  weight: number;
  /** Posterior πᵢ given the original (only when the request carried it). */
  posterior?: number;
  /** The one the method's rule returned as its answer. */
  chosen: boolean;
}
/** A sampler's path (the CRBM's Gibbs chain): one image per step with its energy (free energy F). */
export interface MethodChain {
  images: Pixels[];
  energies: number[];
}
export interface MethodResult extends Judgement {
  method: MethodId;
  image: Pixels | null;
  ms: number;
  error?: string;
  samples?: MethodSample[];
  chain?: MethodChain;
  /** The rule that picked the answer among the samples. */
  rule?: string;
  /** The energy-descent path from `image` (step 0) when the request asked to refine. */
  descent?: MethodChain;
}
/** The energy real digits get from the active energy network: a scale to read any E against. */
export interface EnergyScale {
  /** 5th percentile, median and 95th percentile of E over `n` test digits (the first n of the test set). */
  low: number;
  median: number;
  high: number;
  n: number;
}
export interface InpaintResponse {
  /** The input as the models see it (missing pixels gray), judged too. */
  input: Judgement;
  results: MethodResult[];
  /** The request's `original`, judged; absent when the request had none. */
  original?: Judgement;
  /** E of real test digits under the energy network that judged this response; null when none is loaded. */
  energyScale?: EnergyScale | null;
}

export type TrainKind = ModelKind;
export interface TrainRequest {
  kind: TrainKind;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Use only the first N training images (quick runs, tests). */
  subset?: number;
  seed?: number;
  name?: string;
  /** Generator only: weight of the L2 reconstruction anchor, 0 = the pure exercise. */
  anchorWeight?: number;
  /** Generator/regressor: the missing regions trained on (shared/masks.ts); default 'mix'. */
  masks?: MaskMix;
  /**
   * Training threads (data-parallel: each computes the gradients of a share of every batch). Default:
   * every core, at most 8 (1 on tfjs-node, which already uses every core). Seeded runs reproduce for a given count.
   */
  workers?: number;
  /** MDN only: number of mixture components K. */
  components?: number;
  /** CRBM only: hidden units. */
  hiddenUnits?: number;
  /** CRBM only: Gibbs sweeps of the negative phase (CD-k). */
  gibbsSteps?: number;
  /** CRBM only: 1 = persistent chains, 0 = CD-k from the data. */
  persistent?: number;
  /** CRBM only: 1 = add visible and hidden biases to the sheet's bias-free energy. */
  biases?: number;
  /** Generator/regressor/classifier: 'mlp' (the exercise's, the default) or 'conv'. */
  arch?: Arch;
}
/** The same few test digits inpainted by the model being trained, a few times a second. */
export interface TrainPreview {
  /** Test-set indices of the digits (always the same ones, so the strip shows change, not new digits). */
  indices: number[];
  /** indices.length × 784 pixels, 0–255 (small on the wire); known pixels are the input's. */
  images: number[];
  /** indices.length × 784, 1 = missing (the center-gray patch of the protocol). */
  masks: number[];
}
/** The most training threads a request may ask for. */
export const MAX_TRAIN_WORKERS = 64;
export interface TrainProgress {
  type: 'progress';
  jobId: string;
  kind: TrainKind;
  epoch: number;
  epochs: number;
  step: number;
  totalSteps: number;
  loss: number;
  energyReal?: number;
  energyFake?: number;
  examplesPerSec: number;
  etaSeconds: number;
  /** Generator and regressor runs: the strip of inpainted test digits, at most every PREVIEW interval. */
  preview?: TrainPreview;
}
export type TrainEvent =
  | { type: 'started'; jobId: string; kind: TrainKind; backend: BackendInfo }
  | TrainProgress
  | { type: 'done'; jobId: string; kind: TrainKind; modelId: string }
  | { type: 'cancelled'; jobId: string; kind: TrainKind }
  /** unsaved: the run finished but its save failed; the model is kept and retrySave can save it. */
  | { type: 'failed'; jobId: string; kind: TrainKind; error: string; unsaved?: boolean };

export interface JobStatus {
  jobId: string;
  kind: TrainKind;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  last?: TrainEvent;
}

/** The eval table in the app: methods × mask families on the first n test images (the CLI's `eval`). */
export interface EvalRequest {
  methods: MethodId[];
  families: MaskFamilyId[];
  /** The first n test images (each keeps its mask of (seed, index) in every family). */
  n: number;
  /** The dimensions d the PCA methods are evaluated at (one row each). */
  dList: number[];
  /** Mask seed; default 1, the CLI's. */
  seed?: number;
}
/** One row of the eval table; 'clean' is the ceiling (nothing missing), 'gray' the floor (the gray patch). */
export interface EvalResultRow {
  method: MethodId | 'clean' | 'gray';
  family: MaskFamilyId;
  d?: number;
  /** Mean squared error over the missing pixels. */
  mse: number;
  /** Classifier accuracy on the inpainted images; null when no classifier is loaded. */
  accuracy: number | null;
}
export type EvalEvent =
  /** done/total count image evaluations (n per method row and per family's reference rows). */
  | { type: 'progress'; jobId: string; done: number; total: number; family: MaskFamilyId; current: string }
  | { type: 'done'; jobId: string; n: number; seed: number; rows: EvalResultRow[]; seconds: number }
  | { type: 'cancelled'; jobId: string }
  | { type: 'failed'; jobId: string; error: string };
export interface EvalStatus {
  jobId: string;
  /** What the run was asked (a page reloaded during the run shows its form as it was started). */
  req: EvalRequest;
  last?: Extract<EvalEvent, { type: 'progress' }>;
}

export interface ModelSummary {
  id: string;
  name: string;
  kind: ModelKind;
  builtIn: boolean;
  createdAt: string;
  /** False when the files fail their checksum or cannot be read; `problem` says why. */
  loadable: boolean;
  problem?: string;
  sizeBytes: number;
}
export interface ModelDetails extends ModelSummary {
  /** What the model records about itself, checked against its kind's schema (shared/model-metadata.ts). */
  metadata: ModelMetadata;
  /** Set when the recorded metadata does not fit its kind's schema (the model may still load). */
  metadataProblem?: string;
  /** Loss curve recorded during training, if any. */
  curve?: { step: number; loss: number; energyReal?: number; energyFake?: number }[];
}
export interface StoreWarning {
  id: string;
  message: string;
}
export interface ModelList {
  models: ModelSummary[];
  active: Partial<Record<ModelKind, string>>;
  warnings: StoreWarning[];
  readOnly: boolean;
}

export interface ExportResult {
  /** Electron: written through a save dialog (false when the user cancelled). */
  saved: boolean;
  fileName: string;
  /** Browser host: the bundle's bytes, base64, for the renderer to download. */
  bundleBase64?: string;
}
export interface ExportRequest {
  id: string;
  /** Include the optimizer state, so a run can continue from the file (`train --resume`); larger. */
  forTraining?: boolean;
}
/** An imported model; `renamedFrom` is the file's name when a model of that name existed already. */
export type ImportedModel = ModelSummary & { renamedFrom?: string };
export interface ImportRequest {
  /** Browser host: the uploaded bundle, base64. Electron: omit, main opens a dialog. */
  bundleBase64?: string;
}

/** Commands the native menu sends to the renderer. */
export type MenuCommand = 'import-model' | 'export-model' | 'show-shortcuts' | 'show-about';

/** One payload object per call; every call returns a promise; events return an unsubscribe. */
export interface InpaintApi {
  appInfo(): Promise<AppInfo>;
  ping(): Promise<{ t: number }>;
  sample(req: SampleRequest): Promise<Sample>;
  listMethods(): Promise<MethodInfo[]>;
  inpaint(req: InpaintRequest): Promise<InpaintResponse>;
  startTraining(req: TrainRequest): Promise<{ jobId: string }>;
  cancelTraining(req: { jobId: string }): Promise<{ ok: boolean }>;
  trainingStatus(): Promise<JobStatus | null>;
  /** Saves the kept model of a finished run whose save failed (disk full); it stays kept if this fails too. */
  retrySave(req: { jobId: string }): Promise<ModelSummary>;
  listModels(): Promise<ModelList>;
  modelDetails(req: { id: string }): Promise<ModelDetails>;
  renameModel(req: { id: string; name: string }): Promise<ModelSummary>;
  deleteModel(req: { id: string }): Promise<{ ok: boolean }>;
  setActiveModel(req: { kind: ModelKind; id: string }): Promise<ModelList>;
  exportModel(req: ExportRequest): Promise<ExportResult>;
  importModel(req: ImportRequest): Promise<ImportedModel | null>;
  /** Starts an evaluation run in its own process (one at a time); its events arrive on onEvalEvent. */
  startEval(req: EvalRequest): Promise<{ jobId: string }>;
  cancelEval(req: { jobId: string }): Promise<{ ok: boolean }>;
  /** The run in progress, if any, with its last progress (a page reloaded during a run picks it up). */
  evalStatus(): Promise<EvalStatus | null>;
  onTrainingEvent(cb: (e: TrainEvent) => void): () => void;
  onEvalEvent(cb: (e: EvalEvent) => void): () => void;
  onModelsChanged(cb: () => void): () => void;
  onMenuCommand(cb: (c: MenuCommand) => void): () => void;
}

/** Request/response calls: name → IPC channel (`domain:verb`). */
export const CALLS = {
  appInfo: 'app:info',
  ping: 'app:ping',
  sample: 'dataset:sample',
  listMethods: 'methods:list',
  inpaint: 'inpaint:run',
  startTraining: 'training:start',
  cancelTraining: 'training:cancel',
  trainingStatus: 'training:status',
  retrySave: 'training:retry-save',
  listModels: 'models:list',
  modelDetails: 'models:details',
  renameModel: 'models:rename',
  deleteModel: 'models:delete',
  setActiveModel: 'models:set-active',
  exportModel: 'models:export',
  importModel: 'models:import',
  startEval: 'eval:start',
  cancelEval: 'eval:cancel',
  evalStatus: 'eval:status',
} as const satisfies Record<Exclude<keyof InpaintApi, `on${string}`>, string>;

/** Events main → renderer: name → channel. */
export const EVENTS = {
  onTrainingEvent: 'training:event',
  onEvalEvent: 'eval:event',
  onModelsChanged: 'models:changed',
  onMenuCommand: 'menu:command',
} as const satisfies Record<Extract<keyof InpaintApi, `on${string}`>, string>;

export type CallName = keyof typeof CALLS;
export type EventName = keyof typeof EVENTS;
/** The exact key list of `window.inpaint` (RELIABILITY 1 checks it). */
export const API_KEYS: readonly string[] = [...Object.keys(CALLS), ...Object.keys(EVENTS)].sort();
