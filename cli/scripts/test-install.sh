#!/usr/bin/env bash
# `cargo install --path cli`, as the README tells users, into a throwaway root; then the
# installed `candescent` answers from outside the repository. A debug build that reuses
# target/ keeps this fast; the release build differs only in optimisation.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
install_root="$(mktemp -d)"
trap 'rm -rf "$install_root"' EXIT
CARGO_TARGET_DIR="$root/target" cargo install --quiet --locked --debug \
    --path "$root/cli" --root "$install_root"
cd "$install_root"
version="$("$install_root/bin/candescent" --version)"
[[ "$version" == "candescent $(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)" ]] \
    || { echo "unexpected version: $version" >&2; exit 1; }
"$install_root/bin/candescent" completions bash | bash -n
echo "cargo install --path cli: $version"
