#!/usr/bin/env python3
"""Run every code block of every README.md against the emulator (part of `make test`).

Blocks are found by their fence language and run in a context where they can work as written:

- ``rust``: gathered into one Markdown file and run as doctests of the `candescent-readme`
  crate (`tests/readme/src/lib.rs`); a block with `fn main` is a whole program.
- ``python``: with the test virtualenv's interpreter (`target/py-venv`, built by
  `bindings-python/scripts/test.sh`); a block defining `test_*` functions or pytest fixtures
  runs under pytest.
- ``js``/``javascript``: as an ES module (`.mjs`), or CommonJS (`.cjs`) when it calls
  `require`, in a fresh npm project where `candescent` is the built `bindings-node` package.
- ``sh``/``bash``/``shell``: with `bash -euo pipefail` in a temporary folder, the emulator
  binary on PATH. Commands that install from a registry, rebuild what `make test` already
  built, or run forever are replaced by their local equivalent from `COMMANDS` below, and the
  replacement is printed: nothing is skipped silently.
- ``text``, ``mermaid`` or no language: not code (diagrams, log lines, usage synopses); listed,
  not run.

Every block sees an emulator started with the README's placeholder credentials
(`shared-key` / `secret-key`, institution `00016`) and the `CANDESCENT_*` variables pointing
at it. Blocks that continue an earlier example (`client`, `hostUserId`, ...) get those names
from `PRELUDES` when they use them without defining them. Any other language is an error.

Usage: tests/readme/run.py [--list] [FILE[:LINE] ...]   (only the blocks whose place starts so)
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READMES = sorted(
    p
    for p in ROOT.rglob("README.md")
    if not any(
        part in {"node_modules", "target", ".git"} or part.startswith(".")
        for part in p.relative_to(ROOT).parts
    )
)
PYTHON = ROOT / "target" / "py-venv" / "bin" / "python"
NODE_PACKAGE = ROOT / "bindings-node"
BLOCK_TIMEOUT = 600

CREDENTIALS = {
    "CANDESCENT_CLIENT_ID": "shared-key",
    "CANDESCENT_CLIENT_SECRET": "secret-key",
    "CANDESCENT_INSTITUTION_ID": "00016",
}

# Shell commands (whole command, after `&&` splitting, comments removed) that cannot run as
# written inside `make test`, and what runs instead.
SAME_AS_TEST_VENV = '"$README_PYTHON" -c "import candescent"'
INSTALL_LOCAL_NODE = 'npm install --no-audit --no-fund "$README_ROOT/bindings-node"'
HAS_NODE_MODULES = 'test -d "$README_ROOT/bindings-node/node_modules"'
HAS_ADDON = 'test -f "$README_ROOT/bindings-node/candescent.node"'
COMMANDS: dict[str, tuple[str, str]] = {
    "make test": (":", "this run is part of `make test`"),
    "make demo": ('make -C "$README_ROOT" --no-print-directory demo', "from the repository root"),
    "pip install ./bindings-python": (
        SAME_AS_TEST_VENV,
        (
            "the test virtualenv has the package built from ./bindings-python"
            " (bindings-python/scripts/test.sh also runs this very command in a fresh virtualenv)"
        ),
    ),
    "pip install candescent": (
        SAME_AS_TEST_VENV,
        "not on PyPI from here: the locally built package",
    ),
    "pip install --only-binary :all: candescent": (
        SAME_AS_TEST_VENV,
        "not on PyPI from here: the locally built package (scripts/test-dist.sh installs the"
        " wheel with --no-index where no Rust is on PATH)",
    ),
    "pip install maturin": (
        '"$README_PYTHON" -m maturin --version',
        "the test virtualenv has maturin",
    ),
    "maturin develop --release": (SAME_AS_TEST_VENV, "built by bindings-python/scripts/test.sh"),
    "cd bindings-python": ('cd "$README_ROOT/bindings-python"', "relative to the repository root"),
    "cd bindings-node": ('cd "$README_ROOT/bindings-node"', "relative to the repository root"),
    "npm install": (HAS_NODE_MODULES, "installed by bindings-node/scripts/test.sh (npm ci)"),
    "npm ci": (HAS_NODE_MODULES, "installed by bindings-node/scripts/test.sh"),
    "npm run build": (HAS_ADDON, "built (release) by bindings-node/scripts/test.sh"),
    "npm run build:debug": (HAS_ADDON, "built by bindings-node/scripts/test.sh"),
    "make bench": (
        'bash -n "$README_ROOT/bench/run.sh"',
        "takes minutes and wants a quiet machine: not in CI; the script is syntax-checked",
    ),
    "npm test": (":", "run by bindings-node/scripts/test.sh (make test-node)"),
    "npm run typecheck": (":", "run by bindings-node/scripts/test.sh (make test-node)"),
    "npm run lint": (":", "run by bindings-node/scripts/test.sh (make test-node)"),
    "scripts/test.sh": (":", "make test-node / make test-python run it"),
    "cd your-project": (
        'mkdir -p "$README_WORK/your-project" && cd "$README_WORK/your-project" && npm init -y >/dev/null',
        "a fresh npm project in the block's temporary folder",
    ),
    "npm install candescent": (
        INSTALL_LOCAL_NODE,
        "not on the npm registry from here: the local package",
    ),
    "npm install /path/to/bindings-node": (
        INSTALL_LOCAL_NODE,
        "the placeholder path is this repository's",
    ),
    "npm install /path/to/candescent/bindings-node": (
        INSTALL_LOCAL_NODE,
        "the placeholder path is this repository's",
    ),
    "cargo test -p candescent-cli": (":", "run by make test-rust (cargo test --workspace)"),
    "cargo install --path cli": (
        'test -x "$README_ROOT/target/debug/candescent"',
        (
            "make test-rust runs this very command into a scratch root"
            " (cli/scripts/test-install.sh); the debug build is on PATH here"
        ),
    ),
    "cargo run -p candescent-emulator -- --port 8080": (
        (
            'readme_serve_once cargo run --quiet --manifest-path "$README_ROOT/Cargo.toml"'
            " -p candescent-emulator -- --port 0"
        ),
        "serves until stopped: started on a free port, its first line checked, then stopped",
    ),
}

SHELL_HELPERS = r"""
# Runs a server command, checks that its first line is a base URL, stops it.
readme_serve_once() {
  coproc SERVER { exec "$@"; }
  local first
  read -r -t 120 first <&"${SERVER[0]}"
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  [[ "$first" == http://* ]] || { echo "expected a base URL, got: $first" >&2; return 1; }
  echo "$first"
}
"""

# name -> (pattern showing it is defined in the block, code defining it)
PRELUDES: dict[str, dict[str, tuple[str, str]]] = {
    "python": {
        "logging": (r"^\s*import logging|^\s*import .*\blogging\b", "import logging"),
        "candescent": (r"^\s*import .*\bcandescent\b", "import candescent"),
        "client": (
            r"\bclient\s*=|as client\b|def \w+\([^)]*\bclient\b",
            "client = candescent.Client()  # from the CANDESCENT_* variables",
        ),
    },
    "js": {
        "client": (
            r"\b(const|let|var)\s+client\b",
            "const client = ReadmeClient.fromEnv();",
        ),
        "clientId": (
            r"\b(const|let|var)\s+\{?[^=;]*\bclientId\b",
            "const clientId = process.env.CANDESCENT_CLIENT_ID;",
        ),
        "clientSecret": (
            r"\b(const|let|var)\s+\{?[^=;]*\bclientSecret\b",
            "const clientSecret = process.env.CANDESCENT_CLIENT_SECRET;",
        ),
        "hostUserId": (
            r"\b(const|let|var)\s+\{?[^=;]*\bhostUserId\b",
            "const hostUserId = '1234567890';",
        ),
    },
}

LANGUAGES = {
    "rust": "rust",
    "python": "python",
    "py": "python",
    "js": "js",
    "javascript": "js",
    "mjs": "js",
    "sh": "shell",
    "bash": "shell",
    "shell": "shell",
    "console": "shell",
    "": "text",
    "text": "text",
    "mermaid": "text",
}


@dataclass
class Block:
    readme: Path
    line: int
    fence: str
    code: str

    @property
    def language(self) -> str:
        lang = LANGUAGES.get(self.fence.lower())
        if lang is None:
            raise SystemExit(
                f"{self.where}: no rule for ```{self.fence} blocks (see tests/readme/run.py)"
            )
        return lang

    @property
    def where(self) -> str:
        return f"{self.readme.relative_to(ROOT)}:{self.line}"


def blocks(readme: Path) -> list[Block]:
    found, lines = [], readme.read_text().splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)(```+|~~~+)\s*([\w+-]*)", lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = m.groups()
        start, body = i + 1, []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i].removeprefix(indent))
            i += 1
        found.append(Block(readme, start, lang, "\n".join(body) + "\n"))
        i += 1
    return found


def uses(code: str, name: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(name)}\b", code) is not None


def prelude(language: str, code: str) -> list[str]:
    lines = []
    for name, (defined, definition) in PRELUDES[language].items():
        if uses(code, name) and not re.search(defined, code, re.MULTILINE):
            lines.append(definition)
    return lines


class Emulator:
    """The emulator binary with the README credentials, on a free port."""

    def __enter__(self) -> str:
        subprocess.run(
            ["cargo", "build", "--quiet", "-p", "candescent-emulator", "-p", "candescent-cli"],
            cwd=ROOT,
            check=True,
        )
        binary = ROOT / "target" / "debug" / "candescent-emulator"
        self.proc = subprocess.Popen(
            [
                str(binary),
                "--port",
                "0",
                "--client-id",
                CREDENTIALS["CANDESCENT_CLIENT_ID"],
                "--client-secret",
                CREDENTIALS["CANDESCENT_CLIENT_SECRET"],
                "--institution-id",
                CREDENTIALS["CANDESCENT_INSTITUTION_ID"],
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def run(block: Block, cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[bool, str]:
    # Output to a file, not a pipe, and a process group of its own: a server a block leaves
    # running can neither hold the harness nor outlive it.
    with tempfile.TemporaryFile(mode="w+") as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            ok = proc.wait(BLOCK_TIMEOUT) == 0
            note = ""
        except subprocess.TimeoutExpired:
            ok, note = False, f"timed out after {BLOCK_TIMEOUT} s\n"
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass  # the block's process group has already exited: nothing left to stop
        proc.wait()
        out.seek(0)
        return ok, note + out.read()


def python_block(block: Block, work: Path, env: dict[str, str], n: int) -> tuple[str, bool, str]:
    pytest_style = re.search(r"^\s*(def test_\w+|@pytest\.fixture)", block.code, re.MULTILINE)
    head = prelude("python", block.code) if not pytest_style else []
    file = work / (f"test_readme_{n}.py" if pytest_style else f"readme_{n}.py")
    file.write_text("\n".join(head + [block.code]))
    if pytest_style:
        cmd = [str(PYTHON), "-m", "pytest", "-q", "-p", "no:cacheprovider", file.name]
        return "pytest", *run(block, cmd, work, env)
    return "python" + (f" (+ {', '.join(head)})" if head else ""), *run(
        block, [str(PYTHON), file.name], work, env
    )


def js_block(block: Block, project: Path, env: dict[str, str], n: int) -> tuple[str, bool, str]:
    code_only = re.sub(
        r"//.*", "", block.code
    )  # `// or: require(...)` in a comment is not CommonJS
    commonjs = re.search(r"\brequire\(", code_only) is not None
    head = prelude("js", block.code)
    names = [line.split("=")[0].split()[-1] for line in head]
    tail = []
    if head and "client" in names:
        tail = ["await client.close();"] if not commonjs else []
    if head:
        if commonjs:
            head = ["const { Client: ReadmeClient } = require('candescent');", *head]
        else:
            head = ["import { Client as ReadmeClient } from 'candescent';", *head]
    file = project / f"readme_{n}.{'cjs' if commonjs else 'mjs'}"
    file.write_text("\n".join(head + [block.code] + tail))
    mode = ("node, CommonJS" if commonjs else "node, ESM") + (
        f" (+ {', '.join(names)})" if names else ""
    )
    return mode, *run(block, ["node", file.name], project, env)


def shell_block(block: Block, work: Path, env: dict[str, str], n: int) -> tuple[str, bool, str]:
    lines, mapped = [], []
    for raw in block.code.splitlines():
        command = re.sub(r"\s+#.*$", "", raw).strip()
        if not command or command.startswith("#"):
            lines.append(raw)
            continue
        parts = [p.strip() for p in command.split("&&")]
        if any(p in COMMANDS for p in parts):
            out = []
            for p in parts:
                if p in COMMANDS:
                    replacement, why = COMMANDS[p]
                    mapped.append(f"`{p}` -> `{replacement}` ({why})")
                    out.append(replacement)
                else:
                    out.append(p)
            lines.append(" && ".join(out))
        else:
            lines.append(raw)
    here = work / f"sh_{n}"
    here.mkdir()
    script = here / "block.sh"
    script.write_text(SHELL_HELPERS + "\n".join(lines) + "\n")
    ok, out = run(
        block, ["bash", "-euo", "pipefail", str(script)], here, {**env, "README_WORK": str(here)}
    )
    mode = "bash" + ("".join(f"\n      mapped {m}" for m in mapped))
    return mode, ok, out


def rust_blocks(found: list[Block], work: Path, env: dict[str, str]) -> tuple[bool, str]:
    doc = work / "rust-blocks.md"
    parts = []
    for b in found:
        parts.append(f"From `{b.where}`:\n\n```rust\n{b.code}```\n")
    doc.write_text("\n".join(parts))
    rust_env = {**env, "README_RUST_BLOCKS": str(doc), "RUSTDOCFLAGS": "--cfg readme"}
    cmd = ["cargo", "test", "--quiet", "-p", "candescent-readme", "--doc"]
    done = subprocess.run(
        cmd, check=False, cwd=ROOT, env=rust_env, capture_output=True, text=True, timeout=900
    )
    out = done.stdout + done.stderr
    # Zero doctests would pass too: insist that every block ran.
    ran = sum(int(n) for n in re.findall(r"test result: ok\. (\d+) passed", out))
    if done.returncode == 0 and ran != len(found):
        return False, f"{ran} doctests ran for {len(found)} Rust blocks\n{out}"
    return done.returncode == 0, out


def main() -> int:
    found = [b for readme in READMES for b in blocks(readme)]
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    if only:
        found = [b for b in found if any(b.where.startswith(o) for o in only)]
    if "--list" in sys.argv:
        for b in found:
            print(f"{b.where:<36} {b.language}")
        return 0
    if not PYTHON.exists():
        raise SystemExit(
            f"{PYTHON} is missing: run `make test-python` (bindings-python/scripts/test.sh) first"
        )
    if not (NODE_PACKAGE / "candescent.node").exists():
        raise SystemExit("bindings-node/candescent.node is missing: run `make test-node` first")

    failures, report = 0, []
    with tempfile.TemporaryDirectory(prefix="readme-") as tmp, Emulator() as base_url:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CANDESCENT_")}
        env.update(CREDENTIALS)
        env.update(
            CANDESCENT_BASE_URL=base_url,
            README_ROOT=str(ROOT),
            README_PYTHON=str(PYTHON),
            # `candescent configure` writes here, not to the real home's config.
            XDG_CONFIG_HOME=str(work / "config"),
            PATH=f"{ROOT / 'target' / 'debug'}{os.pathsep}{env['PATH']}",
        )
        project = work / "node-project"
        project.mkdir()
        subprocess.run(["npm", "init", "-y"], cwd=project, check=True, capture_output=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", str(NODE_PACKAGE)],
            cwd=project,
            check=True,
            capture_output=True,
        )

        rust = [b for b in found if b.language == "rust"]
        if rust:
            started = time.monotonic()
            ok, out = rust_blocks(rust, work, env)
            for b in rust:
                report.append(
                    (b, "rust doctest (candescent-readme)", ok, time.monotonic() - started)
                )
            if not ok:
                failures += 1
                print(f"--- Rust blocks failed:\n{out}", file=sys.stderr)

        for n, b in enumerate(found):
            runner = {"python": python_block, "js": js_block, "shell": shell_block}.get(b.language)
            if runner is None:
                if b.language == "text":
                    report.append((b, "text (not code)", None, 0.0))
                continue
            started = time.monotonic()
            target = project if b.language == "js" else work
            mode, ok, out = runner(b, target, env, n)
            report.append((b, mode, ok, time.monotonic() - started))
            if not ok:
                failures += 1
                print(
                    f"--- {b.where} ({mode}) failed:\n{b.code}\n--- output:\n{out}", file=sys.stderr
                )

    report.sort(key=lambda r: (str(r[0].readme), r[0].line))
    print(f"\nREADME code blocks ({len(found)} in {len({b.readme for b in found})} files):")
    for b, mode, ok, seconds in report:
        status = "text" if ok is None else ("ok  " if ok else "FAIL")
        print(
            f"  {status} {b.where:<34} {mode}" + (f"  [{seconds:.1f} s]" if ok is not None else "")
        )
    if failures:
        print(f"{failures} README block(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
