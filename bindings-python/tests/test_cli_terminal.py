"""The command line on a terminal, for the Rust binary and for ``python -m candescent``: a
progress bar and a table on a pseudo-terminal, JSON and a silent standard error in a pipe, and
``configure`` prompting for the secret without echoing it."""

from __future__ import annotations

import json
import os
import re
import select
import stat
import struct
import subprocess
import sys
import tempfile
import termios
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Optional

import pytest
from candescent.testing import Emulator

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals are POSIX", allow_module_level=True)

import fcntl

ROOT = Path(__file__).resolve().parents[2]
# Makes the pseudo-terminal the child's controlling terminal (the secret prompt reads
# /dev/tty), then becomes the command.
ADOPT_TERMINAL = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)


def rust_binary() -> str:
    """The binary `cargo build -p candescent-cli` makes (scripts/test.sh builds it)."""
    path = Path(os.environ.get("CANDESCENT_CLI_BINARY", ROOT / "target" / "debug" / "candescent"))
    assert path.exists(), f"{path} is missing: run `cargo build -p candescent-cli`"
    return str(path)


ENTRY_POINTS = {
    "rust binary": lambda: [rust_binary()],
    "python -m candescent": lambda: [sys.executable, "-m", "candescent"],
}


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


@pytest.fixture
def home() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="candescent-cli-") as tmp:
        (Path(tmp) / "config").mkdir()
        yield Path(tmp)


def environment(home: Path, emulator: Optional[Emulator] = None) -> dict[str, str]:
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")}
    if emulator is not None:
        env |= {
            "CANDESCENT_BASE_URL": emulator.base_url,
            "CANDESCENT_CLIENT_ID": emulator.client_id,
            "CANDESCENT_CLIENT_SECRET": emulator.client_secret,
            "CANDESCENT_INSTITUTION_ID": emulator.institution_id,
        }
    return env


def on_terminal(
    command: Sequence[str], env: dict[str, str], cwd: Path, answers: Sequence[tuple[str, str]] = ()
) -> tuple[int, str]:
    """Runs `command` with standard input, output and error on a new pseudo-terminal, typing
    each answer once its prompt has appeared; returns the exit code and all it showed."""
    # A terminal emulator sets TERM; without it (or with `dumb`) no progress bar is drawn.
    env = {**env, "TERM": "xterm-256color"}
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    child = subprocess.Popen(
        [sys.executable, "-c", ADOPT_TERMINAL, *command],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        start_new_session=True,
        env=env,
        cwd=cwd,
    )
    os.close(follower)
    shown = b""
    pending = list(answers)
    try:
        while True:
            select.select([leader], [], [])
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: every process holding the terminal has ended
                break
            if not chunk:
                break
            shown += chunk
            while pending and pending[0][0].encode() in shown:
                prompt, answer = pending.pop(0)
                if "Secret" in prompt:
                    wait_for_echo_off(leader)
                os.write(leader, answer.encode() + b"\r")
                shown = shown.replace(prompt.encode(), b"<answered:" + prompt.encode() + b">", 1)
    finally:
        os.close(leader)
    return child.wait(), shown.decode("utf-8", errors="replace")


def wait_for_echo_off(leader: int) -> None:
    """The prompt is written before echo is turned off: typing in between would show it."""
    while termios.tcgetattr(leader)[3] & termios.ECHO:
        select.select([], [], [], 0.01)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_progress_and_table_on_a_terminal_json_in_a_pipe(
    emulator: Emulator, home: Path, entry: str
) -> None:
    command = [*ENTRY_POINTS[entry](), "transactions", "list", "--all-accounts"]
    command += ["--host-user-id", "gen-20"]
    code, shown = on_terminal(command, environment(home, emulator), home)
    assert code == 0, shown
    assert re.search(r"\d+/20 accounts, \d+ transactions", shown), shown[:2000]  # the bar
    assert re.search(r"\d+ transactions from 20 accounts", shown), shown[-2000:]
    assert "DATE" in shown, shown[:2000]  # the table's header

    piped = subprocess.run(command, capture_output=True, env=environment(home, emulator), cwd=home)
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr == b""
    rows = json.loads(piped.stdout)
    assert len(rows) > 20 and "DATE" not in piped.stdout.decode()


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_configure_prompts_and_never_echoes_the_secret(
    emulator: Emulator, home: Path, entry: str
) -> None:
    command = [*ENTRY_POINTS[entry](), "configure", "--profile", "p", "--base-url"]
    code, shown = on_terminal(
        [*command, emulator.base_url],
        environment(home),
        home,
        answers=[
            ("Shared Key", emulator.client_id),
            ("Institution id", emulator.institution_id),
            ("Secret Key", emulator.client_secret),
        ],
    )
    assert code == 0, shown
    assert emulator.client_id in shown and emulator.institution_id in shown  # echoed, as typed
    assert emulator.client_secret not in shown
    config = home / "config" / "candescent" / "config.toml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    text = config.read_text()
    assert "p" in re.findall(r"^\[(?:profiles\.)?\"?([^\]\"]+)\"?\]", text, re.MULTILINE), text
    assert emulator.client_secret in text

    token = subprocess.run(
        [*ENTRY_POINTS[entry](), "--profile", "p", "token", "-o", "json"],
        capture_output=True,
        env=environment(home),
        cwd=home,
    )
    assert token.returncode == 0, token.stderr
    assert "expires" in token.stdout.decode()
