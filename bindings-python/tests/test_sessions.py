"""Signed-in users: the password grant, renewal with the refresh token (counted by the
emulator), the fallback to the password, revocation on close, and the code exchange."""

from __future__ import annotations

import asyncio
import logging

import candescent
import pytest
from candescent.testing import Emulator
from conftest import CHECKING, LOGIN

PASSWORD = "emulator-password"


def test_calls_need_no_user(emu: Emulator) -> None:
    with emu.client() as client, client.user_session(username=LOGIN, password=PASSWORD) as s:
        accounts = s.accounts.list()
        assert len(accounts) == len(client.accounts.list(login_id=LOGIN))
        assert s.accounts.get(CHECKING).id == CHECKING
        assert len(list(s.transactions.list(account_id=CHECKING))) > 0
        with pytest.raises(candescent.PermissionDeniedError):
            s.accounts.list(host_user_id="gen-3")
        with pytest.raises(candescent.ValidationError):
            client.accounts.list()
    assert emu.stats()["grants"]["password"] == 1


def test_one_refresh_per_token_lifetime_and_no_password_after_the_first(emu: Emulator) -> None:
    with emu.client() as client, client.user_session(LOGIN, PASSWORD) as session:
        for lifetime in range(1, 5):
            emu.expire_tokens(refresh_tokens=False)
            session.accounts.list()
            session.accounts.list()
            grants = emu.stats()["grants"]
            assert grants["refresh_token"] == lifetime
            assert grants["password"] == 1


def test_a_refused_refresh_token_falls_back_to_the_password_once(emu: Emulator) -> None:
    with emu.client() as client, client.user_session(LOGIN, PASSWORD) as session:
        session.accounts.list()
        emu.revoke_tokens()
        before = emu.stats()
        session.accounts.list()
        after = emu.stats()
        assert after["requests"]["token"] - before["requests"]["token"] == 2
        assert after["grants"]["password"] == 2
        assert after["grants"]["refresh_token"] == 0


def test_close_revokes_both_tokens(emu: Emulator) -> None:
    client = emu.client()
    with client.user_session(LOGIN, PASSWORD) as session:
        session.accounts.list()
    assert session.closed
    assert emu.stats()["revoked"] == {"access_tokens": 1, "refresh_tokens": 1}
    with pytest.raises(candescent.ClientClosedError):
        session.accounts.list()
    assert not client.closed
    client.close()


def test_exchange_code(emu: Emulator) -> None:
    code = emu.authorization_code(LOGIN)
    with emu.client() as client:
        session = client.exchange_code(code)
        id_token = session.id_token
        assert id_token is not None and id_token.count(".") == 2
        assert id_token not in repr(session)
        assert len(session.accounts.list()) > 0
        emu.expire_tokens(refresh_tokens=False)
        session.accounts.list()
        assert emu.stats()["grants"]["refresh_token"] == 1
        with pytest.raises(candescent.AuthenticationError, match="already used"):
            client.exchange_code(code, redirect_uri="https://example.org/callback")
        # No password to fall back on: a refused refresh token ends the session.
        emu.revoke_tokens()
        with pytest.raises(candescent.AuthenticationError, match="sign in again"):
            session.accounts.list()
        session.close()


def test_wrong_password_and_secrets(emu: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="candescent")
    with emu.client() as client:
        with pytest.raises(candescent.AuthenticationError) as wrong:
            client.user_session(LOGIN, "not-the-password")
        assert "check the username and password" in str(wrong.value)
        assert "not-the-password" not in repr(wrong.value)
        for bad in [("", PASSWORD), (LOGIN, ""), (7, PASSWORD)]:
            with pytest.raises(candescent.ValidationError):
                client.user_session(*bad)  # type: ignore[arg-type]
        session = client.exchange_code(emu.authorization_code())
        token = session.access_token()
        id_token = session.id_token
        assert id_token is not None
        session.accounts.list()
        shown = repr(session) + repr(session.accounts) + str(session.__class__)
        session.close()
        password_session = client.user_session(LOGIN, PASSWORD)
        password_session.close()
    logged = caplog.text + shown + repr(password_session)
    for secret in [PASSWORD, token, id_token]:
        assert secret not in logged


def test_async_sessions(emu: Emulator) -> None:
    async def run() -> None:
        async with emu.async_client() as client:
            async with await client.user_session(LOGIN, PASSWORD) as session:
                assert len((await session.accounts.list()).accounts) > 0
                assert (await session.accounts.get(CHECKING)).id == CHECKING
                assert [t async for t in session.transactions.list(account_id=CHECKING)]
                for lifetime in range(1, 4):
                    emu.expire_tokens(refresh_tokens=False)
                    await asyncio.gather(*(session.accounts.list() for _ in range(20)))
                    assert emu.stats()["grants"]["refresh_token"] == lifetime
                assert "UserSession" in repr(session)
            assert session.closed
            assert emu.stats()["revoked"] == {"access_tokens": 1, "refresh_tokens": 1}
            assert emu.stats()["grants"]["password"] == 1
            with pytest.raises(candescent.AuthenticationError):
                await client.user_session(LOGIN, "wrong")
            coded = await client.exchange_code(emu.authorization_code())
            assert coded.id_token is not None
            await coded.close()

    asyncio.run(run())
