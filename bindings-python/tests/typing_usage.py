"""Uses every public name of the package with precise types.

`mypy --strict` checks this file (scripts/test.sh); `test_typing_usage.py` runs it, so the stubs
and the runtime cannot drift apart silently.
"""

from __future__ import annotations

import asyncio
import datetime
from decimal import Decimal
from typing import Any, Optional

import candescent
from candescent import (
    Account,
    AccountList,
    Accounts,
    AccountStatus,
    AccountType,
    AllowedActions,
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AsyncAccounts,
    AsyncClient,
    AsyncRawAccounts,
    AsyncTransactionIterator,
    AsyncTransactions,
    AsyncUserSession,
    AsyncWithRawResponse,
    AuthenticationError,
    BadRequestError,
    CandescentError,
    Client,
    ClientClosedError,
    ConfigurationError,
    DecodeError,
    Headers,
    Money,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RawAccounts,
    RawResponse,
    Response,
    ResponseMeta,
    ServerError,
    Transaction,
    TransactionIterator,
    Transactions,
    UserSession,
    ValidationError,
    WithRawResponse,
)
from candescent.testing import EXAMPLE_HOST_USER_ID, EXAMPLE_LOGIN_ID, Emulator, EmulatorStats

ERRORS: tuple[type[CandescentError], ...] = (
    ConfigurationError,
    ValidationError,
    ApiConnectionError,
    ApiTimeoutError,
    DecodeError,
    ClientClosedError,
    ApiError,
    BadRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    RateLimitError,
    ServerError,
)


def describe_money(money: Optional[Money]) -> str:
    if money is None:
        return "-"
    amount: Decimal = money.amount
    code: Optional[str] = money.currency_code
    extra: dict[str, Any] = money.extra
    raw: dict[str, Any] = money.to_dict()
    return f"{amount} {code} {len(extra)} {len(raw)}"


def describe_account(a: Account) -> list[object]:
    t: AccountType = a.type
    same: AccountType = a.account_type
    assert t == same
    s: Optional[AccountStatus] = a.status
    act: Optional[AllowedActions] = a.allowed_actions
    dates: list[Optional[datetime.date]] = [
        a.next_payment_date,
        a.maturity_date,
        a.loan_origination_date,
        a.past_principal_due_date,
    ]
    monies = [
        a.current_balance,
        a.available_balance,
        a.last_statement_balance,
        a.interest_year_to_date,
        a.overdraft_limit,
        a.overdraft_available_amount,
        a.current_year_eligible_contribution,
        a.last_year_eligible_contribution,
        a.last_year_max_contribution,
        a.escrow_balance,
        a.current_principal_balance,
        a.next_payment_amount,
        a.pay_off_amount,
        a.calculated_pay_off_amount,
        a.minimum_payment,
        a.line_of_credit_limit,
        a.last_principal_payment_amount,
        a.original_loan_amount,
    ]
    out: list[object] = [
        a.id,
        a.institution_user_id,
        a.institution_customer_id,
        a.institution_id,
        a.description,
        a.nick_name,
        a.account_number,
        a.category,
        t.value,
        t.fi_raw_account_type,
        t.fi_account_type,
        t.description,
        t.extra,
        t.to_dict(),
        a.primary_holder_name,
        a.routing_number,
        a.micr_number,
        a.tpv_reference,
        a.tpv_product_code,
        a.overdraft_account_number,
        a.interest_rate,
        a.term,
        a.additional_info,
        a.extra,
        a.to_dict(),
        *dates,
        *(describe_money(m) for m in monies),
    ]
    if s is not None:
        out += [
            s.open,
            s.closed,
            s.negative_balance,
            s.delinquent,
            s.in_collection,
            s.over_limit,
            s.written_off,
            s.credit_balance,
            s.payment_coupon,
            s.retirement_plan,
            s.ret_plan_owned_by_deceased,
            s.approved,
            s.not_approved,
            s.deleted,
            s.verified,
            s.extra,
            s.to_dict(),
        ]
    if act is not None:
        out += [
            act.summary,
            act.transfer_from,
            act.transfer_to,
            act.is_history_enabled,
            act.is_history_entitled,
            act.is_online_statement_enabled,
            act.extra,
            act.to_dict(),
        ]
    return out


