"""Shared fixtures: one embedded emulator per session, reset before every test, and an `api`
fixture that runs the same calls through `Client` and `AsyncClient`."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import candescent
import pytest
from candescent.testing import Emulator

USER = "1234567890"
LOGIN = "testUser"
# The example user's everyday checking account: the fixture transactions and the tricky amounts.
CHECKING = "paGLhmRdxuDF_VkBwZvT0chXiDxJz6QubT5bViQb1u8"
# From list-accounts.json: availableBalance 501306.06, masked number 0101.
BUSINESS = "FJLqiQAy1lvswlZXcu9rA0mD8ohakVblGGbi-f-r29A"
# The emulator's opt-in user whose data goes beyond the spec.
FUTURE_USER = "future-values"
# That user's account with fields the spec does not list (hostAccountNumber, ownershipType).
LEGACY = "Zq3vT8mW1xYb2Nc4Rd5Sf6Gh7Jk8Lm9Np0Qr1St2Uv3"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own CANDESCENT_* variables must not leak into the tests."""
    import os

    for name in list(os.environ):
        if name.startswith("CANDESCENT_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    with Emulator(token_ttl=3600) as emu:
        yield emu


@pytest.fixture
def emu(emulator: Emulator) -> Emulator:
    emulator.reset()
    return emulator


class Api:
    """The §7 calls, made through one client of either kind."""

    def __init__(self, kind: str, emu: Emulator, **overrides: Any) -> None:
        self.kind = kind
        self.client: Any = (
            emu.client(**overrides) if kind == "sync" else emu.async_client(**overrides)
        )

    def _run(self, value: Any) -> Any:
        return asyncio.run(_await(value)) if self.kind == "async" else value

    def list(self, **kwargs: Any) -> candescent.AccountList:
        if self.kind == "sync":
            return self.client.accounts.list(**kwargs)
        return self._run(self.client.accounts.list(**kwargs))

    def get(self, account_id: str, **kwargs: Any) -> candescent.Account:
        if self.kind == "sync":
            return self.client.accounts.get(account_id, **kwargs)
        return self._run(self.client.accounts.get(account_id, **kwargs))

    def transactions(self, **kwargs: Any) -> list[candescent.Transaction]:
        if self.kind == "sync":
            return list(self.client.transactions.list(**kwargs))

        async def collect() -> list[candescent.Transaction]:
            return [t async for t in self.client.transactions.list(**kwargs)]

        return asyncio.run(collect())

    def access_token(self) -> str:
        if self.kind == "sync":
            return self.client.access_token()
        return self._run(self.client.access_token())

    def close(self) -> None:
        if self.kind == "sync":
            self.client.close()
        else:
            self._run(self.client.close())


async def _await(awaitable: Any) -> Any:
    return await awaitable


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def api(kind: str, emu: Emulator) -> Iterator[Api]:
    a = Api(kind, emu)
    yield a
    a.close()


@pytest.fixture
def make_api(kind: str, emu: Emulator) -> Iterator[Any]:
    made: list[Api] = []

    def make(**overrides: Any) -> Api:
        a = Api(kind, emu, **overrides)
        made.append(a)
        return a

    yield make
    for a in made:
        a.close()
