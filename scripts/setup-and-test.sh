#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, then runs every test (unit + end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."

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
