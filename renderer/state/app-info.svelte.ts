// Facts about the running app: version, host, backend and dataset; the methods the models allow.
import type { AppInfo } from '../../shared/contract';
import { api, whyUnreachable } from '../api';
import type { ResultsState } from './results.svelte';

export class AppInfoState {
  info = $state.raw<AppInfo | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly results: ResultsState) {}

  async load(): Promise<void> {
    try {
      this.info = await api.appInfo();
    } catch (err) {
      return this.unreachable(err);
    }
    await this.refreshMethods();
  }

  /** Which methods have a loadable model; called at start and whenever the model store changes. Never rejects. */
  async refreshMethods(): Promise<void> {
    try {
      this.results.setMethods(await api.listMethods());
    } catch (err) {
      this.unreachable(err);
    }
  }

  private unreachable(err: unknown): void {
    this.error = `Cannot reach the app core: ${err instanceof Error ? err.message : String(err)}`;
    // Then say why, and what to do about it (a stale token reads like a lost server otherwise).
    void whyUnreachable().then((why) => (this.error = why));
  }
}
