"""Every §7 call of both clients, every argument of `accounts.list`, and the models."""

from __future__ import annotations

import asyncio
import datetime
from decimal import Decimal
from typing import Any

import candescent
import pytest
from candescent.testing import Emulator
from conftest import BUSINESS, CHECKING, FUTURE_USER, LEGACY, LOGIN, USER, Api


def test_version() -> None:
    assert isinstance(candescent.__version__, str)
    assert candescent.__version__.count(".") >= 2


# ----------------------------------------------------------------------------- accounts.list


def test_list_by_host_user_id(api: Api) -> None:
    accounts = api.list(host_user_id=USER)
    assert isinstance(accounts, candescent.AccountList)
    assert len(accounts) == len(accounts.accounts) >= 5
    assert {a.id for a in accounts} >= {BUSINESS, CHECKING}
    assert all(isinstance(a, candescent.Account) for a in accounts)
    assert accounts.total_group_count is None


def test_list_by_login_id_is_the_same_user(api: Api) -> None:
    assert api.list(login_id=LOGIN) == api.list(host_user_id=USER)


def test_list_filter(api: Api) -> None:
    loans = api.list(host_user_id=USER, filter="category eq 'LOAN'")
    assert len(loans) >= 1
    assert all(a.category == "LOAN" for a in loans)


def test_list_filter_with_quotes_spaces_and_non_ascii(api: Api) -> None:
    none = api.list(host_user_id=USER, filter="nickName eq 'Café Luna & Co'")
    assert len(none) == 0


def test_list_view_small_and_medium(api: Api) -> None:
    full = {a.id: a for a in api.list(host_user_id=USER)}
    small = api.list(host_user_id=USER, view="s")
    medium = api.list(host_user_id=USER, view="m")
    for a in small:
        assert a.nick_name is None and a.micr_number is None
        assert set(a.to_dict()) < set(full[a.id].to_dict())
    for a in medium:
        assert a.status == full[a.id].status
        assert a.micr_number is None
        assert set(small[0].to_dict()) <= set(medium[0].to_dict())


def test_list_view_long_names(api: Api) -> None:
    assert api.list(host_user_id=USER, view="small") == api.list(host_user_id=USER, view="s")


def test_list_cross_account(api: Api) -> None:
    everything = api.list(host_user_id=USER)
    assert any(a.category == "CROSS_USER_ACCOUNT" for a in everything)
    own = api.list(host_user_id=USER, cross_account=False)
    assert not any(a.category == "CROSS_USER_ACCOUNT" for a in own)
    assert len(own) == len(everything) - 1
    assert api.list(host_user_id=USER, cross_account=True) == everything


def test_list_additional_fields(api: Api) -> None:
    plain = api.list(host_user_id=USER, additional_fields=False)
    assert all(a.additional_info is None for a in plain)
    rich = api.list(host_user_id=USER, additional_fields=True)
    for a in rich:
        # The document's StringMap (0.1 gave a plain dict of the same JSON).
        assert isinstance(a.additional_info, candescent.StringMap)
        assert isinstance(a.additional_info.entry, list)
        assert a.additional_info.to_dict()["entry"] == [
            e.to_dict() for e in a.additional_info.entry
        ]


def test_list_institution_customer_id(api: Api) -> None:
    customer = "8fe733f4e27246908f92e8f7c0b96847"
    accounts = api.list(host_user_id=USER, institution_customer_id=customer)
    # The example user's own checking account and IRA; the other four belong to other customers.
    assert len(accounts) == 2
    assert all(a.institution_customer_id == customer for a in accounts)


def test_list_skip_groups(api: Api) -> None:
    first = api.list(host_user_id=USER, skip_groups=0)
    assert first.total_group_count == 3
    assert len({a.institution_customer_id for a in first}) == 1
    seen = {
        a.institution_customer_id
        for g in range(3)
        for a in api.list(host_user_id=USER, skip_groups=g)
    }
    assert len(seen) == 3


def test_list_unknown_user_is_not_found(api: Api) -> None:
    with pytest.raises(candescent.NotFoundError) as info:
        api.list(host_user_id="nobody")
    assert info.value.status == 404
    assert info.value.code == "ACC_00101"
    assert info.value.transaction_id


def test_generated_users(api: Api) -> None:
    assert len(api.list(host_user_id="gen-25")) == 25


# ----------------------------------------------------------------------------- arguments refused


