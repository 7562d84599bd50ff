#!/usr/bin/env bash
# Reproduces the shipped default models in assets/models/ with our own CLI and fixed seeds, then
# evaluates them on the full test set and records the figures in each model's metadata.
# Takes ~20 minutes on a 2-core machine (wasm backend). Usage: bash scripts/make-builtins.sh
set -euo pipefail
cd "$(dirname "$0")/.."
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT
export INPAINT_DATA_DIR="$store" INPAINT_BUILTIN_DIR="$store/no-builtins"

npm run -s build:quiet
cli() { node out/main/cli.js "$@"; }
cli train --kind pca --name "PCA (built in)"
cli train --kind classifier --seed 1 --name "Classifier (built in)"
cli train --kind regressor --seed 1 --epochs 6 --name "L2 regressor (built in)"
cli train --kind generator --seed 1 --epochs 6 --name "Energy-based generator (built in)"
cli eval --json > "$store/eval.json"  # the table goes to stderr
node scripts/install-builtins.mjs "$store" assets/models "$store/eval.json"
