#!/usr/bin/env bash
# Builds the addon when it is missing or older than the Rust sources, then runs the ESM
# quickstart (the embedded emulator unless CANDESCENT_CLIENT_ID is set).
set -euo pipefail

pkg="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$pkg"

if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund >/dev/null
fi
if [ ! -f candescent.node ] ||
  [ -n "$(find src ../core/src ../emulator/src Cargo.toml ../Cargo.toml -newer candescent.node -print -quit 2>/dev/null)" ]; then
  npm run build >/dev/null
fi
node examples/quickstart.mjs