def test_both_or_neither_user_is_a_validation_error(api: Api, emu: Emulator) -> None:
    with pytest.raises(candescent.ValidationError):
        api.list(host_user_id=USER, login_id=LOGIN)
    with pytest.raises(candescent.ValidationError):
        api.list()
    # Refused before any traffic.
    assert emu.stats()["requests"]["accounts"] == 0


def test_unknown_view_is_a_validation_error(api: Api) -> None:
    with pytest.raises(candescent.ValidationError):
        api.list(host_user_id=USER, view="xl")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"host_user_id": 1234567890},
        {"host_user_id": USER, "cross_account": "no"},
        {"host_user_id": USER, "additional_fields": 1},
        {"host_user_id": USER, "skip_groups": "1"},
        {"host_user_id": USER, "view": 1},
    ],
)
def test_wrong_types_name_the_argument(api: Api, kwargs: dict[str, Any]) -> None:
    with pytest.raises(candescent.ValidationError) as info:
        api.list(**kwargs)
    assert f"{list(kwargs)[-1]} must be " in str(info.value)


def test_negative_skip_groups_is_a_validation_error(api: Api) -> None:
    with pytest.raises(candescent.ValidationError):
        api.list(host_user_id=USER, skip_groups=-1)


def test_arguments_are_keyword_only(emu: Emulator) -> None:
    with emu.client() as client:
        with pytest.raises(TypeError):
            client.accounts.list(USER)  # type: ignore[misc]
        with pytest.raises(candescent.ValidationError, match="did you mean"):
            client.accounts.list(host_user=USER)  # type: ignore[call-arg]
        with pytest.raises(TypeError):
            client.transactions.list(CHECKING)  # type: ignore[misc]
    with pytest.raises(TypeError):
        candescent.Client("id", "secret")  # type: ignore[misc]


def test_header_injection_is_refused(kind: str, emu: Emulator) -> None:
    # Refused at construction or at the first call, but never sent.
    with pytest.raises((candescent.ConfigurationError, candescent.ValidationError)):
        Api(kind, emu, institution_id="00016\r\nX-Evil: 1").list(host_user_id=USER)
    assert emu.stats()["requests"]["token"] == 0


def test_query_values_are_encoded(api: Api) -> None:
    with pytest.raises(candescent.NotFoundError):
        api.list(host_user_id="12 34&loginId=x#é'")
    with pytest.raises(candescent.ValidationError):
        api.list(host_user_id="1234567890\r\nX-Evil: 1")


# ----------------------------------------------------------------------------- accounts.get


def test_get(api: Api) -> None:
    account = api.get(BUSINESS, host_user_id=USER)
    assert account.id == BUSINESS
    listed = next(a for a in api.list(host_user_id=USER) if a.id == BUSINESS)
    assert account == listed


def test_get_arguments(api: Api) -> None:
    assert api.get(BUSINESS, login_id=LOGIN).id == BUSINESS
    assert api.get(BUSINESS, host_user_id=USER, view="s").nick_name is None
    assert api.get(BUSINESS, host_user_id=USER, view="m").status is not None
    assert api.get(BUSINESS, host_user_id=USER, additional_fields=True).additional_info is not None
    assert api.get(BUSINESS, host_user_id=USER, cross_account=True).id == BUSINESS
    customer = "f38a0d29000a4632a1c7ae93f2b288f8"
    assert api.get(BUSINESS, host_user_id=USER, institution_customer_id=customer).id == BUSINESS
    with pytest.raises(candescent.NotFoundError):
        api.get(CHECKING, host_user_id=USER, institution_customer_id=customer)


def test_get_unknown_account(api: Api) -> None:
    with pytest.raises(candescent.NotFoundError) as info:
        api.get("no-such-account", host_user_id=USER)
    assert info.value.status == 404


# ----------------------------------------------------------------------------- models


def test_money_is_exact(api: Api) -> None:
    business = api.get(BUSINESS, host_user_id=USER)
    assert business.available_balance is not None
    amount = business.available_balance.amount
    assert isinstance(amount, Decimal)
    assert amount == Decimal("501306.06")
    assert str(amount) == "501306.06"
    assert business.available_balance.currency_code == "USD"

    checking = api.get(CHECKING, host_user_id=USER)
    assert checking.current_balance is not None
    assert checking.available_balance is not None
    assert checking.last_statement_balance is not None
    assert str(checking.current_balance.amount) == "12345678901234.56"
    assert str(checking.available_balance.amount) == "0.1"
    assert checking.last_statement_balance.amount == Decimal("-220")
    assert checking.interest_rate == Decimal("0.015")
    assert isinstance(checking.interest_rate, Decimal)


