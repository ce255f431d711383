"""Type stubs of the native module ``candescent._native`` (Rust, pyo3)."""

import datetime
import os
from collections.abc import AsyncIterator, Awaitable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from types import TracebackType
from typing import Any, Generic, Literal, Optional, TypeVar, Union, final, overload

from typing_extensions import Self, TypeAlias

__version__: str
CORE_VERSION: str

#: A JSON value as the server sent it; numbers are ``int`` or ``Decimal``, never ``float``.
JsonValue: TypeAlias = Any
DateLike: TypeAlias = Union[datetime.date, str]
View: TypeAlias = Literal["s", "m", "small", "medium"]

# ----------------------------------------------------------------------------- models

@final
class Money:
    @property
    def amount(self) -> Decimal: ...
    @property
    def currency_code(self) -> Optional[str]: ...
    @property
    def extra(self) -> dict[str, JsonValue]: ...
    def to_dict(self) -> dict[str, JsonValue]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class AccountType:
    @property
    def value(self) -> str: ...
    @property
    def fi_raw_account_type(self) -> Optional[JsonValue]: ...
    @property
    def fi_account_type(self) -> Optional[JsonValue]: ...
    @property
    def description(self) -> Optional[str]: ...
    @property
    def extra(self) -> dict[str, JsonValue]: ...
    def to_dict(self) -> dict[str, JsonValue]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class AccountStatus:
    @property
    def open(self) -> Optional[bool]: ...
    @property
    def closed(self) -> Optional[bool]: ...
    @property
    def negative_balance(self) -> Optional[bool]: ...
    @property
    def delinquent(self) -> Optional[bool]: ...
    @property
    def in_collection(self) -> Optional[bool]: ...
    @property
    def over_limit(self) -> Optional[bool]: ...
    @property
    def written_off(self) -> Optional[bool]: ...
    @property
    def credit_balance(self) -> Optional[bool]: ...
    @property
    def payment_coupon(self) -> Optional[bool]: ...
    @property
    def retirement_plan(self) -> Optional[bool]: ...
    @property
    def ret_plan_owned_by_deceased(self) -> Optional[bool]: ...
    @property
    def approved(self) -> Optional[bool]: ...
    @property
    def not_approved(self) -> Optional[bool]: ...
    @property
    def deleted(self) -> Optional[bool]: ...
    @property
    def verified(self) -> Optional[bool]: ...
    @property
    def extra(self) -> dict[str, JsonValue]: ...
    def to_dict(self) -> dict[str, JsonValue]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class AllowedActions:
    @property
    def summary(self) -> Optional[bool]: ...
    @property
    def transfer_from(self) -> Optional[bool]: ...
    @property
    def transfer_to(self) -> Optional[bool]: ...
    @property
    def is_history_enabled(self) -> Optional[bool]: ...
    @property
    def is_history_entitled(self) -> Optional[bool]: ...
    @property
    def is_online_statement_enabled(self) -> Optional[bool]: ...
    @property
    def extra(self) -> dict[str, JsonValue]: ...
    def to_dict(self) -> dict[str, JsonValue]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class Account:
    @property
    def id(self) -> str: ...
    @property
    def institution_user_id(self) -> str: ...
    @property
    def institution_customer_id(self) -> Optional[str]: ...
    @property
    def institution_id(self) -> str: ...
    @property
    def description(self) -> Optional[str]: ...
    @property
    def nick_name(self) -> Optional[str]: ...
    @property
    def account_number(self) -> str:
        """The full value the server sent (masked by the server unless the token has
        ``accounts:read_unmasked``); ``repr()`` shows only the last four digits."""
    @property
    def category(self) -> str:
        """``DEPOSIT``, ``LOAN``, ``INVESTMENT``, ``TIERED_LOAN``, ``CROSS_USER_ACCOUNT`` or any
        newer value the server sends."""
    @property
    def type(self) -> AccountType:
        """The wire field ``type`` (``account_type`` in Rust, where ``type`` is a keyword)."""
    @property
    def account_type(self) -> AccountType:
        """Alias of :attr:`type`, the name of version 0.1."""
    @property
    def primary_holder_name(self) -> Optional[str]: ...
    @property
    def routing_number(self) -> Optional[str]: ...
    @property
    def micr_number(self) -> Optional[str]: ...
    @property
    def tpv_reference(self) -> Optional[str]: ...
    @property
    def tpv_product_code(self) -> Optional[str]: ...
    @property
    def overdraft_account_number(self) -> Optional[str]: ...
    @property
    def interest_rate(self) -> Optional[Decimal]: ...
    @property
    def current_balance(self) -> Optional[Money]: ...
    @property
    def available_balance(self) -> Optional[Money]: ...
    @property
    def last_statement_balance(self) -> Optional[Money]: ...
    @property
    def interest_year_to_date(self) -> Optional[Money]: ...
    @property
    def overdraft_limit(self) -> Optional[Money]: ...
    @property
    def overdraft_available_amount(self) -> Optional[Money]: ...
    @property
    def current_year_eligible_contribution(self) -> Optional[Money]: ...
    @property
    def last_year_eligible_contribution(self) -> Optional[Money]: ...
    @property
    def last_year_max_contribution(self) -> Optional[Money]: ...
    @property
    def escrow_balance(self) -> Optional[Money]: ...
    @property
    def current_principal_balance(self) -> Optional[Money]: ...
    @property
    def next_payment_amount(self) -> Optional[Money]: ...
    @property
    def pay_off_amount(self) -> Optional[Money]: ...
    @property
    def calculated_pay_off_amount(self) -> Optional[Money]: ...
    @property
    def minimum_payment(self) -> Optional[Money]: ...
    @property
    def line_of_credit_limit(self) -> Optional[Money]: ...
    @property
    def last_principal_payment_amount(self) -> Optional[Money]: ...
    @property
    def original_loan_amount(self) -> Optional[Money]: ...
    @property
    def next_payment_date(self) -> Optional[datetime.date]: ...
    @property
    def maturity_date(self) -> Optional[datetime.date]: ...
    @property
    def loan_origination_date(self) -> Optional[datetime.date]: ...
    @property
    def past_principal_due_date(self) -> Optional[datetime.date]: ...
    @property
    def term(self) -> Optional[JsonValue]: ...
    @property
    def status(self) -> Optional[AccountStatus]: ...
    @property
    def allowed_actions(self) -> Optional[AllowedActions]: ...
    @property
    def additional_info(self) -> Optional[JsonValue]: ...
    @property
    def extra(self) -> dict[str, JsonValue]:
        """Every field the server sent that has no attribute of its own."""
    def to_dict(self) -> dict[str, JsonValue]:
        """The server's JSON, numbers exact (``int`` or ``Decimal``)."""
    def __eq__(self, other: object) -> bool: ...

