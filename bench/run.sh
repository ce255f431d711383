#!/usr/bin/env bash
# `make bench`: the SDK in each language against that language's usual HTTP clients, side by
# side in one run, all on one release emulator; then the emulator's own HTTP ceiling with wrk.
# Installs what it needs (apt-get wrk, a virtualenv under target/bench-venv with the peers, npm
# undici under target/bench-node). Not part of CI: the numbers depend on the machine.
# BENCH_SECONDS (default 3) is the length of each throughput run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export BENCH_SECONDS="${BENCH_SECONDS:-3}"
results="$root/target/bench-results.jsonl"
venv="$root/target/bench-venv"
nodeproj="$root/target/bench-node"
python="${PYTHON:-python3}"
pip_quiet=(--quiet --disable-pip-version-check)

step() { printf '\n==> %s\n' "$*" >&2; }

step "load generator (wrk)"
if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null
    fi
fi

step "release builds: emulator, Rust benchmark"
cargo build --release --quiet -p candescent-emulator
cargo bench --no-run --quiet -p candescent --bench versus_reqwest
cargo bench --no-run --quiet -p candescent --bench shared_cache

step "Python package (release) and its peers in $venv"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install "${pip_quiet[@]}" \
    "requests>=2.31" "httpx>=0.27" "authlib>=1.3" "aiohttp>=3.9"
"$venv/bin/python" -m pip install "${pip_quiet[@]}" --force-reinstall --no-deps ./bindings-python

step "Node package (release) and undici in $nodeproj"
(cd bindings-node && { [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null; } && npm run build >/dev/null)
mkdir -p "$nodeproj"
cp bench/node.mjs "$nodeproj/"
(cd "$nodeproj" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --no-audit --no-fund --silent "undici@^6" "$root/bindings-node")

step "release emulator"
coproc EMU { exec "$root/target/release/candescent-emulator" --port 0 --token-ttl 86400; }
read -r BENCH_BASE_URL <&"${EMU[0]}"
export BENCH_BASE_URL
trap 'kill "$EMU_PID" 2>/dev/null || true' EXIT
echo "$BENCH_BASE_URL" >&2

: >"$results"
collect() { grep '^RESULT ' | sed 's/^RESULT //' | tee -a "$results" >&2; }

step "Rust: candescent against reqwest"
cargo bench --quiet -p candescent --bench versus_reqwest | collect
step "Rust: steady state with a shared token cache (redis-server) against the in-memory one"
if ! command -v redis-server >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq redis-server >/dev/null
    fi
fi
cargo bench --quiet -p candescent --bench shared_cache | collect
step "Python: candescent against requests, httpx + Authlib, aiohttp"
"$venv/bin/python" bench/python.py | collect
step "Node: candescent against fetch and undici"
(cd "$nodeproj" && node node.mjs) | collect

step "the emulator's HTTP ceiling (wrk, 64 connections)"
token=$(curl -sf -u candescent-emulator:emulator-secret -H "transactionId: $(cat /proc/sys/kernel/random/uuid)" \
    -H 'institutionId: 00016' -d grant_type=client_credentials "$BENCH_BASE_URL/oauth2/v1/token" |
    "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
wrk_out=$(wrk -t2 -c64 -d"${BENCH_SECONDS}s" -H "Authorization: Bearer $token" \
    -H "transactionId: 00000000-0000-4000-8000-000000000000" -H 'institutionId: 00016' \
    "$BENCH_BASE_URL/v1/accounts?hostUserId=1234567890")
echo "$wrk_out" >&2
rps=$(echo "$wrk_out" | awk '/Requests\/sec/ {print $2}')
echo "{\"language\":\"emulator\",\"case\":\"HTTP ceiling, 64 connections\",\"peer\":\"wrk\",\"ours\":$rps,\"peer_value\":$rps,\"kind\":\"ceiling\"}" >>"$results"

"$venv/bin/python" bench/table.py "$results"
