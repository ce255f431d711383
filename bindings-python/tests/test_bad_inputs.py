"""The bad-input table of ``tests/bad_inputs.json`` (shared with the Rust core and the Node
package): every case is refused with the SDK's own error, naming the argument, before traffic."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import candescent
import pytest
from candescent.testing import Emulator

TABLE = json.loads(
    (Path(__file__).resolve().parents[2] / "tests" / "bad_inputs.json").read_text("utf-8")
)["cases"]
CASES = [c for c in TABLE if "python" in c.get("only", ["python"])]
BASE = {
    "client_id": "id",
    "client_secret": "canary-secret-7f3a",
    "institution_id": "00016",
    "base_url": "https://api.example.com",
    "use_env": False,
}


def value(v: Any) -> Any:
    if isinstance(v, dict):
        if "$big" in v:
            return int(v["$big"])
        if "$float" in v:
            return float(v["$float"])
        if "$date" in v:
            return datetime.date.fromisoformat(v["$date"])
        return {k: value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [value(x) for x in v]
    return v


def call(case: dict[str, Any], emu: Emulator) -> None:
    args = {k: value(v) for k, v in case["args"].items()}
    kind = case["call"]
    if kind == "client":
        candescent.Client(**{**BASE, **args})
        return
    with emu.client() as client:
        if kind == "accounts.list":
            client.accounts.list(**args)
        elif kind == "accounts.get":
            client.accounts.get(args.pop("account_id"), **args)
        elif kind == "customers.find":
            client.customers.find(**args)
        elif kind == "accounts.groups":
            next(iter(client.accounts.groups(**args)))
        elif kind == "request":
            client.request(args.pop("method"), args.pop("path"), **args)
        elif kind == "transactions.list":
            next(iter(client.transactions.list(**args)))
        else:
            call_operation(client, kind, args)


def call_operation(client: candescent.Client, name: str, args: dict[str, Any]) -> None:
    """A typed operation by its SDK name (``recipients.get``), every argument by keyword; a
    paged answer is read to its first item."""
    owner: Any = client
    for part in name.split("."):
        owner = getattr(owner, part)
    answer = owner(**args)
    if isinstance(answer, candescent.Pager):
        next(iter(answer), None)


def test_the_table_has_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case: dict[str, Any], emu: Emulator) -> None:
    expect = case["expect"]
    with pytest.raises(candescent.CandescentError) as info:
        call(case, emu)
    err = info.value
    assert type(err).__name__ == expect["error"], str(err)
    for name in expect.get("mentions", []):
        assert name in str(err)
    for word in expect.get("words", []):
        assert word in str(err)
    if "secret" in expect:
        for text in (str(err), repr(err), err.message):
            assert expect["secret"] not in text
    stats = emu.stats()["requests"]
    assert stats["accounts"] + stats["account"] + stats["transactions"] == 0
