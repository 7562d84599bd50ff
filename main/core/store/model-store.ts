// The model store on disk (RELIABILITY 10–14). Layout:
//   <dataDir>/store.lock            single-writer lock (pid)
//   <dataDir>/store.json            { schema } of the store as a whole
//   <dataDir>/settings.json         { schema, active: { kind: id } }
//   <dataDir>/models/<id>/meta.json + the model's files
//   <dataDir>/quarantine/<folder>-<ms>   broken model folders moved aside at open
// Built-ins live in builtInDir with the same layout and are never written.
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MODEL_KINDS,
  type ModelDetails,
  type ModelKind,
  type ModelList,
  type ModelSummary,
  type StoreWarning,
} from '../../../shared/contract';
import type { ModelFiles, TrainedModel } from '../ml/model-files';
import { SimulatedCrash, atomicWriteFile, syncDir, tempName, writeSynced, type FaultHook } from './atomic-write';
import { decodeBundle, encodeBundle } from './bundle';
import { checkModelFiles, type KindValidator } from './check-files';
import { StoreError } from './errors';
import { checkModelKind } from './kind-check';
import { boundMetadata } from './metadata-bounds';
import { acquireLock, releaseLock, type HeldLock } from './lock';
import { CURRENT_SCHEMA, MAX_NAME_LENGTH, fileEntryFor, serializeMeta, type ModelMeta } from './meta';
import { readVerified } from './model-folder';
import { META_FILE, checkModelId, newModelId } from './names';
import { TRASH_PREFIX, hasNewerSchema, inspect, removeTempFiles, settle, type Entry } from './scan';
import { readSettings, writeSettings, type ActiveChoice } from './settings';
import { summarize, toDetails } from './summaries';

export { StoreError } from './errors';

export interface OpenOptions {
  dataDir: string;
  /** Read-only built-in models (assets/models), same folder layout. */
  builtInDir?: string;
  /**
   * The per-kind load check of a model's files; throws to reject. Runs on save, import, open and load.
   * Defaults to checkModelKind (every opening gets it); tests with toy models pass their own.
   */
  validate?: KindValidator;
  /** Tests only: called after each step of every write; throw SimulatedCrash to stand for a crash. */
  faults?: FaultHook;
}

async function readStoreSchema(dataDir: string): Promise<number> {
  try {
    const raw = JSON.parse(await readFile(join(dataDir, 'store.json'), 'utf8')) as { schema?: unknown };
    return typeof raw.schema === 'number' ? raw.schema : 1;
  } catch {
    return 1; // missing or unreadable: an old store (or a fresh one); the models decide
  }
}

