"""``AsyncClient``: every call an ``async def``, so it behaves like any coroutine.

An un-awaited call sends nothing and Python warns "coroutine ... was never awaited"; cancelling
the task that awaits a call cancels the request. The work itself is the native client's: each
native method returns an asyncio future driven by the Rust runtime.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Optional

from ._native import (
    Account,
    AccountList,
    AsyncAccountGroupIterator,
    AsyncTransactionIterator,
    CustomerProfile,
    RawResponse,
    Response,
)
from ._native import AsyncClient as _NativeAsyncClient

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._native import AsyncAccounts as _NativeAsyncAccounts
    from ._native import AsyncCustomers as _NativeAsyncCustomers
    from ._native import AsyncRawAccounts as _NativeAsyncRawAccounts
    from ._native import AsyncTransactions as _NativeAsyncTransactions
    from ._native import AsyncUserSession as _NativeAsyncUserSession

__all__ = [
    "AsyncClient",
    "AsyncAccounts",
    "AsyncTransactions",
    "AsyncCustomers",
    "AsyncUserSession",
    "AsyncWithRawResponse",
    "AsyncRawAccounts",
]


class AsyncAccounts:
    """``client.accounts`` of an :class:`AsyncClient`."""

    __slots__ = ("_native",)

    def __init__(self, native: _NativeAsyncAccounts) -> None:
        self._native = native

    async def list(self, **params: Any) -> AccountList:
        """A customer's accounts; the parameters of :meth:`candescent.Accounts.list`."""
        return await self._native.list(**params)

    async def get(self, account_id: str, /, **params: Any) -> Account:
        """One account; the parameters of :meth:`candescent.Accounts.get`."""
        return await self._native.get(account_id, **params)

    def groups(self, **params: Any) -> AsyncAccountGroupIterator:
        """``async for group in ...``: a business user's accounts one customer group at a time;
        the parameters of :meth:`candescent.Accounts.groups`."""
        return self._native.groups(**params)

    def __repr__(self) -> str:
        return repr(self._native)


class AsyncCustomers:
    """``client.customers`` of an :class:`AsyncClient`."""

    __slots__ = ("_native",)

    def __init__(self, native: _NativeAsyncCustomers) -> None:
        self._native = native

    async def find(self, **params: Any) -> CustomerProfile:
        """Who a user is and which customers they act for; the parameters of
        :meth:`candescent.Customers.find`."""
        return await self._native.find(**params)

    def __repr__(self) -> str:
        return repr(self._native)


class AsyncRawAccounts:
    """``client.with_raw_response.accounts`` of an :class:`AsyncClient`."""

    __slots__ = ("_native",)

    def __init__(self, native: _NativeAsyncRawAccounts) -> None:
        self._native = native

    async def list(self, **params: Any) -> RawResponse[AccountList]:
        """:meth:`AsyncAccounts.list` with the answer's status, headers and transaction_id."""
        return await self._native.list(**params)

    async def get(self, account_id: str, /, **params: Any) -> RawResponse[Account]:
        """:meth:`AsyncAccounts.get` with the answer's status, headers and transaction_id."""
        return await self._native.get(account_id, **params)


class AsyncWithRawResponse:
    """``client.with_raw_response`` of an :class:`AsyncClient`."""

    __slots__ = ("accounts",)

    def __init__(self, native: _NativeAsyncRawAccounts) -> None:
        self.accounts = AsyncRawAccounts(native)


class AsyncTransactions:
    """``client.transactions`` of an :class:`AsyncClient`."""

    __slots__ = ("_native",)

    def __init__(self, native: _NativeAsyncTransactions) -> None:
        self._native = native

    def list(self, **params: Any) -> AsyncTransactionIterator:
        """``async for txn in ...`` (or ``async for page in ....pages()``); the parameters of
        :meth:`candescent.Transactions.list`."""
        return self._native.list(**params)

    def __repr__(self) -> str:
        return repr(self._native)


class AsyncClient:
    """An asyncio client for the Candescent Digital Banking API; the options of
    :class:`candescent.Client`."""

    __slots__ = ("_native", "accounts", "transactions", "customers", "with_raw_response")

    def __init__(self, **options: Any) -> None:
        self._native = _NativeAsyncClient(**options)
        self.accounts = AsyncAccounts(self._native.accounts)
        self.transactions = AsyncTransactions(self._native.transactions)
        self.customers = AsyncCustomers(self._native.customers)
        self.with_raw_response = AsyncWithRawResponse(self._native.with_raw_response)

    async def request(
        self,
        method: str,
        path: str,
        /,
        *,
        query: Any = None,
        json: Any = None,
        form: Any = None,
        headers: Any = None,
        retry: Optional[bool] = None,
    ) -> Response:
        """A request to any endpoint; the arguments of :meth:`candescent.Client.request`."""
        return await self._native.request(
            method, path, query=query, json=json, form=form, headers=headers, retry=retry
        )

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._native.closed

    @property
    def is_closed(self) -> bool:
        """Alias of :attr:`closed`."""
        return self._native.closed

    @property
    def base_url(self) -> str:
        """Where requests go, e.g. ``https://api.candescent.com/digitalbanking/stage``."""
        return self._native.base_url

    @property
    def institution_id(self) -> str:
        """The financial institution's id the client was configured with."""
        return self._native.institution_id

    async def access_token(self) -> str:
        """The current access token, fetched or refreshed if needed."""
        return await self._native.access_token()

    async def close(self) -> None:
        """Revoke the token (best effort) and make the client unusable."""
        await self._native.close()

    async def user_session(self, username: str, password: str) -> AsyncUserSession:
        """Sign a user in with the ``password`` grant; see
        :meth:`candescent.Client.user_session`."""
        return AsyncUserSession(await self._native.user_session(username, password))

    async def exchange_code(
        self, code: str, redirect_uri: Optional[str] = None
    ) -> AsyncUserSession:
        """Exchange an OpenID Connect authorization code for the user's session; see
        :meth:`candescent.Client.exchange_code`."""
        return AsyncUserSession(await self._native.exchange_code(code, redirect_uri))

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return repr(self._native)


class AsyncUserSession:
    """A signed-in user's session of an :class:`AsyncClient`: its calls carry the user's own
    token and need no ``host_user_id``/``login_id``. ``async with`` or :meth:`close` revokes
    the access token and the refresh token."""

    __slots__ = ("_native", "accounts", "transactions")

    def __init__(self, native: _NativeAsyncUserSession) -> None:
        self._native = native
        self.accounts = AsyncAccounts(native.accounts)
        self.transactions = AsyncTransactions(native.transactions)

    @property
    def id_token(self) -> Optional[str]:
        """The OpenID Connect ID token, when the grant returned one."""
        return self._native.id_token

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._native.closed

    async def access_token(self) -> str:
        """The user's current access token, renewed if needed."""
        return await self._native.access_token()

    async def close(self) -> None:
        """Revoke the access token and the refresh token (best effort); the client stays open."""
        await self._native.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return repr(self._native)
