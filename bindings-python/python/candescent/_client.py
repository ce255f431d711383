"""``Client`` and ``UserSession``: the blocking client and a signed-in user's session.

Both carry every operation of the API as namespaces (``client.recipients.create(...)``,
generated in :mod:`candescent.resources`); the work is the native module's.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Optional

from . import _native
from ._native import Response

if TYPE_CHECKING:
    from typing_extensions import Self

from .resources import Resources, WithRawResponse

__all__ = ["Client", "UserSession"]


class Client(Resources):
    """A blocking client for the Candescent Digital Banking API.

    Arguments are keyword-only and every one is optional: what is left out comes from the
    ``CANDESCENT_*`` variables, then from the defaults (see the package's README).
    """

    __slots__ = ("_n", "with_raw_response")

    def __init__(self, **options: Any) -> None:
        self._bind(_native.Client(**options))

    def _bind(self, native: _native.Client) -> None:
        self._n = native
        Resources.__init__(self, native.caller())
        self.with_raw_response = WithRawResponse(native.caller(raw=True))

    def with_options(self, **options: Any) -> Client:
        """This client with other defaults for its calls (``timeout``, ``max_retries``,
        ``retry``, ``deadline``): it shares the connection pool and the token."""
        other = Client.__new__(Client)
        other._bind(self._n.with_options(**options))
        return other

    def request(self, method: str, path: str, /, **kwargs: Any) -> Response:
        """A request to any endpoint, through the same token, retries and errors as the
        operations: ``query=``, ``json=``, ``form=``, ``headers=``, ``retry=`` and the call
        options (``timeout=``, ``max_retries=``, ``deadline=``)."""
        return self._n.request(method, path, **kwargs)

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

    def access_token(self) -> str:
        """The current access token, fetched or refreshed if needed."""
        return self._n.access_token()

    def close(self) -> None:
        """Revoke the token (best effort) and make the client unusable."""
        self._n.close()

    def user_session(self, username: str, password: str) -> UserSession:
        """Sign a user in with the ``password`` grant; their session's calls need no
        ``host_user_id``/``login_id``."""
        return UserSession(self._n.user_session(username, password))

    def exchange_code(self, code: str, redirect_uri: Optional[str] = None) -> UserSession:
        """Exchange an OpenID Connect authorization code for the user's session."""
        return UserSession(self._n.exchange_code(code, redirect_uri))

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
        return self._n.describe("Client")


class UserSession(Resources):
    """A signed-in user's session: the client's operations with the user's own token, renewed
    with the refresh token before it expires. ``with`` or :meth:`close` revokes both tokens."""

    __slots__ = ("_n", "with_raw_response")

    def __init__(self, native: _native.UserSession) -> None:
        self._n = native
        Resources.__init__(self, native.caller())
        self.with_raw_response = WithRawResponse(native.caller(raw=True))

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

    def access_token(self) -> str:
        """The user's current access token, renewed if needed."""
        return self._n.access_token()

    def close(self) -> None:
        """Revoke the access token and the refresh token (best effort); the client stays open."""
        self._n.close()

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
        return self._n.describe("UserSession")