def describe_transaction(t: Transaction) -> list[object]:
    return [
        t.id,
        t.institution_id,
        t.institution_user_id,
        t.institution_customer_id,
        t.account_id,
        t.transaction_number,
        t.transaction_date,
        t.effective_date,
        t.memo,
        t.description,
        describe_money(t.amount),
        t.type,
        t.is_credit_transaction,
        t.is_exportable,
        t.is_pending,
        t.additional_info,
        t.extra,
        t.to_dict(),
    ]


def use_blocking(emu: Emulator) -> int:
    direct = Client(
        base_url=emu.base_url,
        client_id=emu.client_id,
        client_secret=emu.client_secret,
        institution_id=emu.institution_id,
        use_env=False,
        proxy=False,
        trust="default",
    )
    direct.close()
    client: Client = emu.client(timeout=10.0, max_retries=1)
    with client:
        resource: Accounts = client.accounts
        listed: AccountList = resource.list(
            host_user_id=EXAMPLE_HOST_USER_ID,
            filter="category eq 'DEPOSIT'",
            view="m",
            cross_account=False,
            additional_fields=True,
        )
        groups: Optional[int] = resource.list(
            login_id=EXAMPLE_LOGIN_ID, skip_groups=0
        ).total_group_count
        first: Account = listed[0]
        some: list[Account] = listed[0:2]
        every: list[Account] = listed.accounts
        assert len(listed) == len(every) and groups is not None and some
        details = [describe_account(a) for a in listed]
        one: Account = resource.get(first.id, host_user_id=EXAMPLE_HOST_USER_ID, view="s")
        txns: Transactions = client.transactions
        it: TransactionIterator = txns.list(
            account_id=first.id,
            host_user_id=EXAMPLE_HOST_USER_ID,
            start_date=datetime.date(2026, 1, 1),
            end_date="2026-12-31",
            page_size=10,
        )
        rows = [describe_transaction(t) for t in it]
        pages: list[list[Transaction]] = list(
            txns.list(account_id=first.id, host_user_id=EXAMPLE_HOST_USER_ID).pages()
        )
        token: str = client.access_token()
        closed: bool = client.is_closed or client.closed
        where: str = client.base_url
        assert not closed and token and one.id == first.id and pages and where
        stats: EmulatorStats = emu.stats()  # a dict typed as the admin API (0.1: dict[str, Any])
        assert stats["requests"]["accounts"] >= 2
        response: Response = client.request(
            "GET",
            "/v1/institution-disclosures",
            query={"a": [1, True, Decimal("1.5")], "b": None},
            headers=[("X-Note", "typed")],
        )
        headers: Headers = response.headers
        status: int = response.status
        body: bytes = response.content
        text: str = response.text
        data: Any = response.json()
        tid: str = response.transaction_id
        assert headers.get("content-type") and headers.get_all("content-type") and status == 200
        assert body and text and data and tid
        raw_api: WithRawResponse = client.with_raw_response
        raw_accounts: RawAccounts = raw_api.accounts
        raw: RawResponse[AccountList] = raw_accounts.list(host_user_id=EXAMPLE_HOST_USER_ID)
        parsed: AccountList = raw.parse()
        raw_one: RawResponse[Account] = raw_accounts.get(
            first.id, host_user_id=EXAMPLE_HOST_USER_ID
        )
        assert parsed and raw_one.parse().id == first.id and raw.headers and raw.transaction_id
        meta: Optional[ResponseMeta] = it.last_response
        assert meta is not None and meta.status == 200 and meta.headers and meta.transaction_id
    return len(details) + len(rows) + len(listed.extra) + len(listed.to_dict())


