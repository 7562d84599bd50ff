// The model store as the UI sees it: the list, the active model per kind, details of the selected one.
import type { ModelDetails, ModelKind, ModelList, ModelSummary } from '../../shared/contract';
import { api, host } from '../api';
import { base64ToBytes, bytesToBase64 } from './base64';
import { downloadBlob } from './download';

export class ModelsState {
  list = $state.raw<ModelList | null>(null);
  selectedId = $state<string | null>(null);
  details = $state.raw<ModelDetails | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  /** What a slow step is doing right now (import, export), shown with a progress bar. */
  busy = $state<string | null>(null);

  selected = $derived(this.list?.models.find((m) => m.id === this.selectedId) ?? null);

  async refresh(): Promise<void> {
    await this.guard(async () => {
      this.list = await api.listModels();
      if (this.selectedId && !this.list.models.some((m) => m.id === this.selectedId)) {
        this.selectedId = null;
        this.details = null;
      } else if (this.selectedId) {
        this.details = await api.modelDetails({ id: this.selectedId });
      }
    });
  }

  async select(id: string | null): Promise<void> {
    this.selectedId = id;
    this.details = null;
    if (id) await this.guard(async () => (this.details = await api.modelDetails({ id })));
  }

  isActive(m: ModelSummary): boolean {
    return this.list?.active[m.kind] === m.id;
  }

  async setActive(kind: ModelKind, id: string): Promise<void> {
    await this.guard(async () => (this.list = await api.setActiveModel({ kind, id })));
  }

  async rename(id: string, name: string): Promise<void> {
    await this.guard(async () => {
      await api.renameModel({ id, name });
      await this.refresh();
    });
  }

  async remove(id: string): Promise<void> {
    await this.guard(async () => {
      await api.deleteModel({ id });
      this.notice = 'Model deleted.';
      await this.refresh();
    });
  }

  /** Browser host: download the bundle through a Blob link; Electron saved it through a dialog already. */
  async exportModel(id: string, forTraining = false): Promise<void> {
    const name = this.list?.models.find((m) => m.id === id)?.name ?? 'the model';
    await this.guard(async () => {
      this.notice = null;
      this.busy = `Exporting “${name}”${forTraining ? ' with its optimizer state' : ''}…`;
      const r = await api.exportModel(forTraining ? { id, forTraining } : { id });
      if (r.bundleBase64) {
        const blob = new Blob([base64ToBytes(r.bundleBase64)], { type: 'application/octet-stream' });
        downloadBlob(blob, r.fileName);
        this.notice = `Exported ${r.fileName} (${megabytes(r.bundleBase64.length * 0.75)}).`;
      } else {
        this.notice = r.saved ? `Saved ${r.fileName}.` : 'Export cancelled.';
      }
    });
  }

  /** Browser host passes the chosen file; Electron (no file) lets main open its own dialog. */
  async importModel(file?: File): Promise<void> {
    await this.guard(async () => {
      this.notice = null;
      this.busy = file ? `Reading ${file.name} (${megabytes(file.size)})…` : 'Importing…';
      const req = file ? { bundleBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) } : {};
      if (file) this.busy = `Checking and saving ${file.name}…`;
      const s = await api.importModel(req);
      this.notice = !s
        ? 'Import cancelled.'
        : s.renamedFrom
          ? `Imported as “${s.name}” (${s.kind}): a model named “${s.renamedFrom}” exists already.`
          : `Imported “${s.name}” (${s.kind}).`;
      await this.refresh();
      if (s) await this.select(s.id);
    });
  }

  /** Whether importing needs the page's own file picker (browser host) or main's dialog (Electron). */
  get pickFileInPage(): boolean {
    return host === 'browser';
  }

  private async guard(fn: () => Promise<unknown>): Promise<void> {
    try {
      this.error = null;
      await fn();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = null;
    }
  }
}

function megabytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}
