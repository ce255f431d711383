"""Type stubs of ``candescent._async``: the public asyncio classes."""

import os
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Literal, Optional, Union, final

from typing_extensions import Self

from ._native import (
    Account,
    AccountList,
    AsyncAccountGroupIterator,
    AsyncTransactionIterator,
    CustomerProfile,
    DateLike,
    JsonValue,
    Method,
    Params,
    RawResponse,
    Response,
    View,
)
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

@final
class AsyncClient:
    """The asyncio twin of :class:`candescent.Client`: the same arguments; every method is a
    coroutine function."""

    def __init__(
        self,
        *,
        client_id: Optional[str] = None,
        client_secret: Optional[str] = None,
        institution_id: Optional[str] = None,
        environment: Optional[Literal["stage", "production"]] = None,
        base_url: Optional[str] = None,
        scopes: Union[str, Sequence[str], None] = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        connect_timeout: Optional[float] = None,
        deadline: Optional[float] = None,
        credentials_in_body: Optional[bool] = None,
        routes: Optional[
            Mapping[Literal["token", "revoke", "accounts", "transactions", "customers"], str]
        ] = None,
        use_env: bool = True,
        max_response_bytes: Optional[int] = None,
        token_cache: Optional[str] = None,
        token_cache_prefix: Optional[str] = None,
        rate_limit: Optional[str] = None,
        proxy: Union[str, Literal[False], None] = None,
        ca_bundle: Union[str, os.PathLike[str], None] = None,
        trust: Optional[Literal["default", "bundle-only"]] = None,
    ) -> None: ...
    accounts: AsyncAccounts
    transactions: AsyncTransactions
    customers: AsyncCustomers
    with_raw_response: AsyncWithRawResponse
    async def request(
        self,
        method: Method,
        path: str,
        /,
        *,
        query: Optional[Params] = None,
        json: Optional[JsonValue] = None,
        form: Optional[Params] = None,
        headers: Optional[Params] = None,
        retry: Optional[bool] = None,
    ) -> Response:
        """A request to any endpoint: the arguments of :meth:`candescent.Client.request`."""
    @property
    def closed(self) -> bool: ...
    @property
    def is_closed(self) -> bool: ...
    @property
    def base_url(self) -> str: ...
    @property
    def institution_id(self) -> str: ...
    async def access_token(self) -> str: ...
    async def close(self) -> None: ...
    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None: ...
    async def user_session(self, username: str, password: str) -> AsyncUserSession:
        """Sign a user in with the ``password`` grant; the password is kept (as a secret) for
        the session's life. Raises ``AuthenticationError`` when it is refused."""
    async def exchange_code(
        self, code: str, redirect_uri: Optional[str] = None
    ) -> AsyncUserSession:
        """Exchange an OpenID Connect authorization code for the user's session."""

@final
class AsyncUserSession:
    """A signed-in user's session: calls with the user's own token, no user parameters."""

    def __init__(self, native: _NativeAsyncUserSession) -> None: ...
    accounts: AsyncAccounts
    transactions: AsyncTransactions
    @property
    def id_token(self) -> Optional[str]: ...
    @property
    def closed(self) -> bool: ...
    async def access_token(self) -> str: ...
    async def close(self) -> None: ...
    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None: ...

@final
class AsyncAccounts:
    def __init__(self, native: _NativeAsyncAccounts) -> None: ...
    async def list(
        self,
        *,
        host_user_id: Optional[str] = None,
        login_id: Optional[str] = None,
        filter: Optional[str] = None,
        view: Optional[View] = None,
        cross_account: Optional[bool] = None,
        additional_fields: Optional[bool] = None,
        institution_customer_id: Optional[str] = None,
        skip_groups: Optional[int] = None,
    ) -> AccountList: ...
    async def get(
        self,
        account_id: str,
        /,
        *,
        host_user_id: Optional[str] = None,
        login_id: Optional[str] = None,
        view: Optional[View] = None,
        cross_account: Optional[bool] = None,
        additional_fields: Optional[bool] = None,
        institution_customer_id: Optional[str] = None,
    ) -> Account: ...
    def groups(
        self,
        *,
        host_user_id: Optional[str] = None,
        login_id: Optional[str] = None,
        filter: Optional[str] = None,
        view: Optional[View] = None,
        cross_account: Optional[bool] = None,
        additional_fields: Optional[bool] = None,
        skip_groups: Optional[int] = None,
    ) -> AsyncAccountGroupIterator: ...

@final
class AsyncCustomers:
    def __init__(self, native: _NativeAsyncCustomers) -> None: ...
    async def find(
        self, *, login_id: Optional[str] = None, host_user_id: Optional[str] = None
    ) -> CustomerProfile: ...

@final
class AsyncTransactions:
    def __init__(self, native: _NativeAsyncTransactions) -> None: ...
    def list(
        self,
        *,
        account_id: str,
        host_user_id: Optional[str] = None,
        login_id: Optional[str] = None,
        start_date: Optional[DateLike] = None,
        end_date: Optional[DateLike] = None,
        filter: Optional[str] = None,
        retrieve_future_transactions: Optional[bool] = None,
        is_credit_transaction: Optional[bool] = None,
        additional_fields: Optional[bool] = None,
        institution_customer_id: Optional[str] = None,
        page_size: Optional[int] = None,
    ) -> AsyncTransactionIterator: ...

@final
class AsyncWithRawResponse:
    accounts: AsyncRawAccounts
    def __init__(self, native: _NativeAsyncRawAccounts) -> None: ...

@final
class AsyncRawAccounts:
    def __init__(self, native: _NativeAsyncRawAccounts) -> None: ...
    async def list(
        self,
        *,
        host_user_id: Optional[str] = None,
        login_id: Optional[str] = None,
        filter: Optional[str] = None,
        view: Optional[View] = None,
        cross_account: Optional[bool] = None,
        additional_fields: Optional[bool] = None,
        institution_customer_id: Optional[str] = None,
        skip_groups: Optional[int] = None,
    ) -> RawResponse[AccountList]: ...
    async def get(
        self,
        account_id: str,
        /,
        *,
        host_user_id: Optional[str] = None,
        login_id: Optional[str] = None,
        view: Optional[View] = None,
        cross_account: Optional[bool] = None,
        additional_fields: Optional[bool] = None,
        institution_customer_id: Optional[str] = None,
    ) -> RawResponse[Account]: ...