def test_to_dict_keeps_numbers_exact(api: Api) -> None:
    raw = api.get(CHECKING, host_user_id=USER).to_dict()
    assert raw["currentBalance"] == {"currencyCode": "USD", "amount": Decimal("12345678901234.56")}
    assert type(raw["availableBalance"]["amount"]) is Decimal
    assert raw["lastStatementBalance"]["amount"] == -220
    assert type(raw["type"]["fiRawAccountType"]) is int
    assert raw["id"] == CHECKING
    listed = api.list(host_user_id=USER).to_dict()
    assert isinstance(listed["accounts"], list)


def test_no_float_anywhere(api: Api) -> None:
    def walk(value: Any) -> None:
        assert not isinstance(value, float), value
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(api.list(host_user_id=USER, additional_fields=True).to_dict())


def test_unknown_fields_are_kept_in_extra(api: Api) -> None:
    legacy = api.get(LEGACY, host_user_id=FUTURE_USER)
    assert legacy.extra["hostAccountNumber"] == "00099887766"
    assert legacy.extra["ownershipType"] == "JOINT"
    assert legacy.category == "FUTURE_CATEGORY"
    assert legacy.to_dict()["ownershipType"] == "JOINT"
    assert "id" not in legacy.extra


def test_account_attributes(api: Api) -> None:
    a = api.get(BUSINESS, host_user_id=USER)
    assert a.institution_id == "00016"
    assert a.institution_user_id == "F635BEB78FFA1E16E05309E011AC119C"
    assert a.institution_customer_id == "f38a0d29000a4632a1c7ae93f2b288f8"
    assert a.description == a.nick_name == "Business OFX Checking"
    assert a.account_number.endswith("0101")
    assert a.category == "DEPOSIT"
    assert isinstance(a.type, candescent.AccountType)
    assert a.type.value == "CHECKING"
    assert a.type.fi_raw_account_type == 1
    assert a.type.description == "Checking"
    assert a.account_type == a.type  # the 0.1 name, kept as an alias
    assert isinstance(a.status, candescent.AccountStatus)
    assert a.status.open is True and a.status.closed is False and a.status.verified is None
    assert isinstance(a.allowed_actions, candescent.AllowedActions)
    assert a.allowed_actions.transfer_from is True
    assert a.routing_number == "222341234"
    assert a.micr_number == "800000022254"
    assert a.interest_rate == 0
    assert a.interest_year_to_date is not None and a.interest_year_to_date.amount == 0
    assert isinstance(a.current_balance, candescent.Money)
    assert a.current_balance.amount == Decimal(443572)
    assert a.escrow_balance is None and a.maturity_date is None and a.term is None
    assert a.extra == {}


def test_repr_masks_account_numbers(api: Api) -> None:
    a = api.get(BUSINESS, host_user_id=USER)
    assert a.account_number == "4410020101"
    text = repr(a)
    assert "4410020101" not in text
    assert "0101" in text
    assert BUSINESS in text
    for account in api.list(host_user_id=USER):
        assert account.account_number not in repr(account)
    assert "4410020101" not in repr(api.list(host_user_id=USER))


def test_equality_by_value(api: Api) -> None:
    one = api.get(BUSINESS, host_user_id=USER)
    two = api.get(BUSINESS, host_user_id=USER)
    assert one == two
    assert one is not two
    assert one != api.get(CHECKING, host_user_id=USER)
    assert one.current_balance == two.current_balance
    assert one != "not an account"


def test_account_list_sequence(api: Api) -> None:
    accounts = api.list(host_user_id=USER)
    n = len(accounts)
    assert accounts[0] == accounts.accounts[0]
    assert accounts[-1] == accounts.accounts[n - 1]
    assert accounts[1:3] == accounts.accounts[1:3]
    assert list(accounts) == accounts.accounts
    with pytest.raises(IndexError):
        accounts[n]
    assert accounts.extra == {}
    assert "AccountList" in repr(accounts)


def test_models_are_frozen(api: Api) -> None:
    a = api.get(BUSINESS, host_user_id=USER)
    with pytest.raises(AttributeError):
        a.id = "x"  # type: ignore[misc]


# ----------------------------------------------------------------------------- transactions


