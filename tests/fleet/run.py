#!/usr/bin/env python3
"""The fleet test of `make test`: Python and Node processes sharing one token and one rate limit
through a real redis-server, against one emulator.

1. Cold start: 8 processes (4 Python, 4 Node), each with 100 concurrent first calls: exactly one
   token request.
2. Revocation: the emulator revokes every token, then each process makes 100 more concurrent
   calls: exactly one new token request, and no call fails.
3. Rate limit: 8 new processes call as fast as they can under a fleet limit of 200/s: the
   emulator's count of accepted calls in every full second is within 10 % of 200.

Each worker (worker.py, worker.mjs) prints "ready", then runs one command per line of stdin
("burst N": N concurrent calls; "flood S": calls for S seconds from 20 loops) and answers each
with one JSON line {"ok", "failed", "errors"}. Needs the Python package in target/py-venv (make
test-python) and the Node package built (make test-node), and redis-server on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from candescent.testing import Emulator

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PROCESSES = 8
RATE = 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Redis:
    """A redis-server of this run alone, in a temporary folder."""

    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="candescent-fleet-")
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            try:
                with socket.create_connection(
                    ("127.0.0.1", self.port), timeout=0.2
                ) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.025)
        raise RuntimeError("redis-server did not start")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


class Worker:
    def __init__(self, language: str, env: dict[str, str]) -> None:
        command = (
            [sys.executable, str(HERE / "worker.py"), "fleet"]
            if language == "python"
            else ["node", str(HERE / "worker.mjs")]
        )
        self.language = language
        self.process = subprocess.Popen(
            command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.read() == "ready", f"{language} worker did not start"

    def read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line:
            raise RuntimeError(
                f"{self.language} worker ended early ({self.process.wait()})"
            )
        return line

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def report(self) -> dict[str, Any]:
        report: dict[str, Any] = json.loads(self.read())
        return report

    def stop(self) -> None:
        if self.process.poll() is None:
            self.send("stop")
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def fleet(emu: Emulator, extra: dict[str, str]) -> list[Worker]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CANDESCENT_")}
    env.update(
        CANDESCENT_BASE_URL=emu.base_url,
        CANDESCENT_CLIENT_ID=emu.client_id,
        CANDESCENT_CLIENT_SECRET=emu.client_secret,
        CANDESCENT_INSTITUTION_ID=emu.institution_id,
        **extra,
    )
    return [Worker("python" if i % 2 == 0 else "node", env) for i in range(PROCESSES)]


def everyone(workers: list[Worker], command: str) -> list[dict[str, Any]]:
    for w in workers:
        w.send(command)
    reports = [w.report() for w in workers]
    for w, r in zip(workers, reports):
        assert r["failed"] == 0, (
            f"{w.language} worker: {r['failed']} calls failed: {r['errors']}"
        )
    return reports


START = time.monotonic()


def check(what: str, ok: bool, detail: str) -> None:
    took = time.monotonic() - START
    print(f"{'ok  ' if ok else 'FAIL'} {what}: {detail} ({took:.1f} s)", flush=True)
    if not ok:
        raise SystemExit(1)


def main() -> None:
    redis = Redis()
    workers: list[Worker] = []
    try:
        with Emulator() as emu:
            workers = fleet(emu, {"CANDESCENT_TOKEN_CACHE": redis.url})
            everyone(workers, "burst 100")
            issued = emu.stats()["tokens_issued"]
            check(
                "cold start",
                issued == 1,
                f"{PROCESSES} processes x 100 calls, {issued} token(s)",
            )

            emu.revoke_tokens()
            everyone(workers, "burst 100")
            issued = emu.stats()["tokens_issued"]
            check(
                "revocation", issued == 2, f"0 failed calls, {issued - 1} new token(s)"
            )
            for w in workers:
                w.stop()

            emu.reset()
            workers = fleet(
                emu,
                {
                    "CANDESCENT_TOKEN_CACHE": redis.url,
                    "CANDESCENT_RATE_LIMIT": f"{RATE}/s",
                },
            )
            everyone(workers, "flood 3.5")
            with urllib.request.urlopen(
                f"{emu.base_url}/__emulator/accepted"
            ) as answer:
                seconds = json.load(answer)["accepted"]
            full = [count for _, count in seconds[1:-1]]
            within = all(abs(count - RATE) <= RATE / 10 for count in full)
            check(
                f"rate limit {RATE}/s",
                len(full) >= 2 and within,
                f"accepted calls per full second {full}",
            )
    finally:
        for w in workers:
            w.stop()
        redis.stop()


if __name__ == "__main__":
    main()
