// One training job at a time: its form, its live progress and curve, its outcome.
import type { BackendInfo, TrainEvent, TrainKind, TrainPreview, TrainProgress } from '../../shared/contract';
import { api } from '../api';
import { defaultsFor, isFit, takes, type TrainForm } from './train-defaults';

export interface CurvePoint {
  step: number;
  loss: number;
  energyReal?: number;
  energyFake?: number;
}

type JobState = 'starting' | 'running' | 'done' | 'cancelled' | 'failed';

/** What a finished run says about itself: its last figures and how long it took. */
export interface RunSummary {
  kind: TrainKind;
  modelId: string;
  seconds: number;
  finalLoss: number | null;
  examplesPerSec: number | null;
  steps: number | null;
}

/** Fewer training images than this makes a weak model: the form asks before starting such a run. */
export const TINY_SUBSET = 1000;

const FORM_KEY = 'inpaint-studio.training-form';

/** The form of the run in progress, kept for this tab so a reload during the run shows what was started. */
function saveForm(kind: TrainKind, form: TrainForm): void {
  try {
    sessionStorage.setItem(FORM_KEY, JSON.stringify({ kind, form }));
  } catch {
    // storage full or disabled: a reload then shows the defaults, nothing worse
  }
}
function loadForm(): { kind: TrainKind; form: TrainForm } | null {
  try {
    const raw = sessionStorage.getItem(FORM_KEY);
    return raw ? (JSON.parse(raw) as { kind: TrainKind; form: TrainForm }) : null;
  } catch {
    return null;
  }
}

export class TrainingState {
  kind = $state<TrainKind>('generator');
  form = $state<TrainForm>(defaultsFor('generator'));
  jobId = $state<string | null>(null);
  jobKind = $state<TrainKind | null>(null);
  state = $state<JobState | null>(null);
  progress = $state.raw<TrainProgress | null>(null);
  curve = $state.raw<CurvePoint[]>([]);
  backend = $state.raw<BackendInfo | null>(null);
  error = $state<string | null>(null);
  lastModelId = $state<string | null>(null);
  /** The run finished but its save failed: its model is kept in main and a retry can save it. */
  unsaved = $state(false);
  /** The latest strip of test digits inpainted by the model being trained, and how many have arrived. */
  preview = $state.raw<TrainPreview | null>(null);
  previews = $state(0);
  summary = $state.raw<RunSummary | null>(null);
  private startedAt = 0;

  running = $derived(this.state === 'starting' || this.state === 'running');
  fraction = $derived(
    this.progress && this.progress.totalSteps ? Math.min(1, this.progress.step / this.progress.totalSteps) : 0,
  );

  /** A new kind gets its own recipe; the subset and the name the user typed stay. */
  setKind(kind: TrainKind): void {
    if (kind === this.kind) return; // choosing the same kind again keeps everything typed
    this.kind = kind;
    this.form = { ...defaultsFor(kind), subset: this.form.subset, workers: this.form.workers, name: this.form.name };
  }

  /** Picks up a job that was already running when the page loaded (reload during training). */
  async resume(): Promise<void> {
    let s;
    try {
      s = await api.trainingStatus();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      return;
    }
    if (s && s.state === 'running') {
      this.jobId = s.jobId;
      this.jobKind = s.kind;
      this.state = 'running';
      this.startedAt = performance.now();
      if (s.last?.type === 'progress') this.progress = s.last;
      // The form shows what this run was started with, not the defaults.
      const saved = loadForm();
      if (saved && saved.kind === s.kind) {
        this.kind = saved.kind;
        this.form = { ...defaultsFor(saved.kind), ...saved.form };
      }
    }
  }

  async start(): Promise<void> {
    if (this.running) return;
    const f = this.form;
    this.error = null;
    this.progress = null;
    this.curve = [];
    this.lastModelId = null;
    this.unsaved = false;
    this.preview = null;
    this.previews = 0;
    this.summary = null;
    this.startedAt = performance.now();
    saveForm(this.kind, f);
    this.state = 'starting';
    this.jobKind = this.kind;
    try {
      const { jobId } = await api.startTraining({
        kind: this.kind,
        ...(isFit(this.kind) ? {} : { epochs: f.epochs, batchSize: f.batchSize, learningRate: f.learningRate }),
        ...(f.subset ? { subset: f.subset } : {}),
        ...(takes(this.kind, 'masks') ? { masks: f.masks } : {}),
        ...(takes(this.kind, 'arch') ? { arch: f.arch } : {}),
        ...(takes(this.kind, 'workers') && f.workers ? { workers: f.workers } : {}),
        ...(f.name.trim() ? { name: f.name.trim() } : {}),
      });
      this.jobId = jobId;
      if (this.state === 'starting') this.state = 'running';
    } catch (err) {
      this.state = 'failed';
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  async cancel(): Promise<void> {
    if (!this.jobId) return;
    try {
      await api.cancelTraining({ jobId: this.jobId });
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  /** Saves the kept model of the failed save (disk full) again. */
  async retrySave(): Promise<void> {
    if (!this.jobId || !this.unsaved) return;
    try {
      const saved = await api.retrySave({ jobId: this.jobId });
      this.unsaved = false;
      this.error = null;
      this.state = 'done';
      this.lastModelId = saved.id;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  clearError(): void {
    this.error = null;
    if (this.state === 'failed') this.state = null;
  }

  handle(e: TrainEvent): void {
    if (this.jobId && e.jobId !== this.jobId) {
      if (this.state !== 'starting') return; // a stale job's late event
    }
    this.jobId = e.jobId;
    this.jobKind = e.kind;
    switch (e.type) {
      case 'started':
        this.state = 'running';
        this.backend = e.backend;
        break;
      case 'progress':
        this.state = 'running';
        this.progress = e;
        if (e.preview) {
          this.preview = e.preview;
          this.previews++;
        }
        this.curve = [
          ...this.curve,
          { step: e.step, loss: e.loss, energyReal: e.energyReal, energyFake: e.energyFake },
        ];
        break;
      case 'done':
        this.state = 'done';
        this.lastModelId = e.modelId;
        this.summary = {
          kind: e.kind,
          modelId: e.modelId,
          seconds: (performance.now() - this.startedAt) / 1000,
          finalLoss: this.progress && !isFit(e.kind) ? this.progress.loss : null,
          examplesPerSec: this.progress && !isFit(e.kind) ? this.progress.examplesPerSec : null,
          steps: this.progress && !isFit(e.kind) ? this.progress.step : null,
        };
        break;
      case 'cancelled':
        this.state = 'cancelled';
        break;
      case 'failed':
        this.state = 'failed';
        this.error = e.error;
        this.unsaved = e.unsaved === true;
        break;
    }
  }
}
