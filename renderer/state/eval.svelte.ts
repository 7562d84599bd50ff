// One evaluation run at a time: its form (methods, mask families, N, the d list), its progress, its table.
// The run itself is in the core's eval process; this only asks for it and listens.
import type { EvalEvent, EvalRequest, EvalResultRow, MethodId } from '../../shared/contract';
import { DEFAULT_D_SWEEP, EVAL_N } from '../../shared/eval-limits';
import type { MaskFamilyId } from '../../shared/masks';
import { methodInfo } from '../../shared/methods';
import { api } from '../api';
import { downloadBlob } from './download';
import { parseDList, sortRows, toCsv, type EvalColumn, type SortKey, nextSort } from '../eval/eval-table';

type RunState = 'starting' | 'running' | 'done' | 'cancelled' | 'failed';

export interface EvalOutcome {
  rows: EvalResultRow[];
  n: number;
  seed: number;
  seconds: number;
}

export class EvalState {
  /** null: every available method (until the user picks). */
  picked = $state<MethodId[] | null>(null);
  families = $state<MaskFamilyId[]>(['center-gray']);
  n = $state<number>(EVAL_N.default);
  nValid = $state(true);
  dText = $state(DEFAULT_D_SWEEP.join(', '));
  jobId = $state<string | null>(null);
  state = $state<RunState | null>(null);
  progress = $state.raw<Extract<EvalEvent, { type: 'progress' }> | null>(null);
  outcome = $state.raw<EvalOutcome | null>(null);
  error = $state<string | null>(null);
  sort = $state.raw<SortKey | null>(null);

  running = $derived(this.state === 'starting' || this.state === 'running');
  dCheck = $derived(parseDList(this.dText));
  fraction = $derived(this.progress && this.progress.total ? this.progress.done / this.progress.total : 0);
  sortedRows = $derived(this.outcome ? (this.sort ? sortRows(this.outcome.rows, this.sort) : this.outcome.rows) : []);

  methods(available: readonly MethodId[]): MethodId[] {
    return (this.picked ?? available).filter((m) => available.includes(m));
  }

  toggleMethod(available: readonly MethodId[], m: MethodId, on: boolean): void {
    const now = this.methods(available);
    this.picked = on ? available.filter((x) => x === m || now.includes(x)) : now.filter((x) => x !== m);
  }

  toggleFamily(all: readonly MaskFamilyId[], f: MaskFamilyId, on: boolean): void {
    this.families = on ? all.filter((x) => x === f || this.families.includes(x)) : this.families.filter((x) => x !== f);
  }

  /** Why Run cannot start with the form as it is, or null. */
  problem(available: readonly MethodId[]): string | null {
    const methods = this.methods(available);
    if (!methods.length) return 'Choose at least one method.';
    if (!this.families.length) return 'Choose at least one mask family.';
    if (!this.nValid) return 'Fix the number of test images.';
    if (methods.some((m) => methodInfo(m).params.d) && !this.dCheck.ok) return 'Fix the list of d values.';
    return null;
  }

  async start(available: readonly MethodId[]): Promise<void> {
    if (this.running || this.problem(available)) return;
    const methods = this.methods(available);
    const req: EvalRequest = {
      methods,
      families: [...this.families],
      n: this.n,
      dList: methods.some((m) => methodInfo(m).params.d) && this.dCheck.ok ? this.dCheck.values : [],
    };
    this.state = 'starting';
    this.error = null;
    this.progress = null;
    this.outcome = null;
    this.sort = null;
    try {
      const { jobId } = await api.startEval(req);
      // A fast run may have finished (its final event arrived) before the answer did.
      if (this.state === 'starting') this.state = 'running';
      this.jobId = jobId;
    } catch (err) {
      this.state = 'failed';
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  /** Picks up a run that was going when the page loaded (a reload during a run), so it can be followed or
   * cancelled; its table arrives with its final event. */
  async resume(): Promise<void> {
    try {
      const s = await api.evalStatus();
      if (!s || this.jobId) return;
      this.jobId = s.jobId;
      this.state = 'running';
      this.progress = s.last ?? null;
      this.showForm(s.req);
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  /** The form as a run was started (the run's own request, so any window shows the same). */
  private showForm(req: EvalRequest): void {
    this.picked = [...req.methods];
    this.families = [...req.families];
    this.n = req.n;
    this.nValid = true;
    if (req.dList.length) this.dText = req.dList.join(', ');
  }

  async cancel(): Promise<void> {
    if (!this.jobId || !this.running) return;
    try {
      await api.cancelEval({ jobId: this.jobId });
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  handle(e: EvalEvent): void {
    // Events of another run (an earlier one, a second window's) are not this form's business.
    if (this.jobId !== null && e.jobId !== this.jobId) return;
    if (this.jobId === null && this.state !== 'starting') return;
    this.jobId = e.jobId;
    if (e.type === 'progress') {
      if (this.running) this.state = 'running';
      this.progress = e;
    } else if (e.type === 'done') {
      this.state = 'done';
      this.outcome = { rows: e.rows, n: e.n, seed: e.seed, seconds: e.seconds };
    } else if (e.type === 'cancelled') this.state = 'cancelled';
    else {
      this.state = 'failed';
      this.error = e.error;
    }
  }

  sortBy(column: EvalColumn): void {
    this.sort = nextSort(this.sort, column);
  }

  /** The table as a CSV file, downloaded (a Blob link works in Electron and in the browser alike). */
  exportCsv(): void {
    const o = this.outcome;
    if (!o) return;
    downloadBlob(new Blob([toCsv(o.rows, o)], { type: 'text/csv' }), `inpaint-eval-n${o.n}-seed${o.seed}.csv`);
  }
}
