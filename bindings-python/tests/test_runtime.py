"""The shared runtime: concurrency, the GIL, Ctrl-C, fork, configuration."""

from __future__ import annotations

import _thread
import asyncio
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import candescent
import pytest
from candescent.testing import Emulator
from conftest import USER


def test_one_token_for_1000_tasks(emu: Emulator) -> None:
    async def main() -> None:
        async with emu.async_client() as client:
            results = await asyncio.gather(
                *(client.accounts.list(host_user_id=USER) for _ in range(1000))
            )
        assert all(len(r) == len(results[0]) > 0 for r in results)

    asyncio.run(main())
    stats = emu.stats()
    assert stats["requests"]["token"] == 1
    assert stats["requests"]["accounts"] == 1000


def test_event_loops_in_many_threads_and_one_after_another(emu: Emulator) -> None:
    """Results reach the loop that made each call, whichever thread runs it, and a new loop on
    the same thread after the last one closed (with calls still in flight) works at once."""
    client = emu.async_client()

    async def burst(n: int) -> int:
        lists = await asyncio.gather(*(client.accounts.list(host_user_id=USER) for _ in range(n)))
        return sum(len(x) for x in lists)

    expected = asyncio.run(burst(1))
    with ThreadPoolExecutor(max_workers=4) as pool:
        totals = list(pool.map(lambda _: asyncio.run(burst(100)), range(8)))
    assert totals == [expected * 100] * 8

    emu.inject_fault(route="accounts", kind="stall", stall_ms=500, count=1)

    async def abandon() -> None:
        asyncio.ensure_future(client.accounts.list(host_user_id=USER))
        await asyncio.sleep(0.05)

    asyncio.run(abandon())  # the loop closes with the call still in flight
    for _ in range(3):
        assert asyncio.run(burst(20)) == expected * 20
    asyncio.run(client.close())  # type: ignore[arg-type]


def test_create_task_and_run_accept_calls(emu: Emulator) -> None:
    client = emu.async_client()
    # Calls made outside any event loop are awaited later, like `async def` coroutines.
    call = client.accounts.list(host_user_id=USER)
    assert len(asyncio.run(call)) > 0  # type: ignore[arg-type]

    async def main() -> int:
        task = asyncio.create_task(client.accounts.list(host_user_id=USER))  # type: ignore[arg-type]
        return len(await task)

    assert asyncio.run(main()) > 0
    asyncio.run(client.close())  # type: ignore[arg-type]


def test_cancelled_task(emu: Emulator) -> None:
    emu.inject_fault(route="accounts", kind="stall", stall_ms=2000, count=1)

    async def main() -> None:
        async with emu.async_client() as client:
            task = asyncio.ensure_future(client.accounts.list(host_user_id=USER))
            await asyncio.sleep(0.2)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert len(await client.accounts.list(host_user_id=USER)) > 0

    asyncio.run(main())


def test_one_token_for_200_threads(emu: Emulator) -> None:
    with emu.client() as client:
        barrier = threading.Barrier(200)

        def call(_: int) -> int:
            barrier.wait()
            return len(client.accounts.list(host_user_id=USER))

        with ThreadPoolExecutor(max_workers=200) as pool:
            sizes = list(pool.map(call, range(200)))
    assert len(set(sizes)) == 1
    stats = emu.stats()
    assert stats["requests"]["token"] == 1
    assert stats["requests"]["accounts"] == 200


def test_gil_is_released_while_waiting(emu: Emulator) -> None:
    counter = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal counter
        while not stop.is_set():
            counter += 1

    with emu.client(timeout=10.0) as client:
        client.access_token()
        emu.inject_fault(route="accounts", kind="stall", stall_ms=2000, count=1)
        worker = threading.Thread(target=count)
        worker.start()
        try:
            time.sleep(0.05)
            before = counter
            started = time.monotonic()
            client.accounts.list(host_user_id=USER)
            waited = time.monotonic() - started
            during = counter - before
        finally:
            stop.set()
            worker.join()
    assert waited >= 1.9
    # A thread starved of the GIL would count (almost) nothing in two seconds.
    assert during > 100_000


