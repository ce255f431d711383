#!/usr/bin/env bash
# Build the Python package, run its tests and type checks, and prove that a plain
# `pip install ./bindings-python` works in a fresh virtualenv.
# Needs only Rust and Python >= 3.9 with pip; installs everything else. Runs from any directory.
set -euo pipefail

pkg="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$pkg/.." && pwd)"
python="${PYTHON:-python3}"
venv="$root/target/py-venv"
fresh="$root/target/py-venv-fresh"
pip_quiet=(--quiet --disable-pip-version-check)

step() { printf '\n==> %s\n' "$*"; }

step "virtualenv $venv"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install "${pip_quiet[@]}" \
    "maturin>=1.8,<2" "pytest>=8,<9" "mypy>=1.13,<2" "ruff>=0.8,<1"

step "build and install (release; cargo reuses $root/target)"
"$venv/bin/python" -m pip install "${pip_quiet[@]}" --force-reinstall --no-deps "$pkg"
touch "$venv/.candescent-built" # lets demo.sh skip the build

step "the candescent binary (tests/test_cli_terminal.py runs it next to python -m candescent)"
cd "$root"
cargo build -p candescent-cli

step "pytest"
# pytest exits 5 when it collects nothing; set -e turns that, like any failure, into ours.
"$venv/bin/python" -m pytest "$pkg/tests" -q -p no:cacheprovider

step "mypy --strict (examples and the typing test)"
cd "$pkg"
"$venv/bin/python" -m mypy --strict --cache-dir "$root/target/mypy-cache" examples/quickstart.py tests/typing_usage.py

step "mypy --strict on every Python block of every README.md"
"$venv/bin/python" "$pkg/scripts/readme_types.py" "$venv/bin/python"

step "ruff"
"$venv/bin/python" -m ruff check --no-cache python tests examples benchmarks scripts
"$venv/bin/python" -m ruff format --no-cache --check python tests examples benchmarks scripts

step "pip install ./bindings-python into a fresh virtualenv"
rm -rf "$fresh"
"$python" -m venv "$fresh"
cd "$root"
"$fresh/bin/python" -m pip install "${pip_quiet[@]}" ./bindings-python

step "quickstart from another folder, with the installed package"
elsewhere="$(mktemp -d)"
trap 'rm -rf "$elsewhere"' EXIT
cp "$pkg/examples/quickstart.py" "$elsewhere/"
cd "$elsewhere"
env -u CANDESCENT_CLIENT_ID "$fresh/bin/python" quickstart.py
"$fresh/bin/python" -c 'import candescent, sys; sys.exit(0 if "site-packages" in candescent.__file__ else 1)'

step "the candescent console script and python -m candescent, installed"
"$fresh/bin/candescent" --version
"$fresh/bin/python" -m candescent --version

step "Python package: all checks passed"
