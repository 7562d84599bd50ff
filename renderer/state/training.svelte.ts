// One training job at a time: its form, its live progress and curve, its outcome.
import type { BackendInfo, TrainEvent, TrainKind, TrainProgress } from '../../shared/contract';
import { api } from '../api';
import { defaultsFor, isFit, isParallel, type TrainForm } from './train-defaults';

export interface CurvePoint {
  step: number;
  loss: number;
  energyReal?: number;
  energyFake?: number;
}

type JobState = 'starting' | 'running' | 'done' | 'cancelled' | 'failed';

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

  running = $derived(this.state === 'starting' || this.state === 'running');
  fraction = $derived(
    this.progress && this.progress.totalSteps ? Math.min(1, this.progress.step / this.progress.totalSteps) : 0,
  );

  setKind(kind: TrainKind): void {
    this.kind = kind;
    this.form = defaultsFor(kind);
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
      if (s.last?.type === 'progress') this.progress = s.last;
    }
  }

  async start(): Promise<void> {
    if (this.running) return;
    const f = this.form;
    this.error = null;
    this.progress = null;
    this.curve = [];
    this.lastModelId = null;
    this.state = 'starting';
    this.jobKind = this.kind;
    try {
      const { jobId } = await api.startTraining({
        kind: this.kind,
        ...(isFit(this.kind) ? {} : { epochs: f.epochs, batchSize: f.batchSize, learningRate: f.learningRate }),
        ...(f.subset ? { subset: f.subset } : {}),
        ...(isParallel(this.kind) && f.workers ? { workers: f.workers } : {}),
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
        this.curve = [
          ...this.curve,
          { step: e.step, loss: e.loss, energyReal: e.energyReal, energyFake: e.energyFake },
        ];
        break;
      case 'done':
        this.state = 'done';
        this.lastModelId = e.modelId;
        break;
      case 'cancelled':
        this.state = 'cancelled';
        break;
      case 'failed':
        this.state = 'failed';
        this.error = e.error;
        break;
    }
  }
}
