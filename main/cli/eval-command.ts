// `eval [--n N] [--seed S] [--methods a,b] [--d 5,10,...] [--json]`: the methods on the MNIST test set
// under the center-gray protocol, with the classifier's accuracy beside its ceiling (clean) and floor (gray).
import { METHOD_IDS, type MethodId } from '../../shared/contract';
import { evaluateInpainter, referenceRows, type EvalOptions, type EvalRow } from '../core/ml/evaluate';
import type { LoadedModel } from '../core/ml/load-model';
import type { Inpainter } from '../core/ml/inpainter';
import { methodInfo } from '../../shared/methods';
import { backendLine, dataset, ensureModel, findInpainter, openStore, resolveModelId } from './context';
import { CliError, intOption } from './errors';
import { progressBar } from './progress';

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
  const lines = [['method', 'd', 'MSE', 'PSNR dB', 'accuracy']];
  for (const r of rows)
    lines.push([r.method, r.d === undefined ? '' : String(r.d), fmt(r.mse, 4), fmt(r.psnr, 2), fmt(r.accuracy, 4)]);
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  return lines
    .map((l) => l.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '))
    .join('\n');
}

export async function evalCommand(opts: Record<string, string | undefined>): Promise<void> {
  if (opts.protocol && opts.protocol !== 'center-gray')
    throw new CliError(`unknown protocol "${opts.protocol}"; known: center-gray`);
  const requested = parseList(opts.methods, 'methods') as MethodId[] | undefined;
  for (const m of requested ?? [])
    if (!METHOD_IDS.includes(m)) throw new CliError(`unknown method "${m}"; known: ${METHOD_IDS.join(', ')}`);
  const sweep = (parseList(opts.d, 'd') ?? DEFAULT_D_SWEEP.map(String)).map((d) => intOption(d, 'd', 50, 1, 784));
  const data = await dataset();
  const o: EvalOptions = {
    n: intOption(opts.n, 'n', data.test.n, 1, data.test.n),
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
      if (methodInfo(m).modelKind !== 'pca' && !resolveModelId(store, methodInfo(m).modelKind)) {
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
    const jobs: { method: MethodId; inpainter: Inpainter; d?: number }[] = [];
    for (const m of methods) {
      const kind = methodInfo(m).modelKind;
      let model = models.get(kind);
      if (!model) {
        model = await ensureModel(store, kind);
        models.set(kind, model);
        loaded.push(model);
      }
      const inpainter = findInpainter(model, m);
      jobs.push(
        ...(methodInfo(m).params.d ? sweep.map((d) => ({ method: m, inpainter, d })) : [{ method: m, inpainter }]),
      );
    }

    const bar = progressBar(`evaluating on ${o.n} test images`);
    const { clean, gray } = referenceRows(data.test, o);
    const rows: EvalRow[] = [clean, gray];
    jobs.forEach((job, i) => {
      bar.update(i / jobs.length, `${job.method}${job.d ? ` d=${job.d}` : ''}`);
      rows.push(evaluateInpainter(job.inpainter, data.test, o, job.d === undefined ? undefined : { d: job.d }));
    });
    bar.update(1);
    bar.stop();
    const table = `center-gray protocol, ${o.n} test images, patch seed ${o.seed}\n${formatTable(rows)}\n`;
    // With --json the table still goes to stderr, so a log shows it while stdout stays machine-readable.
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ n: o.n, seed: o.seed, protocol: 'center-gray', rows }, null, 2)}\n`);
      process.stderr.write(table);
    } else process.stdout.write(table);
  } finally {
    for (const m of loaded) m.dispose();
    await store.close();
  }
}
