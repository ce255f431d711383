"""Tokens, retries and the error tree, with faults injected into the emulator."""

from __future__ import annotations

import pickle
import time

import candescent
import pytest
from candescent.testing import Emulator
from conftest import USER, Api

ALL_ERRORS = [
    candescent.CandescentError,
    candescent.ConfigurationError,
    candescent.ValidationError,
    candescent.ApiConnectionError,
    candescent.ApiTimeoutError,
    candescent.DecodeError,
    candescent.ClientClosedError,
    candescent.ApiError,
    candescent.BadRequestError,
    candescent.AuthenticationError,
    candescent.PermissionDeniedError,
    candescent.NotFoundError,
    candescent.RateLimitError,
    candescent.ServerError,
]


def test_error_tree() -> None:
    assert issubclass(candescent.CandescentError, Exception)
    for cls in ALL_ERRORS:
        assert issubclass(cls, candescent.CandescentError)
    assert issubclass(candescent.ApiTimeoutError, candescent.ApiConnectionError)
    for cls in (
        candescent.BadRequestError,
        candescent.AuthenticationError,
        candescent.PermissionDeniedError,
        candescent.NotFoundError,
        candescent.RateLimitError,
        candescent.ServerError,
    ):
        assert issubclass(cls, candescent.ApiError)
    for cls in (
        candescent.ConfigurationError,
        candescent.ValidationError,
        candescent.DecodeError,
        candescent.ClientClosedError,
        candescent.ApiConnectionError,
    ):
        assert not issubclass(cls, candescent.ApiError)


@pytest.mark.parametrize("cls", ALL_ERRORS)
def test_errors_pickle_with_attributes(cls: type[candescent.CandescentError]) -> None:
    err = cls("slow down", 429, "CMN_1", "tid-1", 2.5, "slow down (status 429)")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cls
    assert (back.message, back.status, back.code, back.transaction_id, back.retry_after) == (
        "slow down",
        429,
        "CMN_1",
        "tid-1",
        2.5,
    )
    assert str(back) == str(err) == "slow down (status 429)"
    plain = cls("just a message")
    assert plain.status is None and plain.code is None and plain.retry_after is None
    assert str(plain) == "just a message"


def test_raised_error_pickles(api: Api) -> None:
    with pytest.raises(candescent.NotFoundError) as info:
        api.list(host_user_id="nobody")
    back = pickle.loads(pickle.dumps(info.value))
    assert type(back) is candescent.NotFoundError
    assert back.status == 404 and back.code == "ACC_00101"
    assert back.transaction_id == info.value.transaction_id
    assert back.message == info.value.message
    assert str(back) == str(info.value)


def test_revoked_tokens_get_one_new_token(api: Api, emu: Emulator) -> None:
    api.list(host_user_id=USER)
    emu.revoke_tokens()
    assert len(api.list(host_user_id=USER)) > 0
    stats = emu.stats()
    assert stats["tokens_issued"] == 2
    assert stats["requests"]["accounts"] == 3  # ok, 401, replay


def test_second_401_is_an_authentication_error(api: Api, emu: Emulator) -> None:
    api.list(host_user_id=USER)
    emu.inject_fault(route="accounts", kind="status", status=401, code="ACC_00601", count=2)
    with pytest.raises(candescent.AuthenticationError) as info:
        api.list(host_user_id=USER)
    err = info.value
    assert err.status == 401
    assert err.code == "ACC_00601"
    assert err.transaction_id
    assert emu.stats()["tokens_issued"] == 2  # one replay, no loop


def test_bad_credentials_are_an_authentication_error(make_api: object, emu: Emulator) -> None:
    api = make_api(client_secret="not-the-secret", max_retries=0)  # type: ignore[operator]
    with pytest.raises(candescent.AuthenticationError) as info:
        api.list(host_user_id=USER)
    assert info.value.status == 401
    assert "not-the-secret" not in str(info.value) + repr(info.value)


def test_503_with_retry_after_is_retried(api: Api, emu: Emulator) -> None:
    emu.inject_fault(route="accounts", kind="status", status=503, retry_after=1, count=1)
    started = time.monotonic()
    assert len(api.list(host_user_id=USER)) > 0
    assert time.monotonic() - started >= 0.9
    assert emu.stats()["requests"]["accounts"] == 2