def test_transactions_all_pages(api: Api, emu: Emulator) -> None:
    whole = api.transactions(account_id=CHECKING, host_user_id=USER)
    assert len(whole) > 30
    assert all(isinstance(t, candescent.Transaction) for t in whole)
    assert len({t.id for t in whole}) == len(whole)
    before = emu.stats()["requests"]["transactions"]
    paged = api.transactions(account_id=CHECKING, host_user_id=USER, page_size=7)
    assert paged == whole
    # ceil(n / 7) full or partial pages, plus at most one empty page that ends the stream.
    pages = emu.stats()["requests"]["transactions"] - before
    assert -(-len(whole) // 7) <= pages <= -(-len(whole) // 7) + 1


def test_transaction_fields(api: Api) -> None:
    whole = api.transactions(account_id=CHECKING, host_user_id=USER)
    interest = next(t for t in whole if t.id == "iNtErEsT0000000000000000000000000000000001")
    assert interest.amount is not None and str(interest.amount.amount) == "0.1"
    assert interest.type == "DIVIDEND"
    assert interest.transaction_type == "DIVIDEND"  # the 0.1 name, kept as an alias
    assert interest.is_credit_transaction is True
    assert interest.transaction_date == datetime.date(2026, 4, 1)
    assert interest.effective_date == datetime.date(2026, 4, 1)
    assert interest.account_id == CHECKING
    assert interest.is_exportable is True and interest.is_pending is False
    fixture = next(t for t in whole if t.id == "n9P-j1NKtrX0nh5rQWHKlaYSWbaHm7r6jmXWzAlSHc4")
    assert fixture.memo == "Return of Goods"
    assert fixture.transaction_number == "71"
    assert fixture.institution_id == "00016"
    assert fixture.institution_user_id and fixture.institution_customer_id
    assert fixture.description == "Return merchandise to customer"
    assert isinstance(fixture.additional_info, candescent.StringMap)  # a dict in 0.1
    assert fixture.to_dict()["type"] == "RETURN_OF_GOODS"
    assert fixture.extra == {}
    assert "Transaction(" in repr(fixture)


def test_transaction_dates(api: Api) -> None:
    start, end = datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)
    by_date = api.transactions(
        account_id=CHECKING, host_user_id=USER, start_date=start, end_date=end
    )
    by_text = api.transactions(
        account_id=CHECKING, host_user_id=USER, start_date="2026-04-01", end_date="2026-04-30"
    )
    assert by_date == by_text
    assert by_date
    for t in by_date:
        assert t.transaction_date is not None and start <= t.transaction_date <= end


def test_transaction_arguments(api: Api) -> None:
    credits = api.transactions(account_id=CHECKING, login_id=LOGIN, is_credit_transaction=True)
    assert credits and all(t.is_credit_transaction for t in credits)
    found = api.transactions(
        account_id=CHECKING, host_user_id=USER, filter="contains(description, 'Café')"
    )
    assert [t.description for t in found] == ["Café Luna Purchase"]
    future = api.transactions(
        account_id=CHECKING, host_user_id=USER, retrieve_future_transactions=True
    )
    assert any(t.id.startswith("fUtUrE") for t in future)
    rich = api.transactions(
        account_id=CHECKING,
        host_user_id=USER,
        additional_fields=True,
        institution_customer_id="8fe733f4e27246908f92e8f7c0b96847",
    )
    assert rich


def test_transaction_bad_arguments(api: Api) -> None:
    with pytest.raises(candescent.ValidationError):
        api.transactions(account_id=CHECKING, host_user_id=USER, start_date="April 1st")
    with pytest.raises(candescent.ValidationError, match="start_date.*datetime"):
        api.transactions(
            account_id=CHECKING, host_user_id=USER, start_date=datetime.datetime(2026, 4, 1)
        )
    with pytest.raises(candescent.ValidationError, match="end_date"):
        api.transactions(account_id=CHECKING, host_user_id=USER, end_date=20260401)
    with pytest.raises(candescent.ValidationError):
        api.transactions(account_id=CHECKING, host_user_id=USER, page_size=-5)


def test_sync_transaction_iterator_is_lazy(emu: Emulator) -> None:
    with emu.client() as client:
        it = client.transactions.list(account_id=CHECKING, host_user_id=USER, page_size=5)
        assert emu.stats()["requests"]["transactions"] == 0
        assert iter(it) is it
        first = next(it)
        assert isinstance(first, candescent.Transaction)
        assert emu.stats()["requests"]["transactions"] == 1
        rest = list(it)
        assert len(rest) > 5
        with pytest.raises(StopIteration):
            next(it)


