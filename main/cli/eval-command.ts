// `eval [--protocol F,G|all] [--n N] [--seed S] [--methods a,b] [--d …] [--steps N] [--refine E] [--holdout] [--json]`:
// the methods on the MNIST test set (or the training holdout) under a mask family (default the center-gray
// protocol), with the classifier's accuracy beside its ceiling (clean) and floor (gray).
import { METHOD_IDS, type MethodId, type MethodParams } from '../../shared/contract';
import { evaluateMdnOracle } from '../core/ml/mdn/mdn-oracle';
import { RULE_BY_PARAM } from '../core/ml/mdn/mdn-inpainter';
import type { EvalOptions, EvalRow } from '../core/ml/evaluate';
import { runEvaluation, type EvalUnit } from '../core/ml/eval-run';
import type { LoadedModel } from '../core/ml/load-model';
import { methodInfo } from '../../shared/methods';
import { backendLine, cliModels, dataset, ensureModel, findInpainter, openStore, resolveModelId } from './context';
import { CliError, intOption, numberOption } from './errors';
import { DEFAULT_DESCENT, type DescentOptions, type EnergyOf } from '../core/ml/descent/energy-descent';
import { refinedInpainter } from '../core/ml/descent/refined-inpainter';
import { holdoutSplit } from '../core/ml/data/holdout';
import { isMaskFamilyId, MASK_FAMILY_IDS, type MaskFamilyId } from '../../shared/masks';
import { progressBar } from './progress';
import { DEFAULT_D_SWEEP, DEFAULT_EVAL_SEED } from '../../shared/eval-limits';

/** `--holdout`: the last this-many training images, which a model fit with --subset 55000 never saw. */
export const HOLDOUT = 5000;

function parseList(value: string | undefined, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length) throw new CliError(`--${name} is empty`);
  return items;
}

interface Refine {
  kind: 'generator' | 'crbm';
  energyOf: EnergyOf;
  options: DescentOptions;
}

/** --refine generator|crbm [--refine-steps N] [--refine-rate X]: also every method followed by energy descent. */
function refineOf(opts: Record<string, string | undefined>, models: Map<string, LoadedModel>): Refine | undefined {
  if (!opts.refine) return undefined;
  const kind = opts.refine;
  if (kind !== 'generator' && kind !== 'crbm') throw new CliError(`--refine must be generator or crbm, got "${kind}"`);
  const energyOf = models.get(kind)?.energyOf;
  if (!energyOf) throw new CliError(`--refine ${kind} needs ${kind} among --methods (its model provides the energy)`);
  const options = {
    steps: intOption(opts['refine-steps'], 'refine-steps', DEFAULT_DESCENT.steps, 1, 500),
    rate: numberOption(opts['refine-rate'], 'refine-rate', DEFAULT_DESCENT.rate, 1e-4, 1) ?? DEFAULT_DESCENT.rate,
  };
  return { kind, energyOf, options };
}

interface EvalJob {
  refine?: Refine;
  method: MethodId;
  params?: MethodParams;
  /** Appended to the method's name in the table ('' for the method's default). */
  label?: string;
  /** The MDN rule a job measures (named in its --json rows). */
  rule?: string;
}

/** PCA: the d sweep; MDN: its default rule, then each rule by name; CRBM: the requested Gibbs steps. */
function jobsOf(
  m: MethodId,
  sweep: number[],
  steps: number | undefined,
  hasEnergy: boolean,
  hasFreeEnergy: boolean,
  hasClassifier: boolean,
): EvalJob[] {
  if (methodInfo(m).params.d) return sweep.map((d) => ({ method: m, params: { d } }));
  if (m === 'mdn') {
    const rule = (param: number, label: string) => ({
      method: m,
      params: { rule: param },
      label,
      rule: RULE_BY_PARAM[param] ?? undefined,
    });
    return [
      { method: m },
      rule(1, ' (highest α)'),
      rule(2, ' (mixture mean)'),
      ...(hasEnergy ? [rule(3, ' (lowest E)')] : []),
      ...(hasFreeEnergy ? [rule(4, ' (lowest F, CRBM)')] : []),
      ...(hasClassifier ? [rule(5, ' (most confident digit)'), rule(6, ' (digit vote)')] : []),
      ...(hasEnergy ? [rule(7, " (closest to the generator's)")] : []),
    ];
  }
  if (m === 'crbm' && steps !== undefined) return [{ method: m, params: { steps }, label: ` (${steps} steps)` }];
  return [{ method: m }];
}

/** --protocol (or --family) F[,G…]|all: the mask families to evaluate on (default: the protocol's center-gray). */
function familiesOf(value: string | undefined): MaskFamilyId[] {
  if (value === undefined) return ['center-gray'];
  const list = value === 'all' ? [...MASK_FAMILY_IDS] : (parseList(value, 'family') ?? []);
  for (const f of list)
    if (!isMaskFamilyId(f)) throw new CliError(`unknown protocol "${f}"; known: ${MASK_FAMILY_IDS.join(', ')}, all`);
  return list as MaskFamilyId[];
}

