#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, then runs every test (unit + end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."

# Node as package.json's `engines` says (>=20.19): one place states it, this check reads it from there.
if ! command -v node >/dev/null; then
  echo "Node.js is missing: install Node.js 20.19 or newer (https://nodejs.org) and try again." >&2
  exit 1
fi
node -e '
  const wanted = require("./package.json").engines.node; // ">=MAJOR.MINOR"
  const [wMajor, wMinor] = wanted.replace(">=", "").split(".").map(Number);
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < wMajor || (major === wMajor && minor < wMinor)) {
    console.error(`Node.js ${wMajor}.${wMinor} or newer is needed, this is ${process.version}:`);
    console.error("install a newer one (https://nodejs.org) and try again.");
    process.exit(1);
  }
'

# End-to-end tests run in Debian's Chromium where no Electron binary can be had.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run  sudo apt-get install -y chromium  and try again." >&2
    exit 1
  fi
fi

npm ci --no-audit --no-fund
npm test
