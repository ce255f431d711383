"""Every case of ``tests/cli/cases.json`` through ``python -m candescent`` and through the
``candescent`` console script, against the embedded emulator over real HTTP; outputs are
compared with the golden files byte for byte (``tests/cli/README.md`` is the format)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
from candescent.testing import Emulator

CLI_TESTS = Path(__file__).resolve().parents[2] / "tests" / "cli"
TABLE: dict[str, Any] = json.loads((CLI_TESTS / "cases.json").read_text(encoding="utf-8"))
# What an interpreter may need to start; nothing else of the runner's environment reaches a run.
INHERITED = ("PATH", "SYSTEMROOT", "VIRTUAL_ENV", "LD_LIBRARY_PATH")


def entry_point(kind: str) -> list[str]:
    """The command that starts the command line, as a user of the installed package types it."""
    if kind == "python -m candescent":
        return [sys.executable, "-m", "candescent"]
    scripts = Path(sys.executable).parent
    script = scripts / ("candescent.exe" if os.name == "nt" else "candescent")
    assert script.exists(), f"the console script is not installed next to {sys.executable}"
    return [str(script)]


def rust_replacement(template: str) -> Callable[[re.Match[str]], str]:
    """A replacement in the syntax of Rust's ``regex`` (``$1``, ``${name}``, ``$$``)."""
    reference = re.compile(r"\$(?:\$|\{(\w+)\}|(\w+))")

    def expand(match: re.Match[str]) -> str:
        def group(ref: re.Match[str]) -> str:
            if ref.group(0) == "$$":
                return "$"
            name = ref.group(1) or ref.group(2)
            try:
                return match.group(int(name) if name.isdigit() else name) or ""
            except IndexError:
                return ""

        return reference.sub(group, template)

    return expand


RULES = [(re.compile(pattern), rust_replacement(rep)) for pattern, rep in TABLE["normalize"]]


class Run:
    """The texts a case may use, and what they stand for in this run."""

    def __init__(self, base_url: str, config_dir: str) -> None:
        self.base_url = base_url
        self.config_dir = config_dir

    def fill(self, text: str) -> str:
        return text.replace("{base_url}", self.base_url).replace("{config_dir}", self.config_dir)

    def normalize(self, output: bytes) -> str:
        text = output.decode("utf-8", errors="replace")
        text = text.replace(self.base_url, "{base_url}").replace(self.config_dir, "{config_dir}")
        for pattern, replacement in RULES:
            text = pattern.sub(replacement, text)
        return text


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


def execute(
    command: Sequence[str],
    run: Run,
    env: Mapping[str, Optional[str]],
    home: Path,
    args: Sequence[str],
    stdin: str,
) -> subprocess.CompletedProcess[bytes]:
    child_env = {name: os.environ[name] for name in INHERITED if name in os.environ}
    child_env["HOME"] = str(home)
    child_env["XDG_CONFIG_HOME"] = run.config_dir
    for name, value in env.items():
        if value is not None:
            child_env[name] = run.fill(value)
    return subprocess.run(
        [*command, *(run.fill(a) for a in args)],
        input=run.fill(stdin).encode(),
        capture_output=True,
        env=child_env,
        # Not the checkout: `python -m` would import the package's sources from there.
        cwd=home,
        check=False,
    )


def write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def post_fault(base_url: str, fault: Any) -> None:
    request = urllib.request.Request(
        f"{base_url}/__emulator/faults",
        data=json.dumps(fault).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as answer:
        assert 200 <= answer.status < 300, f"fault refused: {answer.status}"


@pytest.mark.parametrize("entry", ["python -m candescent", "console script"])
@pytest.mark.parametrize("case", TABLE["cases"], ids=[c["name"] for c in TABLE["cases"]])
def test_case(emulator: Emulator, case: dict[str, Any], entry: str) -> None:
    command = entry_point(entry)
    emulator.reset()
    with tempfile.TemporaryDirectory(prefix="candescent-cli-") as tmp:
        home = Path(tmp)
        config_dir = home / "config"
        config_dir.mkdir()
        run = Run(emulator.base_url, str(config_dir))
        env: dict[str, Optional[str]] = {**TABLE["env"], **case.get("env", {})}
        for name, text in case.get("files", {}).items():
            write_private(config_dir / name, run.fill(text))
        for fault in case.get("faults", []):
            post_fault(emulator.base_url, fault)
        for step in case.get("setup", []):
            done = execute(command, run, env, home, step["args"], step.get("stdin", ""))
            assert done.returncode == 0, (
                f"setup {step['args']} failed: {done.stderr.decode(errors='replace')}"
            )

        out = execute(command, run, env, home, case["args"], case.get("stdin", ""))
        stdout, stderr = run.normalize(out.stdout), run.normalize(out.stderr)

    problems = []
    expected = case.get("exit", 0)
    if out.returncode != expected:
        problems.append(f"exit {out.returncode}, expected {expected}")
    if "stdout" in case:
        golden = (CLI_TESTS / "golden" / case["stdout"]).read_bytes().decode("utf-8")
        if stdout != golden:
            problems.append(f"stdout differs from golden/{case['stdout']}:\n{stdout}")
    problems += [f"stdout lacks {t!r}" for t in case.get("stdout_contains", []) if t not in stdout]
    problems += [f"stderr lacks {t!r}" for t in case.get("stderr_contains", []) if t not in stderr]
    problems += [f"stdout has {t!r}" for t in case.get("stdout_not", []) if t in stdout]
    problems += [f"stderr has {t!r}" for t in case.get("stderr_not", []) if t in stderr]
    if case.get("stderr_empty") and stderr:
        problems.append("stderr is not empty")
    assert not problems, "; ".join(problems) + f"\nstderr: {stderr}"


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_emulator_stops_on_a_signal(signal_number: int) -> None:
    """``candescent emulator`` ends on Ctrl-C or ``kill``, as the binary does."""
    with subprocess.Popen(
        [*entry_point("python -m candescent"), "emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        env={name: os.environ[name] for name in INHERITED if name in os.environ},
        cwd=tempfile.gettempdir(),
    ) as child:
        assert child.stdout is not None
        assert re.match(r"http://127\.0\.0\.1:\d+$", child.stdout.readline().decode().strip())
        child.send_signal(signal_number)
        # Stopped by its handler (exit 0), or by the default action if it came first.
        assert child.wait(timeout=60) in (0, -signal_number)
