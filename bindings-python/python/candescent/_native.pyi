"""Type stubs of the native module ``candescent._native`` (Rust, pyo3)."""

import datetime
from collections.abc import AsyncIterator, Awaitable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Generic, Literal, Optional, TypeVar, Union, final

from typing_extensions import Self, TypeAlias

__version__: str
CORE_VERSION: str

#: A JSON value as the server sent it; numbers are ``int`` or ``Decimal``, never ``float``.
JsonValue: TypeAlias = Any
DateLike: TypeAlias = Union[datetime.date, str]

_T_co = TypeVar("_T_co", covariant=True)

# ----------------------------------------------------------------------------- models

class Model:
    """The base class of every model: a decoded answer of one schema of the API document.
    Fields are attributes in snake_case; models are frozen and equal by value."""

    @property
    def extra(self) -> dict[str, JsonValue]:
        """Every field the server sent that the schema does not name, as sent."""
    def to_dict(self) -> dict[str, JsonValue]:
        """The server's JSON: integers as ``int``, other numbers as ``Decimal``, never a
        float; dates as text; unknown fields included."""
    def to_json(self) -> str:
        """The server's JSON as text, numbers with their exact digits."""
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...

class ListModel(Model):
    """The base class of the list models (``AccountList``, ``Recipients``, ...): a sequence of
    the items of their one list field."""

    def __len__(self) -> int: ...
    def __bool__(self) -> bool: ...

@final
class Field:
    """One field of a schema, as a descriptor of its model class."""

@final
class Partial(Generic[_T_co]):
    """The answer of an operation that may be carried out in part (HTTP 206)."""

    @property
    def complete(self) -> bool:
        """Whether the API carried out the whole request (any status but 206)."""
    @property
    def status(self) -> int:
        """200 or 204 when complete, 206 when partial."""
    @property
    def result(self) -> _T_co:
        """The answer's model (which says what was done), or ``None`` without a body."""

def register_models(
    classes: Mapping[str, type[Model]], aliases: Mapping[str, Mapping[str, str]]
) -> None:
    """Gives the generated model classes their fields (``candescent._models`` calls it)."""

def operations() -> list[tuple[str, str, bool]]:
    """``(operationId, SDK name, typed)`` of every operation of the table, by index."""

# ----------------------------------------------------------------------------- responses

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
class RawResponse(Generic[_T_co]):
    """A typed call's answer with its metadata, from ``client.with_raw_response``."""

    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> Headers: ...
    @property
    def transaction_id(self) -> str: ...
    def parse(self) -> _T_co:
        """The typed result the call would have returned."""

# ----------------------------------------------------------------------------- calls

@final
class Caller:
    r"""What the generated namespaces call: a client or a user session, blocking or asyncio,
    answering results or :class:`RawResponse`\ s."""

    def call(
        self,
        op: Union[int, str],
        names: tuple[str, ...],
        args: tuple[Any, ...],
        kwargs: Optional[dict[str, Any]] = None,
    ) -> Any: ...
    def pager(
        self,
        op: Union[int, str],
        names: tuple[str, ...],
        args: tuple[Any, ...],
        kwargs: Optional[dict[str, Any]] = None,
    ) -> Any: ...
    def groups(
        self,
        op: Union[int, str],
        names: tuple[str, ...],
        args: tuple[Any, ...],
        kwargs: Optional[dict[str, Any]] = None,
    ) -> Any: ...
    def wait(
        self,
        op: Union[int, str],
        names: tuple[str, ...],
        args: tuple[Any, ...],
        kwargs: Optional[dict[str, Any]] = None,
    ) -> Any: ...

@final
class Pager(Iterator[_T_co]):
    """The items of a paged operation, read page by page as they are iterated."""

    def __iter__(self) -> Self: ...
    def __next__(self) -> _T_co: ...
    def pages(self) -> Pages[_T_co]:
        """The remaining items a page at a time (lists), as the API returns them."""
    @property
    def last_response(self) -> Optional[ResponseMeta]:
        """Status, headers and transaction_id of the last page read; ``None`` before the first."""

@final
class Pages(Iterator[list[_T_co]]):
    """``Pager.pages()``."""

    def __iter__(self) -> Self: ...
    def __next__(self) -> list[_T_co]: ...
    @property
    def last_response(self) -> Optional[ResponseMeta]: ...

@final
class AsyncPager(AsyncIterator[_T_co]):
    """``async for item in ...``: the items of a paged operation."""

    def __aiter__(self) -> Self: ...
    async def __anext__(self) -> _T_co: ...
    def pages(self) -> AsyncPages[_T_co]:
        """The remaining items a page at a time: ``async for page in it.pages()``."""
    @property
    def last_response(self) -> Optional[ResponseMeta]: ...

@final
class AsyncPages(AsyncIterator[list[_T_co]]):
    """``AsyncPager.pages()``."""

    def __aiter__(self) -> Self: ...
    async def __anext__(self) -> list[_T_co]: ...
    @property
    def last_response(self) -> Optional[ResponseMeta]: ...

# ----------------------------------------------------------------------------- native clients

@final
class Client:
    """The native half of :class:`candescent.Client` and :class:`candescent.AsyncClient`."""

    def __init__(self, **options: Any) -> None: ...
    def caller(self, *, asyncio: bool = False, raw: bool = False) -> Caller: ...
    def with_options(self, **options: Any) -> Client: ...
    def request(self, method: str, path: str, /, **kwargs: Any) -> Response: ...
    def request_async(self, method: str, path: str, /, **kwargs: Any) -> Awaitable[Response]: ...
    @property
    def closed(self) -> bool: ...
    @property
    def base_url(self) -> str: ...
    @property
    def institution_id(self) -> str: ...
    def access_token(self) -> str: ...
    def access_token_async(self) -> Awaitable[str]: ...
    def close(self) -> None: ...
    def close_async(self) -> Awaitable[None]: ...
    def describe(self, class_name: str) -> str: ...
    def user_session(self, username: str, password: str) -> UserSession: ...
    def user_session_async(self, username: str, password: str) -> Awaitable[UserSession]: ...
    def exchange_code(self, code: str, redirect_uri: Optional[str] = None) -> UserSession: ...
    def exchange_code_async(
        self, code: str, redirect_uri: Optional[str] = None
    ) -> Awaitable[UserSession]: ...

@final
class UserSession:
    """The native half of :class:`candescent.UserSession` and
    :class:`candescent.AsyncUserSession`."""

    def caller(self, *, asyncio: bool = False, raw: bool = False) -> Caller: ...
    @property
    def id_token(self) -> Optional[str]: ...
    @property
    def closed(self) -> bool: ...
    def access_token(self) -> str: ...
    def access_token_async(self) -> Awaitable[str]: ...
    def close(self) -> None: ...
    def close_async(self) -> Awaitable[None]: ...
    def describe(self, class_name: str) -> str: ...

def format_accounts(accounts: Union[ListModel, Iterable[Model]]) -> str:
    """The accounts as the text table every demo prints: masked numbers, exact amounts."""

def run_cli(args: Sequence[str]) -> int:
    """Runs the ``candescent`` command line (``args[0]`` is the program's name) and returns its
    exit code, writing to the process's standard output and error file descriptors; flush
    ``sys.stdout`` and ``sys.stderr`` first. ``python -m candescent`` calls it."""

def _panic_for_tests(*, awaitable: bool = False) -> Any: ...

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
