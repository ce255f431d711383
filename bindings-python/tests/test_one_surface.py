"""The surface shared with Node and Rust: `type`, `closed`/`base_url`, `pages()`, coroutines that
behave like any `async def`, a warning for the blocking client inside an event loop, and an
emulator client that ignores the developer's environment."""

from __future__ import annotations

import asyncio
import gc
import logging
import warnings

import candescent
import pytest
from candescent.testing import Emulator
from conftest import CHECKING, USER


def test_base_url_closed_and_aliases(emu: Emulator) -> None:
    client = emu.client()
    assert client.base_url == emu.base_url
    assert client.institution_id == emu.institution_id
    assert client.closed is False and client.is_closed is False
    client.close()
    assert client.closed is True and client.is_closed is True

    async def main() -> None:
        async with emu.async_client() as a:
            assert a.base_url == emu.base_url and not a.closed
        assert a.closed and a.is_closed

    asyncio.run(main())


def test_wire_name_type_and_repr(emu: Emulator) -> None:
    with emu.client() as client:
        account = client.accounts.list(host_user_id=USER)[0]
        assert account.type.value and account.type == account.account_type
        # The nested model shows in full (0.1 showed only its value).
        assert f"type=AccountType(value='{account.type.value}'" in repr(account)
        txn = next(iter(client.transactions.list(account_id=CHECKING, host_user_id=USER)))
        assert txn.type == txn.transaction_type
        assert "type=" in repr(txn)


def test_pages_sync_and_async(emu: Emulator) -> None:
    with emu.client() as client:
        whole = list(client.transactions.list(account_id=CHECKING, host_user_id=USER))
        pages = list(
            client.transactions.list(account_id=CHECKING, host_user_id=USER, page_size=7).pages()
        )
    assert all(1 <= len(p) <= 7 for p in pages)
    assert [t for p in pages for t in p] == whole

    async def main() -> list[list[candescent.Transaction]]:
        async with emu.async_client() as client:
            it = client.transactions.list(account_id=CHECKING, host_user_id=USER, page_size=7)
            return [page async for page in it.pages()]

    assert asyncio.run(main()) == pages


def test_an_unawaited_call_warns_and_sends_nothing(emu: Emulator) -> None:
    client = emu.async_client()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.accounts.list(host_user_id=USER)  # no await
        gc.collect()
    assert any("was never awaited" in str(w.message) for w in caught)
    assert emu.stats()["requests"]["accounts"] == 0


def test_cancelling_the_task_cancels_the_request(emu: Emulator) -> None:
    emu.inject_fault(route="accounts", kind="stall", stall_ms=3000, count=1)

    async def main() -> None:
        async with emu.async_client() as client:
            task = asyncio.create_task(client.accounts.list(host_user_id=USER))
            await asyncio.sleep(0.3)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert task.cancelled()

    asyncio.run(main())


def test_the_blocking_client_in_an_event_loop_warns_once(
    emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    client = emu.client()

    async def main() -> None:
        client.accounts.list(host_user_id=USER)
        client.accounts.list(host_user_id=USER)

    with caplog.at_level(logging.WARNING, logger="candescent"):
        asyncio.run(main())
        client.accounts.list(host_user_id=USER)  # outside a loop: nothing to say
    warned = [r for r in caplog.records if "AsyncClient" in r.getMessage()]
    assert len(warned) == 1
    assert warned[0].levelno == logging.WARNING
    client.close()


def test_emulator_client_ignores_the_environment(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CANDESCENT_SCOPES", "nonsense:scope")
    monkeypatch.setenv("CANDESCENT_TIMEOUT", "not-a-number")
    with emu.client() as client:
        assert len(client.accounts.list(host_user_id=USER)) > 0

    async def main() -> int:
        async with emu.async_client() as client:
            return len(await client.accounts.list(host_user_id=USER))

    assert asyncio.run(main()) > 0


def test_the_demo_table() -> None:
    with Emulator() as emu, emu.client() as client:
        table = candescent.format_accounts(client.accounts.list(host_user_id=USER))
    lines = table.splitlines()
    assert lines[0].split() == ["NUMBER", "NAME", "CATEGORY", "TYPE", "AVAILABLE"]
    assert lines[1].startswith("****0101")
    assert "501306.06 USD" in table
