// `eval [--protocol F[,F…]|all] [--n N] [--seed S] [--methods a,b] [--d 5,10,...] [--json]`: the methods on the
// MNIST test set under each mask family (default center-gray), with the classifier's accuracy beside its ceiling
// (clean) and floor (gray), then a method × family matrix.
import { METHOD_IDS, type MethodId } from '../../shared/contract';
import { evaluateInpainter, referenceRows, type EvalOptions, type EvalRow } from '../core/ml/evaluate';
import type { LoadedModel } from '../core/ml/load-model';
import { methodInfo } from '../../shared/methods';
import { backendLine, dataset, ensureModel, findInpainter, openStore, resolveModelId } from './context';
import { CliError, intOption } from './errors';
import { createRefinedInpainter, parseRefine } from '../core/ml/ebm/energy-refine';
import type { DigitSplit } from '../core/ml/data/batches';
import { PIXELS } from '../../shared/image';
import { isMaskFamilyId, MASK_FAMILY_IDS, type MaskFamilyId } from '../../shared/masks';
import { progressBar } from './progress';

/** Training images kept out of model choices' training runs (--subset 55000) and used to choose them. */
export const HOLDOUT = 5000;
export function holdoutSplit(train: DigitSplit, n: number): DigitSplit {
  const start = train.n - n;
  return { images: train.images.subarray(start * PIXELS), labels: train.labels.subarray(start), n };
}

export const DEFAULT_D_SWEEP = [5, 10, 20, 50, 100, 200, 400];
/** Fixed so every eval (and every figure in the notes) uses the same patches. */
export const DEFAULT_EVAL_SEED = 1;

function parseList(value: string | undefined, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length) throw new CliError(`--${name} is empty`);
  return items;
}

export function formatTable(rows: EvalRow[]): string {
  const fmt = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : x === Infinity ? '∞' : 'n/a');
  const lines = [['method', 'd', 'MSE', 'PSNR dB', 'accuracy', 'sharp']];
  for (const r of rows)
    lines.push([
      r.method,
      r.d === undefined ? '' : String(r.d),
      fmt(r.mse, 4),
      fmt(r.psnr, 2),
      fmt(r.accuracy, 4),
      r.sharp === undefined ? '' : fmt(r.sharp, 3),
    ]);
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  return lines
    .map((l) => l.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '))
    .join('\n');
}

/** Each method's row for the matrix: the reference rows as they are, a d-sweep's best d (by accuracy). */
export function bestRows(rows: EvalRow[]): EvalRow[] {
  const best = new Map<string, EvalRow>();
  for (const r of rows) {
    const seen = best.get(r.method);
    if (!seen || r.accuracy > seen.accuracy || (Number.isNaN(seen.accuracy) && r.mse < seen.mse)) best.set(r.method, r);
  }
  return [...best.values()];
}