def test_429_beyond_the_cap_is_raised(api: Api, emu: Emulator) -> None:
    emu.inject_fault(
        route="accounts", kind="status", status=429, code="CMN_90001", retry_after=3600, count=1
    )
    started = time.monotonic()
    with pytest.raises(candescent.RateLimitError) as info:
        api.list(host_user_id=USER)
    assert time.monotonic() - started < 5
    err = info.value
    assert err.status == 429
    assert err.retry_after == 3600.0
    assert isinstance(err.retry_after, float)
    assert err.transaction_id
    assert err.code == "CMN_90001"


def test_gateway_quota_500_is_a_rate_limit(make_api: object, emu: Emulator) -> None:
    api = make_api(max_retries=0)  # type: ignore[operator]
    emu.inject_fault(route="accounts", kind="status", status=500, code="CMN_90001", count=1)
    with pytest.raises(candescent.RateLimitError) as info:
        api.list(host_user_id=USER)
    assert info.value.status == 500


def test_server_error_after_retries(make_api: object, emu: Emulator) -> None:
    api = make_api(max_retries=1)  # type: ignore[operator]
    emu.inject_fault(route="accounts", kind="status", status=502, retry_after=0, count=5)
    with pytest.raises(candescent.ServerError) as info:
        api.list(host_user_id=USER)
    assert info.value.status == 502
    assert emu.stats()["requests"]["accounts"] == 2


def test_connection_reset_is_retried(api: Api, emu: Emulator) -> None:
    emu.inject_fault(route="accounts", kind="reset", count=1)
    assert len(api.list(host_user_id=USER)) > 0


def test_connection_reset_exhausted(make_api: object, emu: Emulator) -> None:
    api = make_api(max_retries=1)  # type: ignore[operator]
    emu.inject_fault(route="accounts", kind="reset", count=5)
    with pytest.raises(candescent.ApiConnectionError) as info:
        api.list(host_user_id=USER)
    assert not isinstance(info.value, candescent.ApiTimeoutError)
    assert info.value.status is None
    assert info.value.transaction_id


def test_stall_past_timeout(make_api: object, emu: Emulator) -> None:
    api = make_api(timeout=0.3, max_retries=0)  # type: ignore[operator]
    api.access_token()
    emu.inject_fault(route="accounts", kind="stall", stall_ms=3000, count=1)
    started = time.monotonic()
    with pytest.raises(candescent.ApiTimeoutError) as info:
        api.list(host_user_id=USER)
    assert time.monotonic() - started < 2.5
    assert isinstance(info.value, candescent.ApiConnectionError)
    assert info.value.transaction_id


def test_malformed_body_is_a_decode_error(api: Api, emu: Emulator) -> None:
    emu.inject_fault(route="accounts", kind="malformed", count=1)
    with pytest.raises(candescent.DecodeError) as info:
        api.list(host_user_id=USER)
    assert info.value.status == 200 or info.value.status is None
    assert info.value.transaction_id


def test_token_endpoint_faults(make_api: object, emu: Emulator) -> None:
    api = make_api(max_retries=0)  # type: ignore[operator]
    emu.inject_fault(route="token", kind="status", status=503, count=1)
    with pytest.raises(candescent.ServerError):
        api.list(host_user_id=USER)
    # The failure is not cached: the next call tries again.
    assert len(api.list(host_user_id=USER)) > 0


def test_bad_request(api: Api) -> None:
    with pytest.raises(candescent.BadRequestError) as info:
        api.list(host_user_id=USER, filter="category eq")
    assert info.value.status == 400
    assert info.value.code == "ACC_00005"


def test_permission_denied(make_api: object, emu: Emulator) -> None:
    api = make_api(scopes=["transactions:read"])  # type: ignore[operator]
    with pytest.raises(candescent.PermissionDeniedError) as info:
        api.list(host_user_id=USER)
    assert info.value.status == 403


def test_str_and_repr(api: Api) -> None:
    with pytest.raises(candescent.NotFoundError) as info:
        api.list(host_user_id="nobody")
    err = info.value
    assert err.message in str(err)
    assert err.transaction_id is not None and err.transaction_id in str(err)
    assert repr(err).startswith("NotFoundError(")


def test_a_rust_panic_becomes_a_candescent_error() -> None:
    import asyncio

    from candescent import _native

    panic = _native._panic_for_tests  # type: ignore[attr-defined]
    with pytest.raises(candescent.CandescentError) as info:
        panic()
    assert "panic" in str(info.value)

    async def main() -> None:
        await panic(awaitable=True)

    with pytest.raises(candescent.CandescentError):
        asyncio.run(main())