@final
class AccountList:
    @property
    def accounts(self) -> list[Account]: ...
    @property
    def total_group_count(self) -> Optional[int]: ...
    @property
    def extra(self) -> dict[str, JsonValue]: ...
    def to_dict(self) -> dict[str, JsonValue]: ...
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int) -> Account: ...
    @overload
    def __getitem__(self, index: slice) -> list[Account]: ...
    def __iter__(self) -> Iterator[Account]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class Transaction:
    @property
    def id(self) -> str: ...
    @property
    def institution_id(self) -> Optional[str]: ...
    @property
    def institution_user_id(self) -> Optional[str]: ...
    @property
    def institution_customer_id(self) -> Optional[str]: ...
    @property
    def account_id(self) -> Optional[str]: ...
    @property
    def transaction_number(self) -> Optional[str]: ...
    @property
    def transaction_date(self) -> Optional[datetime.date]: ...
    @property
    def effective_date(self) -> Optional[datetime.date]: ...
    @property
    def memo(self) -> Optional[str]: ...
    @property
    def description(self) -> Optional[str]: ...
    @property
    def amount(self) -> Optional[Money]: ...
    @property
    def type(self) -> Optional[str]:
        """The wire field ``type``: an open set of strings."""
    @property
    def transaction_type(self) -> Optional[str]:
        """Alias of :attr:`type`, the name of version 0.1."""
    @property
    def is_credit_transaction(self) -> Optional[bool]: ...
    @property
    def is_exportable(self) -> Optional[bool]: ...
    @property
    def is_pending(self) -> Optional[bool]: ...
    @property
    def additional_info(self) -> Optional[JsonValue]: ...
    @property
    def extra(self) -> dict[str, JsonValue]: ...
    def to_dict(self) -> dict[str, JsonValue]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class Customer:
    """One customer a user acts for; ``repr()`` masks the member number (a business's TIN)."""
    @property
    def customer_id(self) -> str:
        """The id to pass as ``institution_customer_id``."""
    @property
    def member_number(self) -> Optional[str]:
        """The member number; for a business location, its TIN."""
    @property
    def customer_type(self) -> Optional[str]: ...
    @property
    def host_login_id(self) -> Optional[str]: ...
    @property
    def extra(self) -> dict[str, JsonValue]: ...
    def to_dict(self) -> dict[str, JsonValue]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class CustomerProfile:
    """A user and the customers (business locations) they act for: ``customers.find()``."""
    @property
    def user_id(self) -> Optional[str]: ...
    @property
    def fi_id(self) -> Optional[str]: ...
    @property
    def user_name(self) -> Optional[str]: ...
    @property
    def first_name(self) -> Optional[str]: ...
    @property
    def last_name(self) -> Optional[str]: ...
    @property
    def full_name(self) -> Optional[str]: ...
    @property
    def user_type(self) -> Optional[str]: ...
    @property
    def user_role(self) -> Optional[str]: ...
    @property
    def customers(self) -> list[Customer]:
        """In the order of the account groups: customer ``i`` is group ``i``."""
    @property
    def extra(self) -> dict[str, JsonValue]: ...
    def customer(self, member_number: str) -> Optional[tuple[int, Customer]]:
        """``(group_index, customer)`` of the customer with this member number (TIN), or
        ``None``."""
    def to_dict(self) -> dict[str, JsonValue]: ...
    def __eq__(self, other: object) -> bool: ...