async def use_async(emu: Emulator) -> int:
    async with emu.async_client() as client:
        async_client: AsyncClient = client
        resource: AsyncAccounts = async_client.accounts
        listed: AccountList = await resource.list(host_user_id=EXAMPLE_HOST_USER_ID)
        one: Account = await resource.get(listed[0].id, host_user_id=EXAMPLE_HOST_USER_ID)
        txns: AsyncTransactions = async_client.transactions
        it: AsyncTransactionIterator = txns.list(
            account_id=one.id, host_user_id=EXAMPLE_HOST_USER_ID
        )
        count = 0
        async for t in it:
            count += len(describe_transaction(t))
        async for page in txns.list(account_id=one.id, host_user_id=EXAMPLE_HOST_USER_ID).pages():
            count += len(page)
        assert not async_client.closed and async_client.base_url
        token: str = await async_client.access_token()
        assert token
        response: Response = await async_client.request(
            "POST",
            "/v1/institution-disclosures",
            json={"institutionDisclosureName": "T"},
            retry=True,
        )
        assert response.status == 200
        raw_api: AsyncWithRawResponse = async_client.with_raw_response
        raw_accounts: AsyncRawAccounts = raw_api.accounts
        raw: RawResponse[AccountList] = await raw_accounts.list(host_user_id=EXAMPLE_HOST_USER_ID)
        raw_one: RawResponse[Account] = await raw_accounts.get(
            one.id, host_user_id=EXAMPLE_HOST_USER_ID
        )
        assert raw.parse() and raw_one.parse().id == one.id
        assert it.last_response is not None
    return count


def use_errors(emu: Emulator) -> list[str]:
    seen: list[str] = []
    emu.inject_fault(route="accounts", kind="status", count=1, status=404, code="ACC_00101")
    with emu.client(max_retries=0) as client:
        try:
            client.accounts.list(host_user_id=EXAMPLE_HOST_USER_ID)
        except ApiError as e:
            status: Optional[int] = e.status
            code: Optional[str] = e.code
            tid: Optional[str] = e.transaction_id
            retry: Optional[float] = e.retry_after
            message: str = e.message
            seen.append(f"{type(e).__name__} {status} {code} {tid} {retry} {message}")
    emu.expire_tokens()
    emu.revoke_tokens()
    emu.reset()
    for cls in ERRORS:
        seen.append(cls("x", None, None, None, None).message)
    return seen


def use_sessions(emu: Emulator) -> int:
    with emu.client() as client:
        session: UserSession = client.user_session(EXAMPLE_LOGIN_ID, "emulator-password")
        with session:
            listed: AccountList = session.accounts.list()
            txns: TransactionIterator = session.transactions.list(account_id=listed[0].id)
            token: str = session.access_token()
            assert token and not session.closed and session.id_token is None
            count = len(listed) + len(list(txns))
        emu.expire_tokens(refresh_tokens=False)
        coded: UserSession = client.exchange_code(emu.authorization_code(), redirect_uri=None)
        id_token: Optional[str] = coded.id_token
        coded.close()

    async def run() -> int:
        async with emu.async_client() as client:
            async with await client.user_session(
                username=EXAMPLE_LOGIN_ID, password="emulator-password"
            ) as s:
                mine: AsyncUserSession = s
                listed = await mine.accounts.list()
                return len(listed) + len(await mine.access_token())

    return count + len(id_token or "") + asyncio.run(run())


def main() -> None:
    assert candescent.__version__
    with Emulator(token_ttl=3600, latency_ms=0) as emu:
        assert emu.base_url and emu.client_id and emu.client_secret and emu.institution_id
        assert use_blocking(emu) > 0
        assert asyncio.run(use_async(emu)) > 0
        assert len(use_errors(emu)) == len(ERRORS) + 1
        assert use_sessions(emu) > 0


if __name__ == "__main__":
    main()
