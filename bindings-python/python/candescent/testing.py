"""Test your code offline against the Candescent emulator embedded in this package.

The emulator is the same in-memory server as the ``candescent-emulator`` binary, running inside
this process on the SDK's own runtime: no network, no credentials, no separate program.

    from candescent.testing import Emulator

    with Emulator(token_ttl=3600) as emu:
        with emu.client() as client:
            accounts = client.accounts.list(host_user_id="1234567890")

A pytest fixture (put it in your ``conftest.py``)::

    import pytest
    from candescent.testing import Emulator

    @pytest.fixture(scope="session")
    def emulator():
        with Emulator() as emu:
            yield emu

    @pytest.fixture
    def emu(emulator):
        emulator.reset()          # faults, counters and tokens cleared between tests
        yield emulator
        emulator.reset()          # a fault a test injected never reaches the next one

    def test_balance(emu):
        with emu.client() as client:
            assert len(client.accounts.list(host_user_id="1234567890")) > 0
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Optional, TypedDict, cast

from ._async import AsyncClient
from ._client import Client
from ._native import Emulator as _NativeEmulator

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "Emulator",
    "EmulatorStats",
    "RouteCounts",
    "GrantCounts",
    "RevokedCounts",
    "EXAMPLE_HOST_USER_ID",
    "EXAMPLE_LOGIN_ID",
]

#: The example user of the API documentation; owns the fixture accounts and transactions.
EXAMPLE_HOST_USER_ID = "1234567890"
#: The same user, by login id.
EXAMPLE_LOGIN_ID = "testUser"


class RouteCounts(TypedDict):
    """Requests per route, whatever their outcome (faulted and refused ones too)."""

    token: int
    revoke: int
    accounts: int
    account: int
    transactions: int
    disclosures: int


class GrantCounts(TypedDict):
    """Token requests answered 200, per grant type."""

    client_credentials: int
    password: int
    authorization_code: int
    refresh_token: int


class RevokedCounts(TypedDict):
    """Live tokens revoked through the revoke endpoint."""

    access_tokens: int
    refresh_tokens: int


class _StatsRequired(TypedDict):
    requests: RouteCounts
    tokens_issued: int
    grants: GrantCounts
    revoked: RevokedCounts


class EmulatorStats(_StatsRequired, total=False):
    """The admin API's ``GET /__emulator/stats``. ``operations`` counts requests per
    ``operationId`` on emulators that serve the whole table (absent on older ones)."""

    operations: dict[str, int]


class Emulator:
    """A local Candescent API serving on ``base_url`` until :meth:`close`.

    Users of the form ``gen-<N>`` own ``N`` generated accounts, for load tests.
    """

    def __init__(
        self,
        *,
        token_ttl: float = 3600.0,
        client_id: Optional[str] = None,
        client_secret: Optional[str] = None,
        institution_id: Optional[str] = None,
        latency_ms: int = 0,
        host: str = "127.0.0.1",
        port: int = 0,
        allowed_scopes: Optional[Sequence[str]] = None,
    ) -> None:
        self._native = _NativeEmulator(
            host=host,
            port=port,
            client_id=client_id,
            client_secret=client_secret,
            institution_id=institution_id,
            token_ttl=token_ttl,
            latency_ms=latency_ms,
            allowed_scopes=list(allowed_scopes) if allowed_scopes is not None else None,
        )

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``"""
        return self._native.base_url

    @property
    def client_id(self) -> str:
        return self._native.client_id

    @property
    def client_secret(self) -> str:
        return self._native.client_secret

    @property
    def institution_id(self) -> str:
        return self._native.institution_id

    def stats(self) -> EmulatorStats:
        """Request counters, as the admin API's ``GET /__emulator/stats``:
        ``{"requests": {"token": n, "revoke": n, "accounts": n, "account": n,
        "transactions": n, "disclosures": n}, "tokens_issued": n,
        "grants": {"client_credentials": n, "password": n, "authorization_code": n,
        "refresh_token": n},
        "revoked": {"access_tokens": n, "refresh_tokens": n}}``, and ``"operations":
        {operationId: n}`` where the emulator counts them."""
        return cast(EmulatorStats, self._native.stats())

    def inject_fault(
        self,
        *,
        route: str,
        kind: str,
        count: int = 1,
        status: Optional[int] = None,
        code: Optional[str] = None,
        retry_after: Optional[int] = None,
        stall_ms: Optional[int] = None,
        body: Optional[str] = None,
        content_type: Optional[str] = None,
        size: Optional[int] = None,
        location: Optional[str] = None,
    ) -> None:
        """Make the next ``count`` requests to ``route`` (``token``, ``revoke``, ``accounts``,
        ``account``, ``transactions``, ``disclosures`` or ``any``) misbehave: ``kind`` is
        ``status`` (answer ``status``/``code``, with ``Retry-After: retry_after``), ``reset``
        (drop the connection), ``stall`` (wait ``stall_ms`` first), ``malformed`` (an unparseable
        2xx body), ``body`` (answer ``status`` with ``body`` of ``content_type``; ``{secret}``,
        ``{basic}``, ``{form}`` and ``{token}`` in it echo the credentials), ``truncated``
        (the connection drops mid-body), ``oversized`` (a body of ``size`` bytes) or
        ``redirect`` (``status`` 3xx to ``location``)."""
        self._native.inject_fault(
            route=route,
            kind=kind,
            count=count,
            status=status,
            code=code,
            retry_after=retry_after,
            stall_ms=stall_ms,
            body=body,
            content_type=content_type,
            size=size,
            location=location,
        )

    def expire_tokens(self, *, refresh_tokens: bool = True) -> None:
        """Every token issued so far expires now; with ``refresh_tokens=False`` only the
        access tokens, so a signed-in user's session renews its token with one refresh."""
        self._native.expire_tokens(refresh_tokens=refresh_tokens)

    def authorization_code(self, login_id: str = "testUser") -> str:
        """A one-time OpenID Connect authorization code for the user ``login_id``, issued to
        this emulator's own application (as your redirect URI would receive it): pass it to
        :meth:`candescent.Client.exchange_code`. The user's password is ``emulator-password``."""
        return self._native.authorization_code(login_id)

    def revoke_tokens(self) -> None:
        """Every token issued so far is rejected from now on."""
        self._native.revoke_tokens()

    def reset(self) -> None:
        """Clear faults, counters and tokens."""
        self._native.reset()

    def client(self, **overrides: Any) -> Client:
        """A :class:`candescent.Client` pointed at this emulator; ``overrides`` are passed to
        its constructor (``timeout=``, ``max_retries=``, ``scopes=``, ...). ``CANDESCENT_*``
        variables are ignored, so tests do not depend on the developer's shell."""
        return Client(**{**self._client_settings(), **overrides})

    def async_client(self, **overrides: Any) -> AsyncClient:
        """A :class:`candescent.AsyncClient` pointed at this emulator."""
        return AsyncClient(**{**self._client_settings(), **overrides})

    def close(self) -> None:
        """Stop serving (idempotent)."""
        self._native.close()

    def _client_settings(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "institution_id": self.institution_id,
            "use_env": False,
        }

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<candescent.testing.Emulator {self.base_url}>"
