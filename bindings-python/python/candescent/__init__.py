"""Python client for the Candescent Digital Banking API.

A thin, typed skin over the Rust core crate ``candescent``: the same configuration, token cache,
retries and errors as every other language of the SDK.

>>> import candescent
>>> with candescent.Client() as client:  # reads CANDESCENT_* variables
...     for account in client.accounts.list(host_user_id="1234567890"):
...         print(account.id, account.current_balance)
"""

from __future__ import annotations

import logging as _logging
from collections.abc import Mapping as _Mapping

from ._async import (
    AsyncAccounts,
    AsyncClient,
    AsyncCustomers,
    AsyncRawAccounts,
    AsyncTransactions,
    AsyncUserSession,
    AsyncWithRawResponse,
)
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
    AccountGroup,
    AccountGroupIterator,
    AccountList,
    Accounts,
    AccountStatus,
    AccountType,
    AllowedActions,
    AsyncAccountGroupIterator,
    AsyncTransactionIterator,
    AsyncTransactionPages,
    Client,
    Customer,
    CustomerProfile,
    Customers,
    Headers,
    Money,
    RawAccounts,
    RawResponse,
    Response,
    ResponseMeta,
    Transaction,
    TransactionIterator,
    TransactionPages,
    Transactions,
    UserSession,
    WithRawResponse,
    __version__,
    format_accounts,
)

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
    "TransactionPages",
    "AsyncTransactionPages",
    "Customers",
    "AsyncCustomers",
    "AccountGroupIterator",
    "AsyncAccountGroupIterator",
    "UserSession",
    "AsyncUserSession",
    "format_accounts",
    # any endpoint, response metadata
    "Response",
    "Headers",
    "ResponseMeta",
    "RawResponse",
    "WithRawResponse",
    "RawAccounts",
    "AsyncWithRawResponse",
    "AsyncRawAccounts",
    # models
    "Account",
    "AccountList",
    "AccountStatus",
    "AccountType",
    "AllowedActions",
    "AccountGroup",
    "Customer",
    "CustomerProfile",
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

# `Headers` is native; registering it makes `isinstance(headers, Mapping)` true.
_Mapping.register(Headers)

# A library's logger stays silent until the application configures logging: without this, the
# retries logged at WARNING would reach stderr through logging's last-resort handler.
_logging.getLogger("candescent").addHandler(_logging.NullHandler())
