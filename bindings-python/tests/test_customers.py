"""Business customers: `customers.find()` names a user's locations, and `accounts.groups()`
hands out their accounts one location at a time, through Client and AsyncClient alike."""

from __future__ import annotations

import asyncio

import candescent
import pytest
from candescent.testing import Emulator
from conftest import USER

# A business user of the emulator: 12 accounts in 3 locations.
BUSINESS_USER = "gen-12"


def test_find_gives_the_location_to_list_accounts_for(emu: Emulator) -> None:
    with emu.client() as client:
        profile = client.customers.find(login_id=BUSINESS_USER)
        assert profile.user_type == "BUSINESS" and profile.user_name == BUSINESS_USER
        assert len(profile.customers) == 3
        tin = profile.customers[2].member_number
        assert tin is not None
        found = profile.customer(tin)
        assert found is not None
        index, location = found
        assert index == 2 and location == profile.customers[2]
        accounts = client.accounts.list(
            login_id=BUSINESS_USER, institution_customer_id=location.customer_id
        )
        assert accounts.accounts
        assert {a.institution_customer_id for a in accounts} == {location.customer_id}
        assert profile.customer("000000000") is None


def test_a_tin_never_shows_in_repr(emu: Emulator) -> None:
    with emu.client() as client:
        profile = client.customers.find(login_id=BUSINESS_USER)
    customer = profile.customers[0]
    tin = customer.member_number
    assert tin is not None and len(tin) == 9
    assert tin not in repr(customer) and f"****{tin[-4:]}" in repr(customer)
    assert tin not in repr(profile)
    assert customer.to_dict()["memberNumber"] == tin
    assert profile.to_dict()["customers"][0]["customerId"] == customer.customer_id


def test_groups_hand_out_every_location_once(emu: Emulator) -> None:
    with emu.client() as client:
        profile = client.customers.find(login_id=BUSINESS_USER)
        everything = sorted(a.id for a in client.accounts.list(login_id=BUSINESS_USER))
        groups = list(client.accounts.groups(login_id=BUSINESS_USER))
    assert [g.index for g in groups] == [0, 1, 2]
    assert {g.total for g in groups} == {3}
    assert [g.customer_id for g in groups] == [c.customer_id for c in profile.customers]
    assert sorted(a.id for g in groups for a in g.accounts) == everything
    assert repr(groups[0]).startswith("AccountGroup(index=0, total=3")


def test_async_find_and_groups(emu: Emulator) -> None:
    async def main() -> tuple[candescent.CustomerProfile, list[candescent.AccountGroup]]:
        async with emu.async_client() as client:
            profile = await client.customers.find(login_id=BUSINESS_USER)
            groups = [
                g async for g in client.accounts.groups(login_id=BUSINESS_USER, skip_groups=1)
            ]
            return profile, groups

    profile, groups = asyncio.run(main())
    assert [g.index for g in groups] == [1, 2]
    assert [g.customer_id for g in groups] == [c.customer_id for c in profile.customers[1:]]


def test_retail_user_by_host_user_id(emu: Emulator) -> None:
    with emu.client() as client:
        profile = client.customers.find(host_user_id=USER)
    assert profile.user_type == "RETAIL"
    assert profile.customer(USER) is not None


@pytest.mark.parametrize(
    ("params", "says"),
    [
        # The table names three ways to say whom to look up (0.1 knew two).
        ({}, "login_id, host_user_id or customer_id is required"),
        ({"login_id": "a", "host_user_id": "b"}, "not both"),
        ({"login_id": ".."}, "path segment"),
        ({"user_id": "x"}, "user_id"),
        ({"login_id": 7}, "login_id"),
    ],
)
def test_find_refuses_bad_arguments_before_traffic(
    emu: Emulator, params: dict[str, object], says: str
) -> None:
    with emu.client() as client:
        with pytest.raises(candescent.ValidationError, match=says):
            client.customers.find(**params)
    assert emu.stats()["tokens_issued"] == 0


def test_groups_refuse_a_location(emu: Emulator) -> None:
    # Refused when called, like every call's arguments (0.1 waited for the first group).
    with emu.client() as client:
        with pytest.raises(candescent.ValidationError, match="institution_customer_id"):
            client.accounts.groups(login_id=BUSINESS_USER, institution_customer_id="c")
    assert emu.stats()["requests"]["accounts"] == 0


def test_unknown_user_is_not_found(emu: Emulator) -> None:
    with emu.client() as client:
        with pytest.raises(candescent.NotFoundError) as caught:
            client.customers.find(login_id="nobody-here")
    assert caught.value.code == "ISR_10001"
