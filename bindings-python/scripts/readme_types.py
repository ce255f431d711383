#!/usr/bin/env python3
"""Type-checks every Python block of every README.md with ``mypy --strict``, as
``tests/readme/run.py`` runs them (the same blocks, with the same preludes for names an
earlier example defined): a README example that a type checker refuses is a bug of the README.

Usage: readme_types.py PYTHON   (the interpreter whose environment has candescent and mypy)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "readme"))

import run  # noqa: E402  (tests/readme/run.py: the blocks and their preludes)


def main() -> int:
    python = sys.argv[1] if len(sys.argv) > 1 else sys.executable
    with tempfile.TemporaryDirectory() as work:
        files: dict[Path, str] = {}
        for readme in run.READMES:
            for block in run.blocks(readme):
                if block.language != "python":
                    continue
                head = run.prelude("python", block.code)
                name = f"readme_{len(files):03d}.py"
                path = Path(work) / name
                path.write_text("\n".join([*head, block.code]), encoding="utf-8")
                files[path] = block.where
        if not files:
            print("no Python blocks found")
            return 1
        done = subprocess.run(
            [
                python,
                "-m",
                "mypy",
                "--strict",
                "--no-error-summary",
                "--cache-dir",
                str(ROOT / "target" / "mypy-cache"),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        out = done.stdout
        for path, where in files.items():
            out = out.replace(str(path), where)
        sys.stdout.write(out)
        print(f"{len(files)} README Python blocks type-checked with mypy --strict")
        return done.returncode


if __name__ == "__main__":
    sys.exit(main())
