"""``client.request(...)`` (any endpoint) and ``with_raw_response`` / ``last_response`` (the
metadata of typed calls), sync and async, against the emulator's institution disclosures,
which no typed call covers."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import candescent
import pytest
from candescent.testing import Emulator
from conftest import BUSINESS, CHECKING, USER, Api

DISCLOSURES = "/v1/institution-disclosures"


def request(api: Api, method: str, path: str, **kwargs: Any) -> candescent.Response:
    return api._run(api.client.request(method, path, **kwargs))


def test_a_get_retries_after_a_503_and_replays_after_a_401(api: Api, emu: Emulator) -> None:
    api.access_token()
    emu.revoke_tokens()
    emu.inject_fault(route="disclosures", kind="status", status=503, retry_after=0)
    response = request(api, "GET", DISCLOSURES)
    assert response.status == 200
    body = response.json()
    assert body["institutionDisclosures"][0]["institutionDisclosureName"] == "OLS"
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers.get("CONTENT-TYPE") == "application/json"
    assert "content-type" in response.headers
    assert isinstance(response.headers, Mapping)
    assert len(response.transaction_id) == 36
    assert response.content == response.text.encode()
    stats = emu.stats()
    # The 503, then a 401 for the revoked token, then the replay with a new token.
    assert stats["requests"]["disclosures"] == 3
    assert stats["tokens_issued"] == 2


def test_a_post_is_not_retried_unless_asked(api: Api, emu: Emulator) -> None:
    body = {"institutionDisclosureName": "FEES", "institutionDisclosureStatus": True}
    emu.inject_fault(route="disclosures", kind="status", status=503, retry_after=0)
    with pytest.raises(candescent.ServerError) as failed:
        request(api, "POST", DISCLOSURES, json=body)
    assert failed.value.status == 503
    assert failed.value.transaction_id
    assert emu.stats()["requests"]["disclosures"] == 1
    emu.inject_fault(route="disclosures", kind="status", status=503, retry_after=0)
    created = request(api, "post", DISCLOSURES, json=body, retry=True)
    assert created.status == 200
    assert created.json()["institutionDisclosureName"] == "FEES"
    assert emu.stats()["requests"]["disclosures"] == 3


def test_non_2xx_raise_the_usual_errors(api: Api) -> None:
    with pytest.raises(candescent.BadRequestError):
        request(api, "POST", DISCLOSURES, json={"institutionDisclosureStatus": "yes"})
    with pytest.raises(candescent.NotFoundError):
        request(api, "GET", "/v1/no-such-route")


def test_json_keeps_money_exact_both_ways(api: Api) -> None:
    response = request(
        api, "GET", f"/v1/accounts/{BUSINESS}", query={"hostUserId": USER, "viewName": None}
    )
    amount = response.json()["availableBalance"]["amount"]
    assert isinstance(amount, Decimal) and amount == Decimal("501306.06")
    assert str(amount) == "501306.06"
    assert isinstance(response.json()["interestRate"], int)
    # Decimal goes out as the exact number (the emulator echoes the created disclosure).
    created = request(
        api,
        "POST",
        DISCLOSURES,
        json={"institutionDisclosureName": "FEE", "fee": Decimal("0.10"), "tags": ("a", 1)},
    ).json()
    assert created["fee"] == Decimal("0.10") and str(created["fee"]) == "0.10"
    assert created["tags"] == ["a", 1]


@pytest.mark.parametrize(
    "path",
    [
        "https://example.com/v1/institution-disclosures",
        "//example.com/v1/x",
        "/v1/../oauth2/v1/token",
        "/v1/%2e%2e/oauth2/v1/token",
        "/v1/x\r\nHost: example.com",
        "v1/institution-disclosures",
    ],
)
def test_bad_paths_are_refused_before_any_traffic(api: Api, emu: Emulator, path: str) -> None:
    with pytest.raises(candescent.ValidationError):
        request(api, "GET", path)
    assert emu.stats()["requests"]["disclosures"] == 0
    assert emu.stats()["tokens_issued"] == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"headers": {"Authorization": "Bearer x"}},
        {"headers": {"transactionId": "x"}},
        {"headers": {"Host": "example.com"}},
        {"headers": {"X-Note": "a\r\nb"}},
        {"headers": {"bad name": "x"}},
        {"json": {"a": 1}, "form": {"b": "2"}},
        {"json": {"a": float("nan")}},
        {"json": {"a": object()}},
        {"json": {1: "a"}},
        {"query": {"a": object()}},
        {"query": 5},
    ],
)
def test_bad_arguments_are_refused_before_any_traffic(
    api: Api, emu: Emulator, kwargs: dict[str, Any]
) -> None:
    with pytest.raises(candescent.ValidationError) as refused:
        request(api, "POST", DISCLOSURES, **kwargs)
    assert "Bearer x" not in str(refused.value)
    assert emu.stats()["requests"]["disclosures"] == 0


def test_bad_method_is_refused(api: Api) -> None:
    with pytest.raises(candescent.ValidationError):
        request(api, "BREW", DISCLOSURES)


def test_caller_headers_and_the_default_correlation_id(api: Api) -> None:
    # The customers route insists on a correlationId: the SDK's default one passes.
    profile = request(api, "GET", "/v1/customers/testUser", query=[("userIdType", "LOGIN_ID")])
    assert profile.json()["userName"] == "testUser"
    with pytest.raises(candescent.BadRequestError):
        request(
            api,
            "GET",
            "/v1/customers/testUser",
            query={"userIdType": "LOGIN_ID"},
            headers={"correlationId": "not-a-uuid"},
        )


def test_with_raw_response_gives_metadata_and_the_typed_result(api: Api) -> None:
    raw = api._run(api.client.with_raw_response.accounts.list(host_user_id=USER))
    assert raw.status == 200
    assert raw.headers["content-type"] == "application/json"
    assert len(raw.transaction_id) == 36
    accounts = raw.parse()
    assert isinstance(accounts, candescent.AccountList) and len(accounts) > 0
    one = api._run(api.client.with_raw_response.accounts.get(BUSINESS, host_user_id=USER))
    assert one.parse().id == BUSINESS
    assert one.transaction_id != raw.transaction_id
    assert "RawResponse" in repr(one)


def test_transaction_pages_give_their_last_response(kind: str, emu: Emulator) -> None:
    if kind == "sync":
        with emu.client() as client:
            it = client.transactions.list(account_id=CHECKING, host_user_id=USER, page_size=2)
            assert it.last_response is None
            next(it)
            meta = it.last_response
            assert meta is not None and meta.status == 200 and len(meta.transaction_id) == 36
        return
    import asyncio

    async def main() -> None:
        async with emu.async_client() as client:
            it = client.transactions.list(account_id=CHECKING, host_user_id=USER, page_size=2)
            assert it.last_response is None
            await it.__anext__()
            meta = it.last_response
            assert meta is not None and meta.headers["content-type"] == "application/json"

    asyncio.run(main())


def test_json_keeps_the_servers_key_order_and_big_numbers(api: Api, emu: Emulator) -> None:
    emu.inject_fault(
        route="disclosures",
        kind="body",
        status=200,
        body='{"z": 1, "a": 2.50, "big": 123456789012345678901234567890, "e": 1E+2, "n": null}',
    )
    data = request(api, "GET", DISCLOSURES).json()
    assert list(data) == ["z", "a", "big", "e", "n"]
    assert data["a"] == Decimal("2.50") and str(data["a"]) == "2.50"
    assert data["big"] == 123456789012345678901234567890
    assert data["e"] == Decimal("1E+2") and data["n"] is None
    emu.inject_fault(route="disclosures", kind="body", status=200, body='{"a": 1,')
    with pytest.raises(candescent.DecodeError) as broken:
        request(api, "GET", DISCLOSURES).json()
    assert broken.value.transaction_id
