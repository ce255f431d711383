"""Soak: many calls at about 10 % injected faults, all recoverable, so every call must succeed;
resident memory is sampled at each tenth of the run and must stay flat. ``SOAK_CALLS`` sets the
number of calls (10,000 by default; ``make soak`` runs 100,000)."""

from __future__ import annotations

import logging
import os
import resource
from typing import Any

import pytest
from candescent.testing import Emulator

USER = "1234567890"


def rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: the peak is the best there is
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def fault_for(i: int) -> dict[str, Any] | None:
    """The same mix as the Rust and Node soaks: recoverable faults, Retry-After 0 where possible."""
    if i % 10:
        return None
    n = (i // 10) % 50
    if n == 0:
        return {"kind": "reset"}
    return [
        {"kind": "stall", "stall_ms": 5},
        {"kind": "status", "status": 503, "retry_after": 0},
        {"kind": "status", "status": 429, "retry_after": 0},
        {"kind": "status", "status": 401, "code": "ACC_00601"},
        {"kind": "status", "status": 500, "retry_after": 0},
    ][n % 5]


def test_soak(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    # The retries are logged at WARNING; keeping thousands of records in pytest's log capture
    # would measure pytest, not the SDK.
    monkeypatch.setattr(logging.getLogger("candescent"), "disabled", True)
    total = int(os.environ.get("SOAK_CALLS", "10000"))
    step = max(total // 10, 1)
    client = emu.client()
    failures = 0
    samples: list[int] = []
    for i in range(1, total + 1):
        fault = fault_for(i)
        if fault is not None:
            emu.inject_fault(route="accounts", **fault)
        try:
            client.accounts.list(host_user_id=USER)
        except Exception as e:  # noqa: BLE001 - every failure counts, whatever its class
            failures += 1
            print(f"call {i} failed: {e!r}")
        if i % step == 0:
            samples.append(rss_bytes())
            print(
                f"soak (python): {i} calls, {failures} failures, rss {samples[-1] / 2**20:.1f} MiB"
            )
    client.close()
    assert failures == 0
    assert samples[-1] - samples[0] < 24 * 2**20, f"memory grew: {samples}"
