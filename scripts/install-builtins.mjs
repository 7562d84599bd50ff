// Ships the models a make-builtins run trained (a temporary store) as assets/models/<kind>-default:
//   install <store dir> <assets/models>       copy, drop the optimizer state, store weights as float16
//   record-eval <assets/models> <eval.json> [key]   add the figures `cli eval` measured on the shipped files
//                                                  (under metadata[key], default 'eval')
//   choose-mdn-rule <assets/models> <holdout.json>  make the rule with the lowest patch MSE on the training
//                                                  holdout (`eval --holdout --methods mdn --json`, every rule
//                                                  the loaded models allow) the shipped MDN's default answer
// Plain .mjs: Node 20 runs it without a build.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { float32BytesToFloat16 } from './float16.mjs';

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const writeJson = (path, value) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
/** A file's entry in meta.json: the store checks its length and sha256. */
function fileEntry(dir, name) {
  const bytes = readFileSync(join(dir, name));
  return { name, bytes: bytes.byteLength, sha256: sha256(bytes) };
}

/** Rewrites a tfjs model's float32 weights as float16 (tfjs decodes them on load); returns the files it changed. */
function halveWeights(dir, modelJsonName) {
  const modelJson = readJson(join(dir, modelJsonName));
  // Layers models (modelTopology) and the CRBM (format 'crbm') carry a standard weights manifest.
  if ((!modelJson.modelTopology && modelJson.format !== 'crbm') || !Array.isArray(modelJson.weightsManifest)) return [];
  const changed = [];
  for (const group of modelJson.weightsManifest) {
    // Our models keep one weights file a network and only float32 weights; anything else ships as it is.
    if (group.paths.length !== 1 || group.weights.some((w) => w.dtype !== 'float32' || w.quantization)) continue;
    const path = join(dir, group.paths[0]);
    writeFileSync(path, float32BytesToFloat16(new Uint8Array(readFileSync(path))));
    for (const w of group.weights) w.quantization = { dtype: 'float16', original_dtype: 'float32' };
    changed.push(group.paths[0]);
  }
  if (changed.length) {
    writeFileSync(join(dir, modelJsonName), JSON.stringify(modelJson));
    changed.push(modelJsonName);
  }
  return changed;
}

function install(storeDir, targetDir) {
  for (const id of readdirSync(join(storeDir, 'models'))) {
    const from = join(storeDir, 'models', id);
    const meta = readJson(join(from, 'meta.json'));
    const target = join(targetDir, `${meta.kind}-default`);
    if (existsSync(target)) rmSync(target, { recursive: true });
    cpSync(from, target, { recursive: true });
    meta.id = `${meta.kind}-default`;
    // Built-ins ship without the optimizer state (Adam's moments triple the size); they cannot be resumed.
    for (const f of meta.files.filter((x) => x.name.startsWith('optimizer'))) rmSync(join(target, f.name));
    meta.files = meta.files.filter((x) => !x.name.startsWith('optimizer'));
    const halved = meta.files.filter((f) => f.name.endsWith('.json')).flatMap((f) => halveWeights(target, f.name));
    if (halved.length) meta.metadata.shippedWeights = 'float16 (trained in float32; halved for shipping)';
    // The store checks every file's length and sha256: record the files as shipped.
    meta.files = meta.files.map((f) => fileEntry(target, f.name));
    writeJson(join(target, 'meta.json'), meta);
    console.log(`installed ${meta.kind} model "${meta.name}" → ${target}${halved.length ? ' (float16 weights)' : ''}`);
  }
}

// Which eval rows belong to which kind of model.
const rowsFor = {
  pca: (r) => r.method === 'pca' || r.method === 'pca-masked',
  generator: (r) => r.method === 'generator',
  regressor: (r) => r.method === 'regressor',
  mdn: (r) => r.method.startsWith('mdn'),
  crbm: (r) => r.method.startsWith('crbm'),
  classifier: (r) => r.method.startsWith('clean') || r.method.startsWith('gray'),
};

function recordEval(targetDir, evalFile, key = 'eval') {
  const evaluation = readJson(evalFile);
  for (const kind of Object.keys(rowsFor)) {
    const metaPath = join(targetDir, `${kind}-default`, 'meta.json');
    if (!existsSync(metaPath)) continue;
    // A kind with no rows in this evaluation keeps the figures it has.
    if (!evaluation.rows.some(rowsFor[kind])) continue;
    const meta = readJson(metaPath);
    meta.metadata[key] = {
      protocol: evaluation.protocol,
      n: evaluation.n,
      seed: evaluation.seed,
      command: 'npm run cli -- eval (on the shipped files)',
      rows: evaluation.rows.filter(rowsFor[kind]),
    };
    // Every mask family evaluated (eval --protocol all): the same rows per family.
    if (Array.isArray(evaluation.protocols) && evaluation.protocols.length > 1)
      meta.metadata[key].families = Object.fromEntries(
        evaluation.protocols.map((p) => [p.protocol, p.rows.filter(rowsFor[kind])]),
      );
    writeJson(metaPath, meta);
  }
  console.log(`recorded the eval figures in ${targetDir}/*-default/meta.json`);
}

function chooseMdnRule(targetDir, evalFile) {
  const evaluation = readJson(evalFile);
  if (evaluation.split !== 'training-holdout') throw new Error(`${evalFile} is not a training-holdout evaluation`);
  // Mean patch MSE of each rule over the families measured (the same images for every rule).
  const byRule = {};
  for (const r of evaluation.rows.filter((x) => x.rule)) (byRule[r.rule] ??= []).push(r.mse);
  const mse = Object.fromEntries(Object.entries(byRule).map(([k, v]) => [k, v.reduce((a, x) => a + x, 0) / v.length]));
  const oracle = evaluation.rows.filter((x) => x.method === 'mdn best of K (oracle)').map((x) => x.mse);
  const chosen = Object.keys(mse).reduce((best, r) => (mse[r] < mse[best] ? r : best));
  const dir = join(targetDir, 'mdn-default');
  const config = readJson(join(dir, 'mdn-config.json'));
  const families = new Set(evaluation.rows.map((x) => x.family ?? 'center-gray')).size;
  config.rule = chosen;
  config.holdout = {
    images: evaluation.n * families,
    mse,
    oracleMse: oracle.reduce((a, x) => a + x, 0) / Math.max(oracle.length, 1),
    chosen,
  };
  writeFileSync(join(dir, 'mdn-config.json'), JSON.stringify(config));
  const meta = readJson(join(dir, 'meta.json'));
  meta.files = meta.files.map((f) => (f.name === 'mdn-config.json' ? fileEntry(dir, f.name) : f));
  meta.metadata.metrics.holdout = config.holdout;
  writeJson(join(dir, 'meta.json'), meta);
  console.log(
    `the MDN answers by "${chosen}" (holdout patch MSE ${mse[chosen].toFixed(4)}; mean ${mse.mean?.toFixed(4)})`,
  );
}

const [mode, a, b, c] = process.argv.slice(2);
if (mode === 'install' && a && b) install(a, b);
else if (mode === 'record-eval' && a && b) recordEval(a, b, c);
else if (mode === 'choose-mdn-rule' && a && b) chooseMdnRule(a, b);
else {
  console.error(
    'usage: node scripts/install-builtins.mjs install <store dir> <assets/models>\n' +
      '       node scripts/install-builtins.mjs record-eval <assets/models> <eval.json>\n' +
      '       node scripts/install-builtins.mjs choose-mdn-rule <assets/models> <holdout.json>',
  );
  process.exit(1);
}