@final
class AccountGroup:
    """One customer group (business location) of ``accounts.groups()``."""
    @property
    def index(self) -> int:
        """The group's position, from 0 (its ``skip_groups``)."""
    @property
    def total(self) -> int:
        """How many groups there are."""
    @property
    def customer_id(self) -> Optional[str]:
        """The location the accounts belong to."""
    @property
    def accounts(self) -> AccountList: ...

# ----------------------------------------------------------------------------- responses

_T = TypeVar("_T")

#: ``query=``, ``form=`` and ``headers=`` of :meth:`Client.request`: a mapping, or a list of
#: ``(name, value)`` pairs; a list value repeats its name, ``None`` leaves it out; ``bool`` is
#: sent as ``true``/``false``.
Scalar: TypeAlias = Union[str, int, float, bool, Decimal, None]
Params: TypeAlias = Union[
    Mapping[str, Union[Scalar, Sequence[Scalar]]], Sequence[tuple[str, Scalar]]
]
Method: TypeAlias = Literal[
    "GET",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "HEAD",
    "OPTIONS",
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "options",
]

@final
class Headers(Mapping[str, str]):
    """The headers of an answer; names are case-insensitive. A header sent several times
    reads as its values joined by ``", "``; :meth:`get_all` gives them apart."""

    def __getitem__(self, name: str) -> str: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...
    def get_all(self, name: str) -> list[str]: ...

@final
class Response:
    """The answer to :meth:`Client.request` (always 2xx: other answers raise the usual errors)."""

    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> Headers: ...
    @property
    def transaction_id(self) -> str:
        """The ``transactionId`` of the attempt that got this answer."""
    @property
    def content(self) -> bytes:
        """The body as received."""
    @property
    def text(self) -> str:
        """The body as UTF-8 text; ``DecodeError`` when it is not."""
    def json(self) -> JsonValue:
        """The body as JSON: numbers with a fraction or an exponent are ``Decimal``, integers
        ``int``; never ``float``."""

@final
class ResponseMeta:
    """Status, headers and ``transactionId`` of an answer."""

    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> Headers: ...
    @property
    def transaction_id(self) -> str: ...

@final
class RawResponse(Generic[_T]):
    """A typed call's answer with its metadata, from ``client.with_raw_response``."""

    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> Headers: ...
    @property
    def transaction_id(self) -> str: ...
    def parse(self) -> _T:
        """The typed result the call would have returned."""

# ----------------------------------------------------------------------------- blocking client

