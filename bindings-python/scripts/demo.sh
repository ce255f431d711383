#!/usr/bin/env bash
# Run the Python quickstart: lists the example user's accounts from the embedded emulator
# (or from the real API when CANDESCENT_CLIENT_ID is set). Builds the package first if needed.
set -euo pipefail

pkg="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$pkg/.." && pwd)"
python="${PYTHON:-python3}"
venv="$root/target/py-venv"
stamp="$venv/.candescent-built"

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
# Rebuild when the package is missing or any source it is built from changed since the last build.
if ! "$venv/bin/python" -c 'import candescent' 2>/dev/null \
    || [ ! -f "$stamp" ] \
    || [ -n "$(find "$root/Cargo.toml" "$root/Cargo.lock" "$root/core" "$root/emulator" "$root/cli" \
        "$pkg/Cargo.toml" "$pkg/pyproject.toml" "$pkg/src" "$pkg/python" \
        -newer "$stamp" -type f -print -quit 2>/dev/null)" ]; then
    echo "building the candescent Python package (release)..." >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        --force-reinstall --no-deps "$pkg"
    touch "$stamp"
fi
cd "$pkg"
exec "$venv/bin/python" examples/quickstart.py