export class ModelStore {
  private entries = new Map<string, Entry>();
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly opts: OpenOptions,
    private readonly lock: HeldLock,
    readonly readOnly: boolean,
    private active: ActiveChoice,
    private readonly warnings: StoreWarning[],
  ) {}

  private get modelsDir(): string {
    return join(this.opts.dataDir, 'models');
  }

  static async open(options: OpenOptions): Promise<ModelStore> {
    const opts = { ...options, validate: options.validate ?? checkModelKind };
    const modelsDir = join(opts.dataDir, 'models');
    await mkdir(modelsDir, { recursive: true });
    const lock = await acquireLock(opts.dataDir);
    try {
      const found = await inspect(modelsDir);
      const storeSchema = await readStoreSchema(opts.dataDir);
      const readOnly = storeSchema > CURRENT_SCHEMA || hasNewerSchema(found);
      const common = { quarantineDir: join(opts.dataDir, 'quarantine'), validate: opts.validate, fault: opts.faults };
      const builtIns = opts.builtInDir
        ? await settle(await inspect(opts.builtInDir, true), {
            ...common,
            modelsDir: opts.builtInDir,
            builtIn: true,
            writable: false,
          })
        : { entries: [], warnings: [] };
      const users = await settle(found, { ...common, modelsDir, builtIn: false, writable: !readOnly });
      if (!readOnly) await removeTempFiles(opts.dataDir); // settings.json / store.json writes cut short
      if (!readOnly && storeSchema < CURRENT_SCHEMA) {
        await atomicWriteFile(
          join(opts.dataDir, 'store.json'),
          new TextEncoder().encode(JSON.stringify({ schema: CURRENT_SCHEMA })),
          opts.faults,
        );
      }
      const settings = await readSettings(opts.dataDir);
      const warnings = [...builtIns.warnings, ...users.warnings];
      if (settings.problem) warnings.push({ id: 'settings.json', message: settings.problem });
      if (readOnly)
        warnings.push({
          id: 'store',
          message: `the model store in ${opts.dataDir} was written by a newer Inpaint Studio; it is open read-only`,
        });
      const store = new ModelStore(opts, lock, readOnly, settings.active, warnings);
      for (const e of builtIns.entries) store.entries.set(e.meta.id, e);
      for (const e of users.entries) {
        if (store.entries.has(e.meta.id))
          warnings.push({ id: e.meta.id, message: `model "${e.meta.id}" has the id of a built-in and is hidden` });
        else store.entries.set(e.meta.id, e);
      }
      return store;
    } catch (err) {
      await releaseLock(lock);
      throw err;
    }
  }

  list(): ModelList {
    const models = [...this.entries.values()]
      .sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || b.meta.createdAt.localeCompare(a.meta.createdAt))
      .map(summarize);
    const active: ModelList['active'] = {};
    for (const kind of MODEL_KINDS) {
      const id = this.activeId(kind);
      if (id) active[kind] = id;
    }
    return { models, active, warnings: [...this.warnings], readOnly: this.readOnly };
  }

  async details(id: string): Promise<ModelDetails> {
    return toDetails(this.entry(id));
  }

  /** The user's explicit choice if it is loadable, else the loadable built-in, else the newest loadable user model. */
  activeId(kind: ModelKind): string | undefined {
    const chosen = this.active[kind];
    const fits = (e: Entry | undefined) => e !== undefined && e.meta.kind === kind && !e.problem;
    if (chosen && fits(this.entries.get(chosen))) return chosen;
    const candidates = [...this.entries.values()]
      .filter(fits)
      .sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || b.meta.createdAt.localeCompare(a.meta.createdAt));
    return candidates[0]?.meta.id;
  }

  async readFiles(id: string): Promise<ModelFiles> {
    const e = this.entry(id);
    const result = await readVerified(e.dir, e.meta, this.opts.validate);
    if ('problem' in result) {
      e.problem = result.problem;
      throw new StoreError(`model "${e.meta.name}" cannot be loaded: ${result.problem}`);
    }
    e.problem = undefined;
    return result.files;
  }

  save(model: TrainedModel, name?: string): Promise<ModelSummary> {
    return this.write(async () => {
      if (!model || !MODEL_KINDS.includes(model.kind))
        throw new StoreError(`unknown model kind ${JSON.stringify(model?.kind)}`);
      checkModelFiles(model.kind, model.files, this.opts.validate);
      const id = newModelId(model.kind);
      const meta: ModelMeta = {
        schema: CURRENT_SCHEMA,
        id,
        name: checkName(name ?? `${model.kind} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`),
        kind: model.kind,
        createdAt: new Date().toISOString(),
        files: Object.entries(model.files).map(([f, bytes]) => fileEntryFor(f, bytes)),
        metadata: boundMetadata(model.metadata ?? {}),
      };
      const dir = join(this.modelsDir, id);
      await this.writeFolder(dir, meta, model.files);
      const entry: Entry = { meta, dir, builtIn: false };
      this.entries.set(id, entry);
      return summarize(entry);
    });
  }

  rename(id: string, name: string): Promise<ModelSummary> {
    return this.write(async () => {
      const e = this.userEntry(id, 'renamed');
      const meta = { ...e.meta, name: checkName(name) };
      await atomicWriteFile(join(e.dir, META_FILE), serializeMeta(meta), this.opts.faults);
      e.meta = meta;
      return summarize(e);
    });
  }

  delete(id: string): Promise<void> {
    return this.write(async () => {
      const e = this.userEntry(id, 'deleted');
      // Rename away first (atomic), then remove: a crash leaves a trash folder, cleaned at next open.
      const trash = join(this.modelsDir, `${TRASH_PREFIX}${id}`);
      await rename(e.dir, trash);
      this.opts.faults?.('moved-to-trash');
      await syncDir(this.modelsDir);
      this.entries.delete(id);
      await rm(trash, { recursive: true, force: true });
      for (const kind of MODEL_KINDS) {
        if (this.active[kind] === id) {
          const { [kind]: _dropped, ...rest } = this.active;
          this.active = rest;
          await writeSettings(this.opts.dataDir, this.active, this.opts.faults);
        }
      }
    });
  }

  setActive(kind: ModelKind, id: string): Promise<void> {
    return this.write(async () => {
      if (!MODEL_KINDS.includes(kind)) throw new StoreError(`unknown model kind ${JSON.stringify(kind)}`);
      const e = this.entry(id);
      if (e.meta.kind !== kind)
        throw new StoreError(`model "${e.meta.name}" is a ${e.meta.kind} model, not a ${kind} model`);
      if (e.problem) throw new StoreError(`model "${e.meta.name}" cannot be loaded: ${e.problem}`);
      const next = { ...this.active, [kind]: id };
      await writeSettings(this.opts.dataDir, next, this.opts.faults);
      this.active = next;
    });
  }

  async exportBundle(
    id: string,
    opts: { forTraining?: boolean } = {},
  ): Promise<{ fileName: string; bytes: Uint8Array }> {
    const files = await this.readFiles(id);
    return encodeBundle(this.entry(id).meta, files, opts);
  }

  /**
   * Validates everything before anything is written; saves as a new user model with a new id. A name that
   * exists already gets a number ("Name (2)"), so the list can tell the two apart; `renamedFrom` says so.
   */
  async importBundle(bytes: Uint8Array): Promise<ModelSummary & { renamedFrom?: string }> {
    this.checkWritable();
    const b = decodeBundle(bytes);
    checkModelFiles(b.kind, b.files, this.opts.validate);
    const name = distinctName(
      b.name,
      [...this.entries.values()].map((e) => e.meta.name),
    );
    const saved = await this.save({ kind: b.kind, files: b.files, metadata: b.metadata }, name);
    return name === b.name ? saved : { ...saved, renamedFrom: b.name };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    await releaseLock(this.lock);
  }

  // ── internals ────────────────────────────────────────────────────────────

  /** Write a complete model folder under a temp name, fsync everything, then rename it into place. */
  private async writeFolder(dir: string, meta: ModelMeta, files: ModelFiles): Promise<void> {
    const fault = this.opts.faults;
    const tmp = tempName(dir);
    try {
      await mkdir(tmp);
      for (const [f, bytes] of Object.entries(files)) await writeSynced(join(tmp, f), bytes);
      fault?.('files-written');
      await writeSynced(join(tmp, META_FILE), serializeMeta(meta));
      fault?.('meta-written');
      await syncDir(tmp);
      fault?.('temp-synced');
      await rename(tmp, dir);
      fault?.('renamed');
      await syncDir(this.modelsDir);
      fault?.('parent-synced');
    } catch (err) {
      if (!(err instanceof SimulatedCrash)) await rm(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  private entry(id: string): Entry {
    const e = this.entries.get(checkModelId(id));
    if (!e) throw new StoreError(`no model with id "${id}"`);
    return e;
  }

  private userEntry(id: string, verb: string): Entry {
    const e = this.entry(id);
    if (e.builtIn) throw new StoreError(`"${e.meta.name}" is a built-in model and cannot be ${verb}`);
    return e;
  }

  private checkWritable(): void {
    if (this.closed) throw new StoreError('the model store is closed');
    if (this.readOnly)
      throw new StoreError(
        'the model store was written by a newer Inpaint Studio and is read-only; update the app to change it',
      );
  }

  /** Writes run one at a time, in call order. */
  private write<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      this.checkWritable();
      return fn();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function checkName(name: unknown): string {
  if (
    typeof name !== 'string' ||
    name.trim().length === 0 ||
    name.trim().length > MAX_NAME_LENGTH ||
    /\p{Cc}/u.test(name) // control characters
  ) {
    throw new StoreError(`a model name must be 1 to ${MAX_NAME_LENGTH} printable characters`);
  }
  return name.trim();
}

/** `name`, or `name (2)`, `name (3)`… — the first one no model has (compared without case or outer spaces). */
export function distinctName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((t) => t.trim().toLowerCase()));
  if (!used.has(name.trim().toLowerCase())) return name;
  const base = name.replace(/ \(\d+\)$/, '');
  for (let i = 2; ; i++) {
    const candidate = `${base} (${i})`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
