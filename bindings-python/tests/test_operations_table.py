"""The operations table of ``tests/operations.json`` (shared with the Rust core and the Node
package): every typed operation called through the generated namespaces against the emulator,
blocking and with asyncio, its answer checked against the values the table expects."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Optional

import candescent
import pytest
from candescent.testing import Emulator

TABLE = json.loads(
    (Path(__file__).resolve().parents[2] / "tests" / "operations.json").read_text("utf-8")
)["cases"]
PASSWORD = "emulator-password"


def cases(surface: str) -> list[dict[str, Any]]:
    return [c for c in TABLE if surface in c.get("only", [surface])]


# ----------------------------------------------------------------------------- expectations


def text(v: Any) -> str:
    """A scalar's text, as the Rust runner compares it: numbers exact, booleans lower case."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def decimal(v: Any) -> Optional[Decimal]:
    if isinstance(v, bool) or not isinstance(v, (int, float, str, Decimal)):
        return None
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return None


def subset(path: str, actual: Any, expected: Any) -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for k, ev in expected.items():
            subset(f"{path}.{k}", actual.get(k), ev)
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected an array, got {actual!r}"
        assert len(actual) >= len(expected), (
            f"{path}: expected at least {len(expected)} items, got {len(actual)}"
        )
        for i, (ev, av) in enumerate(zip(expected, actual)):
            subset(f"{path}[{i}]", av, ev)
    elif text(expected) != text(actual):
        want = decimal(expected)
        assert want is not None and want == decimal(actual), (
            f"{path}: expected {expected!r}, got {actual!r}"
        )


def count(actual: Any) -> Optional[int]:
    if isinstance(actual, list):
        return len(actual)
    if isinstance(actual, dict):
        lists = [
            v
            for v in actual.values()
            if isinstance(v, list) and all(isinstance(x, dict) for x in v)
        ]
        return len(lists[0]) if len(lists) == 1 else None
    return None


def check(case: dict[str, Any], outcome: Any, error: Optional[BaseException]) -> None:
    expect = case["expect"]
    if error is not None:
        assert type(error).__name__ == expect.get("error"), f"failed with {error!r}"
        return
    assert "error" not in expect, f"expected {expect['error']}, got {outcome!r}"
    if expect.get("empty"):
        assert outcome is None, f"expected no result, got {outcome!r}"
    if "count" in expect:
        assert count(outcome) == expect["count"], f"expected {expect['count']} items"
    if "complete" in expect:
        subset("complete", outcome["complete"], expect["complete"])
    if "json" in expect:
        subset("result", outcome, expect["json"])


# ----------------------------------------------------------------------------- calls


def wire(value: Any) -> Any:
    """A result as the server's JSON: the model's own, a pager's items, a partial success as
    ``{complete, result}``."""
    if isinstance(value, candescent.Partial):
        return {"complete": value.complete, "result": wire(value.result)}
    if isinstance(value, candescent.Model):
        return value.to_dict()
    if isinstance(value, list):
        return [wire(v) for v in value]
    return value


def arguments(case: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """Path parameters then the body positionally, as users pass them; the rest by keyword."""
    positional = list(case.get("path", {}).values())
    if "body" in case:
        positional.append(case["body"])
    kwargs = {
        k: v["bytes"].encode() if isinstance(v, dict) and "bytes" in v else v
        for k, v in case.get("args", {}).items()
    }
    return positional, kwargs


def method(owner: Any, name: str) -> Any:
    for part in name.split("."):
        owner = getattr(owner, part)
    return owner


def test_every_operation_of_the_table_has_a_python_case() -> None:
    named = {name for _id, name, typed in candescent._native.operations() if typed}
    assert named <= {c["op"] for c in cases("python")}
    assert named <= {c["op"] for c in cases("python_async")}


def test_every_operation_answers_with_its_values_blocking() -> None:
    failures = []
    with Emulator() as emu, emu.client() as client:
        with client.user_session("testUser", PASSWORD) as user:
            for case in cases("python"):
                owner = user if case.get("as") == "user" else client
                args, kwargs = arguments(case)
                outcome, error = None, None
                try:
                    answer = method(owner, case["op"])(*args, **kwargs)
                    if isinstance(answer, candescent.Pager):
                        answer = list(answer)
                    outcome = wire(answer)
                except candescent.CandescentError as e:
                    error = e
                try:
                    check(case, outcome, error)
                except AssertionError as e:
                    failures.append(f"{case['name']}: {e}")
    assert not failures, "\n".join(failures)


def test_every_operation_answers_with_its_values_asyncio() -> None:
    async def run() -> list[str]:
        failures = []
        with Emulator() as emu:
            async with emu.async_client() as client:
                async with await client.user_session("testUser", PASSWORD) as user:
                    for case in cases("python_async"):
                        owner = user if case.get("as") == "user" else client
                        args, kwargs = arguments(case)
                        outcome, error = None, None
                        try:
                            answer = method(owner, case["op"])(*args, **kwargs)
                            if isinstance(answer, candescent.AsyncPager):
                                answer = [item async for item in answer]
                            else:
                                answer = await answer
                            outcome = wire(answer)
                        except candescent.CandescentError as e:
                            error = e
                        try:
                            check(case, outcome, error)
                        except AssertionError as e:
                            failures.append(f"{case['name']}: {e}")
        return failures

    failures = asyncio.run(run())
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("expected", "actual"),
    [({"a": "1.50"}, {"a": Decimal("1.5")}), ([{"x": True}], [{"x": True, "y": 1}])],
)
def test_the_expectations_compare_values_as_the_rust_runner_does(
    expected: Any, actual: Any
) -> None:
    subset("result", actual, expected)
