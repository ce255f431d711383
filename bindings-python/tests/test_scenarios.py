"""The cross-language scenarios of ``tests/scenarios.json`` (shared with the Rust core and the
Node package), run through both ``Client`` and ``AsyncClient``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import candescent
import pytest
from candescent.testing import Emulator

SCENARIOS = json.loads(
    (Path(__file__).resolve().parents[2] / "tests" / "scenarios.json").read_text("utf-8")
)["scenarios"]


def _amounts(value: Any, out: list[str]) -> list[str]:
    if isinstance(value, dict):
        if "currencyCode" in value and isinstance(value.get("amount"), (Decimal, int)):
            out.append(str(value["amount"]))
        for item in value.values():
            _amounts(item, out)
    elif isinstance(value, list):
        for item in value:
            _amounts(item, out)
    return out


def _resolve(emu: Emulator, params: dict[str, Any]) -> dict[str, Any]:
    resolved = dict(params)
    for key, value in params.items():
        if isinstance(value, str) and value.startswith("@first-account-of:"):
            with emu.client() as client:
                user = value.split(":", 1)[1]
                resolved[key] = client.accounts.list(host_user_id=user).accounts[0].id
    return resolved


def _call(api: Any, method: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    if method == "accounts.list":
        return [a.to_dict() for a in api.list(**params)]
    if method == "accounts.get":
        account_id = params.pop("account_id")
        return [api.get(account_id, **params).to_dict()]
    if method == "transactions.list":
        return [t.to_dict() for t in api.transactions(**params)]
    if method == "access_token":
        token = api.access_token()
        assert isinstance(token, str) and token
        return [{"id": None}]
    raise AssertionError(f"unknown scenario method {method}")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario(scenario: dict[str, Any], emu: Emulator, make_api: Any) -> None:
    params = _resolve(emu, scenario["call"]["params"])
    emu.reset()
    api = make_api(**scenario.get("client", {}))
    for step in scenario.get("setup", []):
        if step.get("warm_up"):
            api.access_token()
        if "fault" in step:
            emu.inject_fault(**step["fault"])
        if step.get("revoke_tokens"):
            emu.revoke_tokens()
        if step.get("expire_tokens"):
            emu.expire_tokens()

    expect = scenario["expect"]
    if "error" in expect:
        error_class = getattr(candescent, expect["error"])
        with pytest.raises(error_class) as caught:
            _call(api, scenario["call"]["method"], params)
        error = caught.value
        assert isinstance(error, candescent.CandescentError)
        if "status" in expect:
            assert error.status == expect["status"]
        if "code" in expect:
            assert error.code == expect["code"]
        if "retry_after" in expect:
            assert error.retry_after == expect["retry_after"]
        if isinstance(error, candescent.ApiError):
            assert error.transaction_id
    else:
        result = _call(api, scenario["call"]["method"], params)
        if "count" in expect:
            assert len(result) == expect["count"]
        if "min_count" in expect:
            assert len(result) >= expect["min_count"]
        ids = [r.get("id") for r in result]
        if expect.get("unique_ids"):
            assert len(set(ids)) == len(ids)
        for wanted in expect.get("ids", []):
            assert wanted in ids
        found = _amounts(result, [])
        for amount in expect.get("amounts", []):
            assert amount in found, f"{amount} not in {found}"

    stats = emu.stats()
    for key, value in scenario.get("stats", {}).items():
        actual = stats["tokens_issued"] if key == "tokens_issued" else stats["requests"][key]
        assert actual == value, f"stats {key}"
