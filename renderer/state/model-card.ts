// A model's details as a readable card, per kind: architecture, the training settings that kind has,
// the data, its figures. Reads the typed metadata (shared/model-metadata.ts); nothing is guessed.
import type { ModelMetadata, EvalRowMeta } from '../../shared/model-metadata';

export interface CardSection {
  title: string;
  rows: [label: string, value: string][];
}

const int = (n: number) => n.toLocaleString('en-US');
const fixed = (n: number, d: number) => n.toFixed(d);
const layers = (input: number, hidden: readonly number[] | undefined, output: number) =>
  [input, ...(hidden ?? []), output].join(' → ');
const seconds = (s: number) => (s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`);

function push(rows: [string, string][], label: string, value: string | null | undefined): void {
  if (value !== null && value !== undefined && value !== '') rows.push([label, value]);
}
const maybe = <T>(v: T | null | undefined, f: (x: T) => string) => (v === null || v === undefined ? null : f(v));

/** Conv nets (`arch: 'conv'`) say so; their `hidden` is the MLP's setting they did not use. */
const isConv = (config?: { arch?: string }): boolean => config?.arch === 'conv';
const CONV_G = 'mask-aware convolutional U-Net (image and mask in)';

function architecture(m: ModelMetadata): CardSection {
  const rows: [string, string][] = [];
  switch (m.kind) {
    case 'pca':
      push(rows, 'Model', 'principal components of the training digits (all 784 kept; d is chosen per request)');
      break;
    case 'generator': {
      const g = m as Extract<ModelMetadata, { kind: 'generator' }>;
      push(
        rows,
        'Generator',
        isConv(g.config)
          ? CONV_G
          : maybe(g.config?.hidden, (h) => `dense ${layers(784 * 2, h, 784)} (image and mask in)`),
      );
      push(
        rows,
        'Energy network',
        isConv(g.config)
          ? 'convolutional network (E of an image)'
          : maybe(g.config?.energyHidden, (h) => `dense ${layers(784, h, 1)} (E of an image)`),
      );
      push(rows, 'Architecture', g.config?.arch);
      break;
    }
    case 'regressor': {
      const r = m as Extract<ModelMetadata, { kind: 'regressor' }>;
      push(
        rows,
        'Network',
        isConv(r.config)
          ? CONV_G
          : maybe(r.config?.hidden, (h) => `dense ${layers(784 * 2, h, 784)} (image and mask in)`),
      );
      push(rows, 'Architecture', r.config?.arch);
      break;
    }
    case 'classifier': {
      const c = m as Extract<ModelMetadata, { kind: 'classifier' }>;
      push(
        rows,
        'Network',
        isConv(c.config)
          ? 'convolutional network (digit probabilities)'
          : maybe(c.config?.hidden, (h) => `dense ${layers(784, h, 10)} (digit probabilities)`),
      );
      push(rows, 'Dropout', maybe(c.config?.dropout, String));
      push(rows, 'Architecture', c.config?.arch);
      break;
    }
    default: {
      const config = (m as { config?: Record<string, unknown> }).config ?? {};
      // A conv net's `hidden` is the MLP's setting it did not use.
      const shown = isConv(config) ? ['arch', 'layers', 'components'] : ['hidden', 'arch', 'layers', 'components'];
      for (const [k, v] of Object.entries(config)) if (shown.includes(k)) push(rows, k, String(v));
    }
  }
  return { title: 'Architecture', rows };
}

function training(m: ModelMetadata): CardSection {
  const rows: [string, string][] = [];
  const cfg = (m as { config?: Record<string, unknown> }).config ?? {};
  const n = (k: string) => (typeof cfg[k] === 'number' ? (cfg[k] as number) : undefined);
  if (m.kind !== 'pca') {
    push(rows, 'Epochs', maybe(m.epochs, int));
    push(rows, 'Steps', maybe(m.steps, int));
    push(rows, 'Batch size', maybe(n('batchSize'), int));
    push(rows, 'Learning rate', maybe(n('learningRate'), String));
    push(rows, 'Training threads', maybe(n('workers'), int));
  }
  if (m.kind === 'generator' || m.kind === 'regressor') {
    push(rows, 'Adam β1, β2', n('beta1') !== undefined ? `${n('beta1')}, ${n('beta2')}` : null);
    push(rows, 'Missing regions trained on', typeof cfg.masks === 'string' ? cfg.masks : null);
  }
  if (m.kind === 'generator') {
    const g = (m as Extract<ModelMetadata, { kind: 'generator' }>).config;
    push(
      rows,
      'Loss',
      maybe(g?.loss, (l) => (l === 'pairwise' ? 'softplus(E(real) − E(generated))' : l)),
    );
    push(rows, 'L2 anchor weight', maybe(g?.anchorWeight, String));
    push(rows, 'Energy input noise', maybe(g?.energyNoise, String));
    push(
      rows,
      'Gradient reversal',
      maybe(g?.reversal, (r) => `${r} × ${g?.reversalScale ?? 1}`),
    );
  }
  if (m.kind === 'regressor') push(rows, 'Loss', 'L2 on the missing pixels');
  if (m.kind === 'classifier') {
    const c = (m as Extract<ModelMetadata, { kind: 'classifier' }>).config;
    push(
      rows,
      'Learning-rate decay',
      maybe(c?.decayAt, (at) => `× ${c?.decayTo} after ${Math.round(at * 100)}% of the run`),
    );
  }
  push(rows, 'Seed', maybe(m.seed, String));
  push(rows, 'Continued from a saved run', m.resumed ? 'yes' : null);
  return { title: 'Training', rows };
}

function data(m: ModelMetadata): CardSection {
  const rows: [string, string][] = [];
  push(rows, 'Dataset', m.data?.name);
  push(rows, 'Training images', maybe(m.data?.n, int));
  push(rows, 'Backend', m.backend?.name);
  push(rows, 'Weights', m.shippedWeights);
  return { title: 'Data', rows };
}

function figures(m: ModelMetadata): CardSection {
  const rows: [string, string][] = [];
  const metrics = (m as { metrics?: Record<string, unknown> }).metrics ?? {};
  const n = (k: string) => (typeof metrics[k] === 'number' ? (metrics[k] as number) : undefined);
  switch (m.kind) {
    case 'pca':
      push(rows, 'Fit time', maybe(n('fitSeconds'), seconds));
      break;
    case 'generator':
      push(
        rows,
        'Final loss',
        maybe(n('loss'), (v) => fixed(v, 4)),
      );
      push(
        rows,
        'E(real), E(generated)',
        n('energyReal') !== undefined ? `${fixed(n('energyReal') ?? 0, 2)}, ${fixed(n('energyFake') ?? 0, 2)}` : null,
      );
      push(
        rows,
        'Test MSE on the patch',
        maybe(n('testPatchMse'), (v) => `${fixed(v, 4)} (first 1,000 test digits)`),
      );
      break;
    case 'regressor':
      push(
        rows,
        'Final L2 loss',
        maybe(n('loss'), (v) => fixed(v, 4)),
      );
      push(
        rows,
        'Test MSE on the patch',
        maybe(n('testPatchMse'), (v) => `${fixed(v, 4)} (first 1,000 test digits)`),
      );
      break;
    case 'classifier':
      push(
        rows,
        'Test accuracy',
        maybe(n('testAccuracy'), (v) => `${(v * 100).toFixed(2)}%`),
      );
      push(
        rows,
        'Final loss',
        maybe(n('finalLoss'), (v) => fixed(v, 4)),
      );
      break;
    default:
      for (const [k, v] of Object.entries(metrics)) push(rows, k, typeof v === 'number' ? v.toPrecision(4) : String(v));
  }
  push(rows, 'Training time', maybe(n('trainSeconds'), seconds));
  push(
    rows,
    'Speed',
    maybe(n('examplesPerSec'), (v) => `${int(Math.round(v))} examples/s`),
  );
  return { title: 'Figures', rows };
}

/** The card's sections, empty ones left out. */
export function modelCard(m: ModelMetadata): CardSection[] {
  return [architecture(m), training(m), data(m), figures(m)].filter((s) => s.rows.length > 0);
}

export interface EvalRowView {
  method: string;
  d: string;
  mse: string;
  psnr: string;
  accuracy: string;
}

/** The `eval` figures a model carries (written by `cli eval`), ready for a table. */
export function evalRows(m: ModelMetadata): EvalRowView[] {
  const num = (x: number | null | undefined, digits: number) =>
    typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '—';
  // An eval over several mask families tags its rows: the flat table shows the exercise's own protocol
  // (center-gray, else the first family); the per-family table shows them all.
  const all = m.eval?.rows ?? [];
  const tagged = all.filter((r) => r.family);
  const family = tagged.some((r) => r.family === 'center-gray') ? 'center-gray' : tagged[0]?.family;
  const rows = tagged.length ? all.filter((r) => !r.family || r.family === family) : all;
  return rows.map((r: EvalRowMeta) => ({
    method: r.method,
    d: r.d === undefined ? '' : String(r.d),
    mse: num(r.mse, 4),
    psnr: num(r.psnr, 2),
    accuracy: num(r.accuracy, 4),
  }));
}

/** Which curves a kind's training chart has: E(real)/E(fake) only for the energy-based generator. */
export function hasEnergyCurves(kind: string): boolean {
  return kind === 'generator';
}

/** Accuracy / MSE per mask family: a row per method (and d), a column per family. Reads both records a
 * model may carry: `eval.families` (rows keyed by family) or `evalFamilies` (rows tagged with their family). */
export function evalFamilies(m: ModelMetadata): { families: string[]; rows: { label: string; cells: string[] }[] } {
  const byFamily = new Map<string, EvalRowMeta[]>();
  for (const [family, rows] of Object.entries(m.eval?.families ?? {})) byFamily.set(family, rows);
  const tagged = m.eval?.families ? [] : (m.eval?.rows ?? []).filter((r) => r.family);
  for (const r of [...tagged, ...(m.evalFamilies?.rows ?? [])]) {
    if (r.family) byFamily.set(r.family, [...(byFamily.get(r.family) ?? []), r]);
  }
  const names = [...byFamily.keys()];
  const byLabel = new Map<string, string[]>();
  names.forEach((family, col) => {
    for (const r of evalRows({ kind: m.kind, eval: { rows: byFamily.get(family) ?? [] } } as ModelMetadata)) {
      const label = r.d ? `${r.method} d=${r.d}` : r.method;
      const cells = byLabel.get(label) ?? names.map(() => '—');
      cells[col] = r.mse === '0.0000' ? r.accuracy : `${r.accuracy} / ${r.mse}`;
      byLabel.set(label, cells);
    }
  });
  return { families: names, rows: [...byLabel].map(([label, cells]) => ({ label, cells })) };
}