/** Method × family: accuracy after inpainting and patch MSE (best d for the PCA methods). */
export function formatMatrix(results: { protocol: string; rows: EvalRow[] }[]): string {
  const fmt = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
  const perFamily = results.map((r) => bestRows(r.rows));
  const methods = perFamily[0].map((r) => r.method);
  const header = ['method', ...results.map((r) => r.protocol)];
  const lines = [header];
  for (const m of methods) {
    const cells = perFamily.map((rows) => {
      const r = rows.find((x) => x.method === m);
      if (!r) return '';
      const d = r.d === undefined ? '' : ` d=${r.d}`;
      return r.mse === 0 ? `${fmt(r.accuracy, 3)}` : `${fmt(r.accuracy, 3)} / ${fmt(r.mse, 4)}${d}`;
    });
    lines.push([m, ...cells]);
  }
  const widths = header.map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const body = lines
    .map((l) => l.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '))
    .join('\n');
  return `summary: accuracy after inpainting / patch MSE (PCA methods at their best d by accuracy)\n${body}\n`;
}

export async function evalCommand(opts: Record<string, string | undefined>): Promise<void> {
  const protocols = (parseList(opts.protocol, 'protocol') ?? ['center-gray']).map((p) => {
    if (p === 'all') return [...MASK_FAMILY_IDS];
    if (!isMaskFamilyId(p)) throw new CliError(`unknown protocol "${p}"; known: ${MASK_FAMILY_IDS.join(', ')}, all`);
    return [p];
  });
  const families = [...new Set(protocols.flat())];
  const requested = parseList(opts.methods, 'methods') as MethodId[] | undefined;
  for (const m of requested ?? [])
    if (!METHOD_IDS.includes(m)) throw new CliError(`unknown method "${m}"; known: ${METHOD_IDS.join(', ')}`);
  const sweep = (parseList(opts.d, 'd') ?? DEFAULT_D_SWEEP.map(String)).map((d) => intOption(d, 'd', 50, 1, 784));
  const refines = (opts.refine ?? '')
    .split(';')
    .filter(Boolean)
    .map((spec) => {
      try {
        return { spec, options: parseRefine(spec) };
      } catch (err) {
        throw new CliError((err as Error).message);
      }
    });
  const data = await dataset();
  // --holdout: the last 5,000 training images (where configurations are chosen), not the test set.
  const split = opts.holdout ? holdoutSplit(data.train, HOLDOUT) : data.test;
  const o: EvalOptions = {
    n: intOption(opts.n, 'n', split.n, 1, split.n),
    seed: intOption(opts.seed, 'seed', DEFAULT_EVAL_SEED, 0, 2 ** 31 - 1),
    batch: intOption(opts.batch, 'batch', 500, 1, 10000),
  };
  process.stderr.write(`${await backendLine()}\n`);

  const store = await openStore();
  const loaded: LoadedModel[] = [];
  try {
    const classifier = resolveModelId(store, 'classifier') ? await ensureModel(store, 'classifier') : undefined;
    if (classifier) loaded.push(classifier);
    else
      process.stderr.write(
        'note: no classifier in the store (train one: npm run cli -- train --kind classifier); accuracy is n/a\n',
      );
    o.classify = classifier?.judge?.classify;

    // Methods whose model is missing are skipped when not asked for by name, an error when they are.
    const methods: MethodId[] = [];
    for (const m of requested ?? METHOD_IDS) {
      const kind = methodInfo(m).modelKind;
      if (kind !== 'pca' && !resolveModelId(store, kind)) {
        if (requested)
          throw new CliError(`no ${kind} model in the store: train one with  npm run cli -- train --kind ${kind}`);
        process.stderr.write(`note: skipping ${m}: no ${methodInfo(m).modelKind} model in the store\n`);
        continue;
      }
      methods.push(m);
    }
    const models = new Map<string, LoadedModel>();
    for (const m of methods) {
      const kind = methodInfo(m).modelKind;
      if (!models.has(kind)) {
        const model = await ensureModel(store, kind);
        models.set(kind, model);
        loaded.push(model);
      }
    }

    const jobs: { method: MethodId; d?: number }[] = methods.flatMap((m) =>
      methodInfo(m).params.d ? sweep.map((d) => ({ method: m, d })) : [{ method: m }],
    );
    const results: { protocol: MaskFamilyId; rows: EvalRow[] }[] = [];
    const tables: string[] = [];
    for (const family of families) {
      const fo: EvalOptions = { ...o, masks: family };
      const bar = progressBar(`${family}: evaluating on ${o.n} test images`);
      const { clean, gray } = referenceRows(split, fo);
      const rows: EvalRow[] = [clean, gray];
      jobs.forEach((job, i) => {
        bar.update(i / jobs.length, `${job.method}${job.d ? ` d=${job.d}` : ''}`);
        const model = models.get(methodInfo(job.method).modelKind);
        if (!model) throw new Error(`no model loaded for ${job.method}`);
        const inpainter = findInpainter(model, job.method);
        rows.push(evaluateInpainter(inpainter, split, fo, job.d === undefined ? undefined : { d: job.d }));
      });
      const nets = models.get('generator')?.nets;
      for (const r of refines) {
        if (!nets) throw new CliError('--refine needs a generator model (with its energy net) in the store');
        bar.update(1, `generator refine ${r.spec}`);
        const row = evaluateInpainter(createRefinedInpainter(nets.generator, nets.energy, r.options), split, fo);
        rows.push({ ...row, method: `generator+${r.spec}` });
      }
      bar.update(1);
      bar.stop();
      results.push({ protocol: family, rows });
      const where = opts.holdout ? 'training holdout images (55,000–59,999)' : 'test images';
      tables.push(`${family} protocol, ${o.n} ${where}, mask seed ${o.seed}\n${formatTable(rows)}\n`);
    }
    if (results.length > 1) tables.push(formatMatrix(results));
    const text = tables.join('\n');
    // With --json the tables still go to stderr, so a log shows them while stdout stays machine-readable.
    if (opts.json) {
      const first = results[0];
      const json = { n: o.n, seed: o.seed, protocol: first.protocol, rows: first.rows, protocols: results };
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      process.stderr.write(text);
    } else process.stdout.write(text);
  } finally {
    for (const m of loaded) m.dispose();
    await store.close();
  }
}