def test_async_transaction_iterator(emu: Emulator) -> None:
    async def main() -> None:
        async with emu.async_client() as client:
            it = client.transactions.list(account_id=CHECKING, host_user_id=USER, page_size=4)
            assert it.__aiter__() is it
            first = await it.__anext__()
            assert isinstance(first, candescent.Transaction)
            n = 1
            async for _ in it:
                n += 1
            assert n > 30
            with pytest.raises(StopAsyncIteration):
                await it.__anext__()

    asyncio.run(main())


# ----------------------------------------------------------------------------- token, close


def test_access_token(api: Api, emu: Emulator) -> None:
    token = api.access_token()
    assert isinstance(token, str) and len(token) > 10
    assert api.access_token() == token
    assert emu.stats()["tokens_issued"] == 1


def test_close_revokes_and_disables(api: Api, emu: Emulator) -> None:
    api.list(host_user_id=USER)
    api.close()
    assert api.client.is_closed
    assert emu.stats()["requests"]["revoke"] == 1
    with pytest.raises(candescent.ClientClosedError):
        api.list(host_user_id=USER)
    api.close()  # idempotent


def test_sync_context_manager(emu: Emulator) -> None:
    with emu.client() as client:
        assert isinstance(client, candescent.Client)
        client.accounts.list(host_user_id=USER)
    assert client.is_closed
    assert emu.stats()["requests"]["revoke"] == 1
    assert "closed=True" in repr(client)


def test_async_context_manager(emu: Emulator) -> None:
    async def main() -> candescent.AsyncClient:
        async with emu.async_client() as client:
            assert isinstance(client, candescent.AsyncClient)
            await client.accounts.list(host_user_id=USER)
        return client

    client = asyncio.run(main())
    assert client.is_closed
    assert emu.stats()["requests"]["revoke"] == 1


def test_context_manager_does_not_swallow(emu: Emulator) -> None:
    with pytest.raises(KeyError):
        with emu.client():
            raise KeyError("boom")


def test_async_client_works_across_event_loops(emu: Emulator) -> None:
    client = emu.async_client()
    for _ in range(3):
        assert len(asyncio.run(_list(client))) > 0
    asyncio.run(client.close())


async def _list(client: candescent.AsyncClient) -> candescent.AccountList:
    return await client.accounts.list(host_user_id=USER)


# ----------------------------------------------------------------------------- emulator helper


def test_emulator_helper(emu: Emulator) -> None:
    assert emu.base_url.startswith("http://127.0.0.1:")
    assert emu.client_id and emu.client_secret and emu.institution_id
    stats = emu.stats()
    assert stats == {
        "requests": {
            "token": 0,
            "revoke": 0,
            "accounts": 0,
            "account": 0,
            "transactions": 0,
            "disclosures": 0,
        },
        "tokens_issued": 0,
        "grants": {
            "client_credentials": 0,
            "password": 0,
            "authorization_code": 0,
            "refresh_token": 0,
        },
        "revoked": {"access_tokens": 0, "refresh_tokens": 0},
        "operations": {},
    }
    with emu.client(max_retries=0, timeout=5.0) as client:
        client.accounts.list(host_user_id=USER)
    assert emu.stats()["requests"]["accounts"] == 1
    with pytest.raises(ValueError):
        emu.inject_fault(route="nowhere", kind="status")
    with pytest.raises(ValueError):
        emu.inject_fault(route="any", kind="explode")
    assert emu.base_url in repr(emu)


def test_emulator_expire_tokens(api: Api, emu: Emulator) -> None:
    api.list(host_user_id=USER)
    emu.expire_tokens()
    api.list(host_user_id=USER)
    assert emu.stats()["tokens_issued"] == 2


def test_separate_emulator_with_own_credentials() -> None:
    with Emulator(client_id="my-id", client_secret="my-secret", institution_id="00042") as emu:
        assert (emu.client_id, emu.client_secret, emu.institution_id) == (
            "my-id",
            "my-secret",
            "00042",
        )
        with emu.client() as client:
            assert len(client.accounts.list(host_user_id=USER)) > 0
        with emu.client(client_secret="wrong", max_retries=0) as client:
            with pytest.raises(candescent.AuthenticationError):
                client.accounts.list(host_user_id=USER)
