#!/usr/bin/env bash
# Reproduces the shipped default models in assets/models/ with our own CLI and fixed seeds, ships them
# (float16 weights, no optimizer state), then evaluates the shipped files on the full test set and
# records the figures in each model's metadata.
# Takes ~20 minutes on a 2-core machine (wasm backend). Usage: bash scripts/make-builtins.sh
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
cli train --kind regressor --seed 1 --epochs 6 --name "L2 regressor (built in)"
cli train --kind generator --seed 1 --epochs 6 --name "Energy-based generator (built in)"
cli train --kind mdn --seed 1 --epochs 4 --name "Mixture density network (built in)"
cli train --kind crbm --seed 1 --epochs 8 --name "Conditional RBM (built in)"
node scripts/install-builtins.mjs install "$work/train" assets/models

# 2. Evaluate exactly what ships: an empty store whose built-ins are assets/models.
export INPAINT_DATA_DIR="$work/eval" INPAINT_BUILTIN_DIR="$PWD/assets/models"
cli eval --json > "$work/eval.json"  # the table goes to stderr
node scripts/install-builtins.mjs record-eval assets/models "$work/eval.json"
# 3. Every mask family (d = 50 for PCA), recorded beside it.
cli eval --json --family all --d 50 > "$work/families.json"
node scripts/install-builtins.mjs record-eval assets/models "$work/families.json" evalFamilies
