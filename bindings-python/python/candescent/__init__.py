"""Python client for the Candescent Digital Banking API.

A thin, typed skin over the Rust core crate ``candescent``: the same configuration, token cache,
retries and errors as every other language of the SDK.

>>> import candescent
>>> with candescent.Client() as client:  # reads CANDESCENT_* variables
...     for account in client.accounts.list(host_user_id="1234567890"):
...         print(account.id, account.current_balance)
"""

from __future__ import annotations

from collections.abc import Mapping as _Mapping
from typing import TYPE_CHECKING

from . import _models
from ._async import AsyncClient, AsyncUserSession
from ._client import Client, UserSession
from ._errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    CandescentError,
    ClientClosedError,
    ConfigurationError,
    DecodeError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from ._models import *  # noqa: F403 - every model, as _models.__all__ lists them
from ._native import (
    AsyncPager,
    AsyncPages,
    Headers,
    ListModel,
    Model,
    Pager,
    Pages,
    Partial,
    RawResponse,
    Response,
    ResponseMeta,
    __version__,
    format_accounts,
)
from .resources import (
    Accounts,
    AsyncAccounts,
    AsyncCustomers,
    AsyncRawAccounts,
    AsyncTransactions,
    AsyncWithRawResponse,
    Customers,
    RawAccounts,
    Transactions,
    WithRawResponse,
)

# The iterators of 0.1, now the generic pagers of every paged operation.
if TYPE_CHECKING:
    from typing_extensions import TypeAlias

    from ._models import AccountGroup, Transaction

    TransactionIterator: TypeAlias = Pager[Transaction]
    TransactionPages: TypeAlias = Pages[Transaction]
    AsyncTransactionIterator: TypeAlias = AsyncPager[Transaction]
    AsyncTransactionPages: TypeAlias = AsyncPages[Transaction]
    AccountGroupIterator: TypeAlias = Pager[AccountGroup]
    AsyncAccountGroupIterator: TypeAlias = AsyncPager[AccountGroup]
else:
    TransactionIterator = AccountGroupIterator = Pager
    TransactionPages = Pages
    AsyncTransactionIterator = AsyncAccountGroupIterator = AsyncPager
    AsyncTransactionPages = AsyncPages

__all__ = [
    "__version__",
    # clients
    "Client",
    "AsyncClient",
    "UserSession",
    "AsyncUserSession",
    "format_accounts",
    # pages, partial answers, any endpoint, response metadata
    "Pager",
    "Pages",
    "AsyncPager",
    "AsyncPages",
    "Partial",
    "Response",
    "Headers",
    "ResponseMeta",
    "RawResponse",
    # the names of 0.1 (the operations of every namespace are in candescent.resources)
    "Accounts",
    "AsyncAccounts",
    "Transactions",
    "AsyncTransactions",
    "Customers",
    "AsyncCustomers",
    "WithRawResponse",
    "AsyncWithRawResponse",
    "RawAccounts",
    "AsyncRawAccounts",
    "TransactionIterator",
    "AsyncTransactionIterator",
    "TransactionPages",
    "AsyncTransactionPages",
    "AccountGroupIterator",
    "AsyncAccountGroupIterator",
    # models (and every schema's model, below)
    "Model",
    "ListModel",
    # errors
    "CandescentError",
    "ConfigurationError",
    "ValidationError",
    "ApiConnectionError",
    "ApiTimeoutError",
    "DecodeError",
    "ClientClosedError",
    "ApiError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
]
__all__ += _models.__all__

# `Headers` is native; registering it makes `isinstance(headers, Mapping)` true.
_Mapping.register(Headers)

# The `candescent` logger gets its NullHandler from the native module at the first call, so
# that importing the package does not import `logging`.
