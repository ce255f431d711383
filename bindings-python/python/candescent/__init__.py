"""Python client for the Candescent Digital Banking API.

A thin, typed skin over the Rust core crate ``candescent``: the same configuration, token cache,
retries and errors as every other language of the SDK.

>>> import candescent
>>> with candescent.Client() as client:  # reads CANDESCENT_* variables
...     for account in client.accounts.list(host_user_id="1234567890"):
...         print(account.id, account.current_balance)
"""

from __future__ import annotations

import collections.abc as _abc
import logging as _logging

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
from ._native import (
    Account,
    AccountList,
    Accounts,
    AccountStatus,
    AccountType,
    AllowedActions,
    AsyncAccounts,
    AsyncClient,
    AsyncTransactionIterator,
    AsyncTransactions,
    Client,
    Money,
    Transaction,
    TransactionIterator,
    Transactions,
    __version__,
)
from ._native import PendingCall as _PendingCall

# AsyncClient methods return a native object that follows the coroutine protocol; registering it
# lets `asyncio.run()` and `asyncio.create_task()` accept it like an `async def` result.
_abc.Coroutine.register(_PendingCall)

__all__ = [
    "__version__",
    # clients
    "Client",
    "AsyncClient",
    "Accounts",
    "AsyncAccounts",
    "Transactions",
    "AsyncTransactions",
    "TransactionIterator",
    "AsyncTransactionIterator",
    # models
    "Account",
    "AccountList",
    "AccountStatus",
    "AccountType",
    "AllowedActions",
    "Money",
    "Transaction",
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

# A library's logger stays silent until the application configures logging: without this, the
# retries logged at WARNING would reach stderr through logging's last-resort handler.
_logging.getLogger("candescent").addHandler(_logging.NullHandler())