def test_ctrl_c_interrupts_a_blocking_call(emu: Emulator) -> None:
    with emu.client(timeout=30.0, max_retries=0) as client:
        client.access_token()
        # More than one: a request of an earlier test still in flight must not take the only stall.
        emu.inject_fault(route="accounts", kind="stall", stall_ms=10_000, count=10)
        timer = threading.Timer(0.3, _thread.interrupt_main)
        timer.start()
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            client.accounts.list(host_user_id=USER)
        assert time.monotonic() - started < 2.0
        timer.join()
        # The client is still usable afterwards.
        emu.reset()
        assert len(client.accounts.list(host_user_id=USER)) > 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork(emu: Emulator) -> None:
    parent = emu.client()
    parent.accounts.list(host_user_id=USER)  # the runtime and the pool are live before fork
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: report through the pipe, never return into pytest
        code = 1
        try:
            try:
                parent.accounts.list(host_user_id=USER)
                first = "ok"
            except candescent.CandescentError as e:
                first = "error:" + str(e)
            fresh = emu.client()
            n = len(fresh.accounts.list(host_user_id=USER))
            fresh.close()
            parent.close()  # a no-op in the child, must not hang
            os.write(write_end, f"{first}|{n}".encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    deadline = time.monotonic() + 20
    status = None
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        pytest.fail("the child hung")
    report = os.read(read_end, 4096).decode()
    os.close(read_end)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, report
    first, n = report.split("|")
    assert first == "ok" or (
        "created in process" in first and "create a new client after fork" in first
    ), first
    assert int(n) > 0
    # The parent is unaffected.
    assert len(parent.accounts.list(host_user_id=USER)) > 0
    parent.close()


# ----------------------------------------------------------------------------- configuration


def test_missing_configuration_names_the_variable() -> None:
    with pytest.raises(candescent.ConfigurationError) as info:
        candescent.Client()
    assert "CANDESCENT_CLIENT_ID" in str(info.value)
    with pytest.raises(candescent.ConfigurationError) as info:
        candescent.AsyncClient(client_id="id")
    assert "CANDESCENT_CLIENT_SECRET" in str(info.value)
    with pytest.raises(candescent.ConfigurationError) as info:
        candescent.Client(client_id="id", client_secret="secret")
    assert "CANDESCENT_INSTITUTION_ID" in str(info.value)


def test_configuration_from_environment(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANDESCENT_CLIENT_ID", emu.client_id)
    monkeypatch.setenv("CANDESCENT_CLIENT_SECRET", emu.client_secret)
    monkeypatch.setenv("CANDESCENT_INSTITUTION_ID", emu.institution_id)
    monkeypatch.setenv("CANDESCENT_BASE_URL", emu.base_url)
    with candescent.Client() as client:
        assert len(client.accounts.list(host_user_id=USER)) > 0
    with pytest.raises(candescent.ConfigurationError):
        candescent.Client(use_env=False)


def test_bad_environment_name(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = {"client_id": "id", "client_secret": "secret", "institution_id": "00016"}
    with pytest.raises(candescent.ConfigurationError) as info:
        candescent.Client(environment="moon", **settings)  # type: ignore[arg-type]
    assert "moon" in str(info.value)
    monkeypatch.setenv("CANDESCENT_ENVIRONMENT", "moon")
    with pytest.raises(candescent.ConfigurationError) as info:
        candescent.Client(**settings)
    assert "CANDESCENT_ENVIRONMENT" in str(info.value)


def test_bad_numbers_are_configuration_errors() -> None:
    settings = {
        "client_id": "id",
        "client_secret": "secret",
        "institution_id": "00016",
        "base_url": "http://127.0.0.1:9",
    }
    for bad in ({"timeout": -1.0}, {"timeout": float("nan")}, {"max_retries": -1}):
        with pytest.raises(candescent.ConfigurationError):
            candescent.Client(**settings, **bad)  # type: ignore[arg-type]
    with pytest.raises(candescent.ConfigurationError, match="timeout must be a number of seconds"):
        candescent.Client(**settings, timeout="soon")  # type: ignore[arg-type]


def test_plain_http_to_a_remote_host_is_refused() -> None:
    with pytest.raises(candescent.ConfigurationError):
        candescent.Client(
            client_id="id",
            client_secret="secret",
            institution_id="00016",
            base_url="http://api.example.com",
        )


def test_production_and_stage_construct_without_traffic() -> None:
    for env in ("stage", "production"):
        client = candescent.Client(
            client_id="id", client_secret="secret", institution_id="00016", environment=env
        )
        assert not client.is_closed
        assert not client.closed
        assert client.base_url.startswith("https://api.candescent.com/digitalbanking")


def test_route_overrides(emu: Emulator) -> None:
    with emu.client(routes={"accounts": "/v1/accounts", "token": "/oauth2/v1/token"}) as client:
        assert len(client.accounts.list(host_user_id=USER)) > 0
    with emu.client(routes={"accounts": "/nowhere/accounts"}, max_retries=0) as client:
        with pytest.raises(candescent.NotFoundError):
            client.accounts.list(host_user_id=USER)
    with pytest.raises(candescent.ConfigurationError):
        emu.client(routes={"balances": "/v1/balances"})
