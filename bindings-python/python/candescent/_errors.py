"""The exception tree of sdk-contract.md §5.

The classes live in Python (not in the native module) so that they pickle by reference and can be
subclassed and constructed like any other exception; the native module only instantiates them.
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = [
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


class CandescentError(Exception):
    """Base class of every error raised by the SDK.

    Every instance carries ``status``, ``code``, ``message``, ``transaction_id`` and
    ``retry_after`` (seconds, float), each ``None`` where it does not apply, and
    ``may_have_reached_server``: whether the request may have reached the API (always for an
    answer; for a timeout or a connection broken after it was made), so that a write may have
    been carried out and should be checked before it is sent again.
    """

    message: str
    status: Optional[int]
    code: Optional[str]
    transaction_id: Optional[str]
    retry_after: Optional[float]
    may_have_reached_server: bool

    def __init__(
        self,
        message: str,
        status: Optional[int] = None,
        code: Optional[str] = None,
        transaction_id: Optional[str] = None,
        retry_after: Optional[float] = None,
        text: Optional[str] = None,
        may_have_reached_server: bool = False,
    ) -> None:
        # `text` is the core's full description (message plus status, code and transactionId);
        # `str(error)` shows it, while `message` stays the server's bare message.
        super().__init__(text if text is not None else message)
        self.message = message
        self.status = status
        self.code = code
        self.transaction_id = transaction_id
        self.retry_after = retry_after
        self.may_have_reached_server = may_have_reached_server

    def __reduce__(self) -> tuple[Any, ...]:
        # BaseException pickles only `args`; keep the attributes too.
        return (
            type(self),
            (
                self.message,
                self.status,
                self.code,
                self.transaction_id,
                self.retry_after,
                str(self),
                self.may_have_reached_server,
            ),
        )

    def __repr__(self) -> str:
        fields = [f"message={self.message!r}"]
        for name in ("status", "code", "transaction_id", "retry_after"):
            value = getattr(self, name)
            if value is not None:
                fields.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(fields)})"


class ConfigurationError(CandescentError):
    """Bad or missing settings; raised when a client is constructed, before any traffic."""


class ValidationError(CandescentError):
    """Request arguments refused before anything is sent."""


class ApiConnectionError(CandescentError):
    """DNS, connect, TLS, connection reset or a broken response body."""


class ApiTimeoutError(ApiConnectionError):
    """An attempt (or the overall deadline) ran out of time."""


class DecodeError(CandescentError):
    """A 2xx answer whose body does not parse."""


class ClientClosedError(CandescentError):
    """The client was closed; create a new one."""


class ApiError(CandescentError):
    """Any non-2xx answer from the API."""


class BadRequestError(ApiError):
    """400, 415 or 422."""


class AuthenticationError(ApiError):
    """401, including bad client credentials at the token endpoint."""


class PermissionDeniedError(ApiError):
    """403."""


class NotFoundError(ApiError):
    """404."""


class RateLimitError(ApiError):
    """429, or a gateway quota/spike-arrest 500; see ``retry_after``."""


class ServerError(ApiError):
    """Any other 5xx."""
