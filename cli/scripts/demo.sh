#!/usr/bin/env bash
# The command line's part of `make demo`: starts `candescent emulator` on a free port and lists
# the example customer's accounts as a table, the way an operator would from a shell.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cargo build --quiet --manifest-path "$root/Cargo.toml" -p candescent-cli
candescent="$root/target/debug/candescent"

coproc EMULATOR { exec "$candescent" emulator --port 0; }
trap 'kill "$EMULATOR_PID" 2>/dev/null || true' EXIT
read -r -t 60 base_url <&"${EMULATOR[0]}"

# The emulator's own credentials; with a real key, `candescent configure` keeps them in a profile.
export CANDESCENT_BASE_URL="$base_url"
export CANDESCENT_CLIENT_ID=candescent-emulator
export CANDESCENT_CLIENT_SECRET=emulator-secret
export CANDESCENT_INSTITUTION_ID=00016

echo "\$ candescent accounts list --host-user-id 1234567890 --output table"
"$candescent" accounts list --host-user-id 1234567890 --output table
