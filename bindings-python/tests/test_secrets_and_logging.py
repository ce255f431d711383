"""Request events reach `logging`; no secret ever shows in a repr, an error or a log line."""

from __future__ import annotations

import asyncio
import base64
import logging

import candescent
import pytest
from candescent.testing import Emulator
from conftest import BUSINESS, CHECKING, USER, Api


def test_request_events_are_logged_at_debug(
    api: Api, emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="candescent")
    api.list(host_user_id=USER)
    records = [r for r in caplog.records if r.name == "candescent"]
    assert len(records) == 2  # token + accounts
    accounts = records[-1]
    assert accounts.levelno == logging.DEBUG
    assert accounts.http_method == "GET"  # type: ignore[attr-defined]
    assert accounts.http_path.endswith("/accounts")  # type: ignore[attr-defined]
    assert "?" not in accounts.http_path  # type: ignore[attr-defined]
    assert accounts.http_status == 200  # type: ignore[attr-defined]
    assert accounts.attempt == 1  # type: ignore[attr-defined]
    assert accounts.elapsed_ms >= 0  # type: ignore[attr-defined]
    assert len(accounts.transaction_id) == 36  # type: ignore[attr-defined]
    assert accounts.transaction_id in accounts.getMessage()  # type: ignore[attr-defined]
    assert "GET" in accounts.getMessage()


def test_retries_are_logged(api: Api, emu: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="candescent")
    api.access_token()
    emu.inject_fault(route="accounts", kind="status", status=503, retry_after=0, count=1)
    caplog.clear()
    api.list(host_user_id=USER)
    attempts = [(r.attempt, r.http_status, r.levelno) for r in caplog.records]  # type: ignore[attr-defined]
    assert attempts == [(1, 503, logging.WARNING), (2, 200, logging.DEBUG)]


def test_failures_are_logged_at_error_even_above_debug(
    api: Api, emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="candescent")
    api.access_token()
    emu.inject_fault(route="accounts", kind="status", status=503, retry_after=0, count=1)
    emu.inject_fault(route="accounts", kind="status", status=404)
    caplog.clear()
    with pytest.raises(candescent.NotFoundError):
        api.list(host_user_id=USER)
    levels = [(r.http_status, r.levelno) for r in caplog.records]  # type: ignore[attr-defined]
    assert levels == [(503, logging.WARNING), (404, logging.ERROR)]


def test_successes_are_not_logged_above_debug(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="candescent")
    api.list(host_user_id=USER)
    assert [r for r in caplog.records if r.name == "candescent"] == []


def test_secrets_appear_nowhere(kind: str, emu: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret = emu.client_secret
    basic = base64.b64encode(f"{emu.client_id}:{secret}".encode()).decode()
    api = Api(kind, emu)
    texts: list[str] = [repr(api.client), repr(api.client.accounts), repr(api.client.transactions)]
    token = api.access_token()
    accounts = api.list(host_user_id=USER)
    texts += [repr(accounts), str(accounts.to_dict())]
    texts += [repr(a) for a in accounts]
    texts.append(repr(api.get(BUSINESS, host_user_id=USER)))
    texts += [repr(t) for t in api.transactions(account_id=CHECKING, host_user_id=USER)[:5]]
    # Errors of every family, including a token-endpoint failure and a second 401.
    for fault in (
        {"route": "accounts", "kind": "status", "status": 401, "code": "ACC_00601", "count": 2},
        {"route": "accounts", "kind": "malformed"},
        {"route": "token", "kind": "status", "status": 401, "code": "CMN_90004"},
    ):
        emu.inject_fault(**fault)  # type: ignore[arg-type]
        if fault["route"] == "token":
            emu.expire_tokens()
        try:
            api.list(host_user_id=USER)
        except candescent.CandescentError as e:
            texts += [str(e), repr(e), repr(e.__dict__), str(e.args)]
        else:
            pytest.fail(f"no error for {fault}")
    bad = Api(kind, emu, client_secret="wrong-" + secret, max_retries=0)
    with pytest.raises(candescent.AuthenticationError) as info:
        bad.list(host_user_id=USER)
    texts += [str(info.value), repr(info.value), repr(bad.client)]
    bad.close()
    api.close()
    texts.append(repr(api.client))
    texts += [r.getMessage() for r in caplog.records]
    texts += [repr(r.__dict__) for r in caplog.records]
    everything = "\n".join(texts)
    assert len(caplog.records) > 5
    for needle in (secret, basic, token):
        assert needle not in everything


def test_async_logging_from_many_tasks(emu: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="candescent")

    async def main() -> None:
        async with emu.async_client() as client:
            await asyncio.gather(*(client.accounts.list(host_user_id=USER) for _ in range(50)))

    asyncio.run(main())
    paths = [r.http_path for r in caplog.records]  # type: ignore[attr-defined]
    assert sum(p.endswith("/accounts") for p in paths) == 50