@final
class Client:
    """A blocking client. Arguments left ``None`` come from the ``CANDESCENT_*`` environment
    variables (``use_env=False`` turns that off), then from the defaults: ``timeout`` 30 s per
    attempt, ``connect_timeout`` 10 s, ``max_retries`` 2, environment ``stage``. ``routes``
    overrides endpoint paths, e.g. ``{"accounts": "/accounts/v1/accounts"}``. ``token_cache``
    shares tokens between processes: ``"file:///path"`` on one machine, ``"redis://…"`` or
    ``"rediss://…"`` for a fleet (sealed with a key derived from the secret; a failing store
    never fails a call). ``rate_limit`` (``"50/s"``, ``"3000/min"``) spaces requests, fleet-wide
    with Redis; a call without a slot before its deadline raises ``RateLimitError``.

    Networks: ``proxy`` is ``"http://[user:password@]host:port"``, or ``"none"``/``False`` for
    direct connections; unset, ``CANDESCENT_PROXY``, then ``HTTPS_PROXY``/``HTTP_PROXY``/
    ``ALL_PROXY`` with ``NO_PROXY`` are read (the standard variables even with
    ``use_env=False``). ``ca_bundle`` is a PEM file of extra certificate authorities (a
    missing or empty one raises ``ConfigurationError`` naming it); the built-in web roots and
    the system's store (or ``SSL_CERT_FILE``) are trusted too, unless
    ``trust="bundle-only"``."""

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
    @property
    def accounts(self) -> Accounts: ...
    @property
    def transactions(self) -> Transactions: ...
    @property
    def customers(self) -> Customers: ...
    @property
    def with_raw_response(self) -> WithRawResponse:
        """The typed calls answering a :class:`RawResponse` (status, headers, transaction_id;
        ``parse()`` gives the result)."""
    def request(
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
        """A request to any endpoint, ``path`` relative to the base URL (``"/v1/..."``), with
        the token, retries and errors of the typed calls. ``json=`` (any JSON value, ``Decimal``
        sent exactly) and ``form=`` exclude each other. Failures are retried for idempotent
        methods, not for POST/PATCH unless ``retry=True``. Refused before any traffic
        (``ValidationError``): absolute URLs outside the base URL, ``.``/``..`` segments,
        control characters, and the headers the SDK owns (Authorization, transactionId,
        institutionId, User-Agent, Host, Content-Length, ...)."""
    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
    @property
    def is_closed(self) -> bool:
        """Alias of :attr:`closed`."""
    @property
    def base_url(self) -> str:
        """Where requests go, e.g. ``https://api.candescent.com/digitalbanking/stage``."""
    @property
    def institution_id(self) -> str: ...
    def access_token(self) -> str:
        """The current access token (fetched or refreshed if needed), for endpoints the SDK
        does not cover yet."""
    def close(self) -> None:
        """Revoke the token (best effort); every later call raises ``ClientClosedError``."""
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> bool: ...
    def user_session(self, username: str, password: str) -> UserSession:
        """Sign a user in with the ``password`` grant and return their session, whose calls
        need no ``host_user_id``/``login_id``. The password is kept (as a secret) for the
        session's life, to sign in again should the server refuse the refresh token. Raises
        ``AuthenticationError`` when the username or password is refused."""
    def exchange_code(self, code: str, redirect_uri: Optional[str] = None) -> UserSession:
        """Exchange an OpenID Connect authorization code (``authorization_code`` grant) for
        the user's session; ``redirect_uri`` is sent when given."""

@final
class UserSession:
    """A signed-in user's session: the client's calls with the user's own token, renewed with
    the refresh token before it expires. ``close()`` (or ``with``) revokes both tokens."""

    @property
    def accounts(self) -> Accounts: ...
    @property
    def transactions(self) -> Transactions: ...
    @property
    def id_token(self) -> Optional[str]:
        """The OpenID Connect ID token, when the grant returned one; never in ``repr``."""
    @property
    def closed(self) -> bool: ...
    def access_token(self) -> str:
        """The user's current access token, renewed if needed."""
    def close(self) -> None:
        """Revoke the access token and the refresh token (best effort); the client stays open."""
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> bool: ...

@final
class Accounts:
    def list(
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
    def get(
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
    ) -> AccountGroupIterator:
        """A business user's accounts one customer group (location) at a time, from group
        ``skip_groups`` (0) to the last."""

@final
class AccountGroupIterator(Iterator[AccountGroup]):
    def __iter__(self) -> Self: ...
    def __next__(self) -> AccountGroup: ...

@final
class Customers:
    def find(
        self, *, login_id: Optional[str] = None, host_user_id: Optional[str] = None
    ) -> CustomerProfile:
        """Who a user is and which customers (business locations) they act for."""

@final
class WithRawResponse:
    @property
    def accounts(self) -> RawAccounts: ...

@final
class RawAccounts:
    def list(
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
    def get(
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

@final
class Transactions:
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
    ) -> TransactionIterator: ...

@final
class TransactionIterator(Iterator[Transaction]):
    def __iter__(self) -> Self: ...
    def __next__(self) -> Transaction: ...
    def pages(self) -> TransactionPages:
        """The remaining transactions a page at a time (lists), as the API returns them."""
    @property
    def last_response(self) -> Optional[ResponseMeta]:
        """Status, headers and transaction_id of the last page read; ``None`` before the first."""

@final
class TransactionPages(Iterator[list[Transaction]]):
    def __iter__(self) -> Self: ...
    def __next__(self) -> list[Transaction]: ...
    @property
    def last_response(self) -> Optional[ResponseMeta]: ...

# ----------------------------------------------------------------------------- asyncio client
# The native half of candescent.AsyncClient (see _async.pyi for the public, typed classes): each
# method returns an asyncio future and needs a running event loop.

@final
class AsyncClient:
    def __init__(self, **options: Any) -> None: ...
    @property
    def accounts(self) -> AsyncAccounts: ...
    @property
    def transactions(self) -> AsyncTransactions: ...
    @property
    def customers(self) -> AsyncCustomers: ...
    @property
    def closed(self) -> bool: ...
    @property
    def base_url(self) -> str: ...
    @property
    def institution_id(self) -> str: ...
    def access_token(self) -> Awaitable[str]: ...
    def close(self) -> Awaitable[None]: ...
    def user_session(self, username: str, password: str) -> Awaitable[AsyncUserSession]: ...
    def exchange_code(
        self, code: str, redirect_uri: Optional[str] = None
    ) -> Awaitable[AsyncUserSession]: ...
    @property
    def with_raw_response(self) -> AsyncRawAccounts: ...
    def request(self, method: str, path: str, /, **options: Any) -> Awaitable[Response]: ...

@final
class AsyncRawAccounts:
    def list(self, **params: Any) -> Awaitable[RawResponse[AccountList]]: ...
    def get(self, account_id: str, /, **params: Any) -> Awaitable[RawResponse[Account]]: ...

@final
class AsyncUserSession:
    @property
    def accounts(self) -> AsyncAccounts: ...
    @property
    def transactions(self) -> AsyncTransactions: ...
    @property
    def id_token(self) -> Optional[str]: ...
    @property
    def closed(self) -> bool: ...
    def access_token(self) -> Awaitable[str]: ...
    def close(self) -> Awaitable[None]: ...

@final
class AsyncAccounts:
    def list(self, **params: Any) -> Awaitable[AccountList]: ...
    def get(self, account_id: str, /, **params: Any) -> Awaitable[Account]: ...
    def groups(self, **params: Any) -> AsyncAccountGroupIterator: ...

@final
class AsyncCustomers:
    def find(self, **params: Any) -> Awaitable[CustomerProfile]: ...

@final
class AsyncAccountGroupIterator(AsyncIterator[AccountGroup]):
    def __aiter__(self) -> Self: ...
    async def __anext__(self) -> AccountGroup: ...

@final
class AsyncTransactions:
    def list(self, **params: Any) -> AsyncTransactionIterator: ...

@final
class AsyncTransactionIterator(AsyncIterator[Transaction]):
    def __aiter__(self) -> Self: ...
    async def __anext__(self) -> Transaction: ...
    def pages(self) -> AsyncTransactionPages:
        """The remaining transactions a page at a time: ``async for page in it.pages()``."""
    @property
    def last_response(self) -> Optional[ResponseMeta]:
        """Status, headers and transaction_id of the last page read; ``None`` before the first."""

@final
class AsyncTransactionPages(AsyncIterator[list[Transaction]]):
    def __aiter__(self) -> Self: ...
    async def __anext__(self) -> list[Transaction]: ...
    @property
    def last_response(self) -> Optional[ResponseMeta]: ...

def format_accounts(accounts: Union[AccountList, Iterable[Account]]) -> str:
    """The accounts as the text table every demo prints: masked numbers, exact amounts."""

def run_cli(args: Sequence[str]) -> int:
    """Runs the ``candescent`` command line (``args[0]`` is the program's name) and returns its
    exit code, writing to the process's standard output and error file descriptors; flush
    ``sys.stdout`` and ``sys.stderr`` first. ``python -m candescent`` calls it."""

# ----------------------------------------------------------------------------- emulator

@final
class Emulator:
    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        client_id: Optional[str] = None,
        client_secret: Optional[str] = None,
        institution_id: Optional[str] = None,
        token_ttl: float = 3600.0,
        latency_ms: int = 0,
        allowed_scopes: Optional[list[str]] = None,
    ) -> None: ...
    @property
    def base_url(self) -> str: ...
    @property
    def client_id(self) -> str: ...
    @property
    def client_secret(self) -> str: ...
    @property
    def institution_id(self) -> str: ...
    def stats(self) -> dict[str, Any]: ...
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
    ) -> None: ...
    def expire_tokens(self, *, refresh_tokens: bool = True) -> None: ...
    def authorization_code(self, login_id: str = "testUser") -> str: ...
    def revoke_tokens(self) -> None: ...
    def reset(self) -> None: ...
    def close(self) -> None: ...
