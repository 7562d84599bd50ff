// What the evaluation process does for one request, as a plain function (testable without a process):
// load the models it was handed, build the units (each PCA method once per d), run the eval table.
import type { EvalRequest, EvalResultRow } from '../../../shared/contract';
import { DEFAULT_EVAL_SEED } from '../../../shared/eval-limits';
import { methodInfo } from '../../../shared/methods';
import { LoadedModels } from '../inference/loaded-models';
import type { DigitSplit } from '../ml/data/batches';
import { runEvaluation, type EvalUnit } from '../ml/eval-run';
import type { EvalRow } from '../ml/evaluate';
import type { EvalModel, FromEvalWorker } from './eval-messages';

/** Each chosen method's rows: the PCA methods once per d, the others with their defaults. */
export function evalUnits(req: Pick<EvalRequest, 'methods' | 'dList'>, models: LoadedModels): EvalUnit[] {
  return req.methods.flatMap((m) => {
    const found = models.inpainter(m);
    if (!found) throw new Error(`no ${methodInfo(m).modelKind} model is loaded for ${methodInfo(m).label}`);
    if (!methodInfo(m).params.d) return [{ inpainter: found.inpainter }];
    return [...req.dList].sort((a, b) => a - b).map((d) => ({ inpainter: found.inpainter, params: { d } }));
  });
}

/** A table row as the contract carries it: references by role, NaN accuracy (no classifier) as null. */
export function resultRow(r: EvalRow): EvalResultRow {
  const method = r.method === 'clean (ceiling)' ? 'clean' : r.method === 'gray patch (floor)' ? 'gray' : r.method;
  return {
    method: method as EvalResultRow['method'],
    family: r.family as EvalResultRow['family'],
    ...(r.d !== undefined ? { d: r.d } : {}),
    mse: r.mse,
    accuracy: Number.isFinite(r.accuracy) ? r.accuracy : null,
  };
}

export async function runEvalJob(
  req: EvalRequest,
  models: EvalModel[],
  test: DigitSplit,
  send: (m: FromEvalWorker) => void,
  signal?: AbortSignal,
): Promise<void> {
  const loaded = new LoadedModels();
  try {
    for (const m of models) await loaded.swapIn(m.tag, m.files);
    const seed = req.seed ?? DEFAULT_EVAL_SEED;
    const n = Math.min(req.n, test.n);
    const rows = await runEvaluation({
      split: test,
      options: { n, seed, classify: loaded.plainJudge().classify },
      families: req.families,
      units: evalUnits(req, loaded),
      onProgress: (progress) => send({ type: 'progress', progress }),
      signal,
    });
    send({ type: 'done', n, seed, rows: rows.map(resultRow) });
  } finally {
    loaded.disposeAll();
  }
}