export function formatTable(rows: EvalRow[]): string {
  const fmt = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : x === Infinity ? '∞' : 'n/a');
  const withFamily = rows.some((r) => r.family);
  // sharp: mean min(p, 1 − p) over the missing pixels (0 = black and white strokes, 0.5 = all gray).
  const lines = [[...(withFamily ? ['family'] : []), 'method', 'd', 'MSE', 'PSNR dB', 'accuracy', 'sharp']];
  for (const r of rows)
    lines.push([
      ...(withFamily ? [r.family ?? ''] : []),
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
  const requested = parseList(opts.methods, 'methods') as MethodId[] | undefined;
  for (const m of requested ?? [])
    if (!METHOD_IDS.includes(m)) throw new CliError(`unknown method "${m}"; known: ${METHOD_IDS.join(', ')}`);
  const sweep = (parseList(opts.d, 'd') ?? DEFAULT_D_SWEEP.map(String)).map((d) => intOption(d, 'd', 50, 1, 784));
  // --protocol names the mask families (--family is the same option under the sheet's name); checked before
  // any data or model is touched.
  const families = familiesOf(opts.protocol ?? opts.family);
  const data = await dataset();
  // --holdout: the last training images (what settings are chosen on), never the test set.
  const split = opts.holdout ? holdoutSplit(data.train) : data.test;
  const splitName = opts.holdout ? 'training-holdout' : 'test';
  const o: EvalOptions = {
    n: intOption(opts.n, 'n', split.n, 1, split.n),
    seed: intOption(opts.seed, 'seed', DEFAULT_EVAL_SEED, 0, 2 ** 31 - 1),
    batch: intOption(opts.batch, 'batch', 500, 1, 10000),
  };
  process.stderr.write(`${await backendLine()}\n`);

  const store = await openStore();
  const active = cliModels(store);
  // --judge NAME: accuracy by another classifier than the active one (which the MDN's classifier rules
  // consult): a rule is not measured by the classifier that chose its answer.
  const judges = cliModels(store);
  try {
    const classifier = resolveModelId(store, 'classifier') ? await ensureModel(active, store, 'classifier') : undefined;
    if (!classifier)
      process.stderr.write(
        'note: no classifier in the store (train one: npm run cli -- train --kind classifier); accuracy is n/a\n',
      );
    const judge = opts.judge ? await ensureModel(judges, store, 'classifier', opts.judge) : classifier;
    o.classify = judge?.judge?.classify;

    // Methods whose model is missing are skipped when not asked for by name, an error when they are.
    const methods: MethodId[] = [];
    for (const m of requested ?? METHOD_IDS) {
      const kind = methodInfo(m).modelKind;
      if (kind !== 'pca' && !resolveModelId(store, kind)) {
        if (requested)
          throw new CliError(
            `no ${methodInfo(m).modelKind} model in the store: ` +
              `train one with  npm run cli -- train --kind ${methodInfo(m).modelKind}`,
          );
        process.stderr.write(`note: skipping ${m}: no ${methodInfo(m).modelKind} model in the store\n`);
        continue;
      }
      methods.push(m);
    }
    const models = new Map<string, LoadedModel>();
    // The MDN's lowest-E rule asks the generator's energy network, when the store has one (the loaded
    // models give each other their judges: LoadedModels).
    if (methods.includes('mdn') && !methods.includes('generator') && resolveModelId(store, 'generator')) {
      const g = await ensureModel(active, store, 'generator');
      models.set('generator', g);
    }
    for (const m of methods) {
      const kind = methodInfo(m).modelKind;
      if (!models.has(kind)) {
        models.set(kind, await ensureModel(active, store, kind, kind === 'pca' ? opts.pca : undefined));
      }
    }

    const steps = opts.steps === undefined ? undefined : intOption(opts.steps, 'steps', 50, 1, 1000);
    const jobs: EvalJob[] = methods.flatMap((m) =>
      jobsOf(m, sweep, steps, models.has('generator'), models.has('crbm'), classifier !== undefined),
    );
    const refine = refineOf(opts, models);
    if (refine) jobs.push(...jobs.map((j) => ({ ...j, label: `${j.label ?? ''} +descent(${refine.kind})`, refine })));
    const bar = progressBar(`evaluating on ${o.n} ${splitName} images`);
    const mdn = methods.includes('mdn') ? models.get('mdn') : undefined;
    const units: EvalUnit[] = jobs.map((job) => {
      const model = models.get(methodInfo(job.method).modelKind);
      if (!model) throw new CliError(`no model loaded for ${job.method}`);
      const plain = findInpainter(model, job.method);
      const inpainter = job.refine ? refinedInpainter(plain, job.refine.energyOf, job.refine.options) : plain;
      return { inpainter, params: job.params, label: job.label, rule: job.rule };
    });
    const tagged = await runEvaluation({
      split,
      options: o,
      families,
      units,
      extraRows: (of) => (mdn ? [evaluateMdnOracle(mdn, split, of)] : []),
      onProgress: (p) => bar.update(p.done / p.total, `${p.family}: ${p.current}`),
    });
    // One family: the table has no family column.
    const rows: EvalRow[] = families.length > 1 ? tagged : tagged.map(({ family: _, ...r }) => r);
    bar.update(1);
    bar.stop();
    const protocol = families.length > 1 ? 'mask families' : families[0];
    let table = `${protocol}, ${o.n} ${splitName} images, patch seed ${o.seed}\n${formatTable(rows)}\n`;
    if (families.length > 1)
      table += `\n${formatMatrix(families.map((f) => ({ protocol: f, rows: rows.filter((r) => r.family === f) })))}`;
    // With --json the table still goes to stderr, so a log shows it while stdout stays machine-readable.
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ n: o.n, seed: o.seed, protocol, split: splitName, rows }, null, 2)}\n`);
      process.stderr.write(table);
    } else process.stdout.write(table);
  } finally {
    await judges.close();
    await active.close();
    await store.close();
  }
}
