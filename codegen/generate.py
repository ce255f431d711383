#!/usr/bin/env python3
"""Writes every generated file from the facts extract and `codegen/overrides.toml`.

    python3 codegen/generate.py          # write (make generate)
    python3 codegen/generate.py --check  # fail when a generated file differs (make check-generated)

Rust files go through rustfmt, so a generated file is exactly what `cargo fmt` would leave.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ir  # noqa: E402
from emit_cases import CasesEmitter  # noqa: E402
from emit_docs import DocsEmitter  # noqa: E402
from emit_rust_api import RustApiEmitter  # noqa: E402
from emit_node import NodeEmitter  # noqa: E402
from emit_python import PythonEmitter  # noqa: E402
from emit_spec import SpecEmitter  # noqa: E402

ROOT = ir.ROOT


def rustfmt(text: str) -> str:
    text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    done = subprocess.run(
        ["rustfmt", "--edition", "2021", "--emit", "stdout", "--quiet"],
        input=text.encode(), capture_output=True, check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode())
        raise SystemExit("rustfmt refused a generated file")
    return done.stdout.decode()


def outputs(api: ir.Api) -> dict[str, str]:
    files: dict[str, str] = {}
    files.update(SpecEmitter(api).files())
    files.update(RustApiEmitter(api).files())
    files.update(CasesEmitter(api).files())
    files.update(DocsEmitter(api).files())
    files.update(NodeEmitter(api).files())
    files.update(PythonEmitter(api).files())
    return {path: (rustfmt(text) if path.endswith(".rs") else text) for path, text in files.items()}


def main() -> None:
    check = "--check" in sys.argv[1:]
    api = ir.load()
    stale = []
    for rel, text in outputs(api).items():
        path = ROOT / rel
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if check:
            stale.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {rel}")
    if stale:
        print("generated files differ from a fresh generation (run `make generate`):")
        for rel in stale:
            print(f"  {rel}")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
