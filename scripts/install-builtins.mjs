// Copies the models a make-builtins run trained (a temporary store) into assets/models/<kind>-default,
// adding the eval figures to each model's metadata. Plain .mjs: Node 20 runs it without a build.
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [storeDir, targetDir, evalFile] = process.argv.slice(2);
if (!storeDir || !targetDir || !evalFile) {
  console.error('usage: node scripts/install-builtins.mjs <store dir> <assets/models> <eval.json>');
  process.exit(1);
}
const evaluation = JSON.parse(readFileSync(evalFile, 'utf8'));
// Which eval rows belong to which kind of model.
const rowsFor = {
  pca: (r) => r.method === 'pca' || r.method === 'pca-masked',
  generator: (r) => r.method === 'generator',
  regressor: (r) => r.method === 'regressor',
  classifier: (r) => r.method.startsWith('clean') || r.method.startsWith('gray'),
};

for (const id of readdirSync(join(storeDir, 'models'))) {
  const from = join(storeDir, 'models', id);
  const meta = JSON.parse(readFileSync(join(from, 'meta.json'), 'utf8'));
  const target = join(targetDir, `${meta.kind}-default`);
  if (existsSync(target)) rmSync(target, { recursive: true });
  cpSync(from, target, { recursive: true });
  meta.id = `${meta.kind}-default`;
  // Built-ins ship without the optimizer state (Adam's moments triple the size); they cannot be resumed.
  for (const f of meta.files.filter((x) => x.name.startsWith('optimizer'))) rmSync(join(target, f.name));
  meta.files = meta.files.filter((x) => !x.name.startsWith('optimizer'));
  meta.metadata.eval = {
    protocol: evaluation.protocol,
    n: evaluation.n,
    seed: evaluation.seed,
    command: 'npm run cli -- eval',
    rows: evaluation.rows.filter(rowsFor[meta.kind]),
  };
  writeFileSync(join(target, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  console.log(`installed ${meta.kind} model "${meta.name}" → ${target}`);
}
