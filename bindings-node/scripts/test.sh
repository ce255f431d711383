#!/usr/bin/env bash
# Everything the Node package promises, from a clean clone: install, release build, lint,
# `node --test`, tsc on the typed example and on the READMEs' blocks, then `npm install <path>`
# into a fresh project and the quickstart there in ESM and CommonJS. Runs from any working
# directory.
set -euo pipefail

pkg="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$pkg"

step() { printf '\n== %s\n' "$*"; }

step "npm ci"
npm ci --no-audit --no-fund

step "npm run build (release)"
npm run build

step "lint"
npm run lint

step "npm test"
npm test

step "tsc --strict: examples/typed.ts and every JS/TS block of the READMEs"
npm run typecheck

step "npm install $pkg into a fresh project"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund "$pkg"
cp "$pkg/examples/quickstart.mjs" "$pkg/examples/quickstart.cjs" .
# The installed package must work on its own: against the embedded emulator, whatever the
# caller's environment holds.
step "quickstart (ESM) in $tmp"
env -u CANDESCENT_CLIENT_ID node quickstart.mjs
step "quickstart (CommonJS) in $tmp"
env -u CANDESCENT_CLIENT_ID node quickstart.cjs
step "npx candescent in $tmp"
npx --no -- candescent --version
step "Node package: all checks passed"
