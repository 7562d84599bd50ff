#!/usr/bin/env bash
# Reproduces the shipped default models in assets/models/ with our own CLI and fixed seeds, ships them
# (float16 weights, no optimizer state), then evaluates the shipped files on the full test set and
# records the figures in each model's metadata.
# The conv nets make it long: each of the generator and the regressor took about an hour of one core on the shared
# 2-core machine (wasm backend).
# Usage: bash scripts/make-builtins.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm run -s build:quiet
cli() { node out/main/cli.js "$@"; }

# 1. Train into a scratch store that sees no built-ins.
export INPAINT_DATA_DIR="$work/train" INPAINT_BUILTIN_DIR="$work/no-builtins"
cli train --kind pca --name "PCA (built in)"
cli train --kind classifier --seed 1 --name "Classifier (built in)"
# Conv nets trained on the mask mix (every family): see assets/models/EXPERIMENTS.md for the measurements.
# One training thread (--workers 1): the shipped nets were trained before the data-parallel trainer, on one
# thread; their 3 epochs ran as 1 epoch and a resume of 2 on the same seeded schedule.
conv=(--arch conv --masks mix --seed 1 --epochs 3 --subset 55000 --workers 1)
cli train --kind regressor "${conv[@]}" --name "Conv L2 regressor (built in)"
cli train --kind generator "${conv[@]}" --name "Conv energy-based generator (built in)"
# The MDN on the same U-Net trunk; it ran on 2 training threads (seeded runs reproduce for a given thread count).
cli train --kind mdn --arch conv --masks mix --seed 1 --epochs 1 --subset 55000 --workers 2 --name "Mixture density network (built in)"
cli train --kind crbm --seed 1 --epochs 8 --name "Conditional RBM (built in)"
node scripts/install-builtins.mjs install "$work/train" assets/models

# 1b. The MDN's default answer rule: every rule the shipped models allow (highest α, mixture mean, lowest E,
# the classifier's two, closest to the generator's answer), measured on the training holdout (1,000 images of
# 55,000–59,999 per family), the lowest patch MSE wins. Chose "closest to the generator's answer" (0.0527 vs
# 0.0610 for the mixture mean).
INPAINT_DATA_DIR="$work/holdout" INPAINT_BUILTIN_DIR="$PWD/assets/models" \
  cli eval --holdout --n 1000 --protocol all --methods mdn --json > "$work/mdn-holdout.json"
node scripts/install-builtins.mjs choose-mdn-rule assets/models "$work/mdn-holdout.json"

# 2. Evaluate exactly what ships: an empty store whose built-ins are assets/models. Every mask family, the full
# test set, gappy PCA over d up to 600 (its best; 784 gives the same) — about 40 minutes on 2 cores.
export INPAINT_DATA_DIR="$work/eval" INPAINT_BUILTIN_DIR="$PWD/assets/models"
cli eval --protocol all --methods pca,pca-masked,generator,regressor --d 50,100,200,300,400,600 --json > "$work/eval.json"
node scripts/install-builtins.mjs record-eval assets/models "$work/eval.json"  # the tables went to stderr
# 3. The sheet's MDN (every rule) and CRBM on 1,000 test digits per family, recorded beside it.
cli eval --protocol all --n 1000 --methods mdn,generator,crbm --json > "$work/sheet.json"
node -e '
  const fs = require("node:fs"); const e = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  e.rows = e.rows.filter((r) => /^(mdn|crbm)/.test(r.method)); fs.writeFileSync(process.argv[1], JSON.stringify(e));
' "$work/sheet.json"
node scripts/install-builtins.mjs record-eval assets/models "$work/sheet.json" evalFamilies
