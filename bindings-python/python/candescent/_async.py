"""``AsyncClient`` and ``AsyncUserSession``: every call an ``async def``, so it behaves like any
coroutine.

An un-awaited call sends nothing and Python warns "coroutine ... was never awaited"; cancelling
the task that awaits a call cancels the request. The work itself is the native module's: each
native method returns an asyncio future driven by the Rust runtime.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Optional

from . import _native
from ._native import Response

if TYPE_CHECKING:
    from typing_extensions import Self

from .resources import AsyncResources, AsyncWithRawResponse

__all__ = ["AsyncClient", "AsyncUserSession"]


class AsyncClient(AsyncResources):
    """An asyncio client for the Candescent Digital Banking API; the options of
    :class:`candescent.Client`."""

    __slots__ = ("_n", "with_raw_response")

    def __init__(self, **options: Any) -> None:
        self._bind(_native.Client(**options))

    def _bind(self, native: _native.Client) -> None:
        self._n = native
        AsyncResources.__init__(self, native.caller(asyncio=True))
        self.with_raw_response = AsyncWithRawResponse(native.caller(asyncio=True, raw=True))

    def with_options(self, **options: Any) -> AsyncClient:
        """This client with other defaults for its calls (``timeout``, ``max_retries``,
        ``retry``, ``deadline``): it shares the connection pool and the token."""
        other = AsyncClient.__new__(AsyncClient)
        other._bind(self._n.with_options(**options))
        return other

    async def request(self, method: str, path: str, /, **kwargs: Any) -> Response:
        """A request to any endpoint; the arguments of :meth:`candescent.Client.request`."""
        return await self._n.request_async(method, path, **kwargs)

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._n.closed

    @property
    def is_closed(self) -> bool:
        """Alias of :attr:`closed`."""
        return self._n.closed

    @property
    def base_url(self) -> str:
        """Where requests go, e.g. ``https://api.candescent.com/digitalbanking/stage``."""
        return self._n.base_url

    @property
    def institution_id(self) -> str:
        """The financial institution's id the client was configured with."""
        return self._n.institution_id

    async def access_token(self) -> str:
        """The current access token, fetched or refreshed if needed."""
        return await self._n.access_token_async()

    async def close(self) -> None:
        """Revoke the token (best effort) and make the client unusable."""
        await self._n.close_async()

    async def user_session(self, username: str, password: str) -> AsyncUserSession:
        """Sign a user in with the ``password`` grant; see
        :meth:`candescent.Client.user_session`."""
        return AsyncUserSession(await self._n.user_session_async(username, password))

    async def exchange_code(
        self, code: str, redirect_uri: Optional[str] = None
    ) -> AsyncUserSession:
        """Exchange an OpenID Connect authorization code for the user's session; see
        :meth:`candescent.Client.exchange_code`."""
        return AsyncUserSession(await self._n.exchange_code_async(code, redirect_uri))

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
        return self._n.describe("AsyncClient")


class AsyncUserSession(AsyncResources):
    """A signed-in user's session of an :class:`AsyncClient`: its calls carry the user's own
    token and need no ``host_user_id``/``login_id``. ``async with`` or :meth:`close` revokes
    the access token and the refresh token."""

    __slots__ = ("_n", "with_raw_response")

    def __init__(self, native: _native.UserSession) -> None:
        self._n = native
        AsyncResources.__init__(self, native.caller(asyncio=True))
        self.with_raw_response = AsyncWithRawResponse(native.caller(asyncio=True, raw=True))

    @property
    def id_token(self) -> Optional[str]:
        """The OpenID Connect ID token, when the grant returned one."""
        return self._n.id_token

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._n.closed

    @property
    def is_closed(self) -> bool:
        """Alias of :attr:`closed`."""
        return self._n.closed

    async def access_token(self) -> str:
        """The user's current access token, renewed if needed."""
        return await self._n.access_token_async()

    async def close(self) -> None:
        """Revoke the access token and the refresh token (best effort); the client stays open."""
        await self._n.close_async()

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
        return self._n.describe("AsyncUserSession")
