"""The generic machinery: every typed operation of the table reached through the generated
namespaces, the models of every schema, per-call options, ``with_options``, raw responses,
partial answers, pagers and ``wait()``, against the emulator over real HTTP.
"""

from __future__ import annotations

import asyncio
import datetime
import subprocess
import sys
from decimal import Decimal
from typing import Any

import candescent
import candescent.resources as resources
import pytest
from candescent import _native
from candescent.testing import Emulator
from conftest import BUSINESS, CHECKING, LOGIN, USER


class Recorder:
    """A caller that records what a namespace hands it (awaitable answers for asyncio)."""

    def __init__(self, asyncio: bool = False) -> None:
        self.asyncio = asyncio
        self.calls: list[tuple[str, int, tuple[str, ...], tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, kind: str) -> Any:
        def record(op: int, names: tuple[str, ...], args: tuple[Any, ...], kwargs: Any) -> Any:
            self.calls.append((kind, op, names, args, dict(kwargs)))
            return asyncio.sleep(0) if self.asyncio and kind in ("call", "wait") else None

        return record


def typed_operations() -> list[tuple[int, str, str]]:
    ops = enumerate(_native.operations())
    return [(i, op_id, name) for i, (op_id, name, typed) in ops if typed]


# ----------------------------------------------------------------------------- the namespaces


@pytest.mark.parametrize("root", [resources.Resources, resources.AsyncResources])
def test_every_typed_operation_has_its_method_and_index(root: Any) -> None:
    recorder = Recorder(asyncio=root is resources.AsyncResources)
    namespaces = root(recorder)
    ops = typed_operations()
    assert len(ops) == 81
    for index, _op_id, name in ops:
        *path, method = name.split(".")
        target = namespaces
        for part in path:
            target = getattr(target, part)
        result = getattr(target, method)()
        if asyncio.iscoroutine(result):
            asyncio.run(result)
        kind, op, _names, _args, _kwargs = recorder.calls[-1]
        assert op == index, name
        assert kind in ("call", "pager")


def test_positional_arguments_are_named_by_the_generator() -> None:
    recorder = Recorder()
    namespaces = resources.Resources(recorder)
    namespaces.recipients.update("r1", {"nickName": "Mom"}, host_user_id=USER)
    _, _, names, args, kwargs = recorder.calls[-1]
    assert names == ("recipient_id", "body")
    assert args == ("r1", {"nickName": "Mom"})
    assert kwargs == {"host_user_id": USER}
    namespaces.campaigns.jobs.wait("job-1")
    assert recorder.calls[-1][0] == "wait"
    namespaces.accounts.groups(login_id="gen-12")
    assert recorder.calls[-1][0] == "groups"


def test_raw_and_async_twins_have_the_same_names() -> None:
    assert issubclass(resources.RawRecipients, resources.Recipients)
    assert issubclass(resources.AsyncRawRecipients, resources.AsyncRecipients)
    assert candescent.RawAccounts is resources.RawAccounts
    assert candescent.TransactionIterator is candescent.Pager
    assert candescent.AsyncAccountGroupIterator is candescent.AsyncPager


def test_unknown_names_are_the_cores_validation_errors(emu: Emulator) -> None:
    with emu.client() as client:
        with pytest.raises(candescent.ValidationError, match='did you mean "recipient_id"'):
            client.recipients.get(recipient_idd="r1", host_user_id=USER)
        with pytest.raises(candescent.ValidationError, match="given twice"):
            client.recipients.get("r1", recipient_id="r2", host_user_id=USER)
        with pytest.raises(TypeError, match="takes 1 positional argument"):
            client.recipients.get("r1", USER)  # type: ignore[misc]
        with pytest.raises(candescent.ValidationError, match="timeout"):
            client.accounts.list(host_user_id=USER, timeout="soon")  # type: ignore[arg-type]
    assert emu.stats()["tokens_issued"] == 0


# ----------------------------------------------------------------------------- models


def test_every_schema_has_its_class() -> None:
    for name in candescent._models.__all__:
        cls = getattr(candescent, name)
        assert issubclass(cls, candescent.Model)
    assert issubclass(candescent.AccountList, candescent.ListModel)
    assert issubclass(candescent.Recipients, candescent.ListModel)
    assert not issubclass(candescent.Account, candescent.ListModel)
    # A numbered copy of a schema is its kind: a transaction's Money1 is a Money.
    assert issubclass(candescent.Money1, candescent.Money)
    assert "available_balance" in dir(candescent.Account)
    assert "account_type" in dir(candescent.Account)


def test_models_convert_lazily_and_exactly(emu: Emulator) -> None:
    with emu.client() as client:
        accounts = client.accounts.list(host_user_id=USER)
        checking = client.accounts.get(CHECKING, host_user_id=USER)
        txn = next(iter(client.transactions.list(account_id=CHECKING, host_user_id=USER)))
    assert isinstance(checking.interest_rate, Decimal)
    assert checking.current_balance is not None
    assert str(checking.current_balance.amount) == "12345678901234.56"
    assert isinstance(txn.transaction_date, datetime.date)
    assert isinstance(txn.amount, candescent.Money)
    assert checking.account_type is not None and checking.account_type == checking.type
    assert checking.to_json().count("12345678901234.56") == 1
    assert '"currentBalance"' in checking.to_json()
    # Sequence behaviour of a list model.
    assert bool(accounts) and len(accounts) == len(list(accounts))
    assert accounts[-1] == list(accounts)[-1]
    assert accounts[::2] == list(accounts)[::2]
    with pytest.raises(IndexError, match="AccountList index out of range"):
        accounts[99]
    # Frozen.
    with pytest.raises(AttributeError):
        checking.nick_name = "x"  # type: ignore[misc]
    # A field read on another schema's model is refused, not misread.
    with pytest.raises(TypeError, match="belongs to Account"):
        candescent.Account.__dict__["id"].__get__(txn.amount, candescent.Money)


def test_repr_masks_every_sensitive_field(emu: Emulator) -> None:
    with emu.client() as client:
        business = client.accounts.get(BUSINESS, host_user_id=USER)
        profile = client.customers.find(login_id="gen-12")
    shown = repr(business)
    assert "account_number='****0101'" in shown
    assert business.account_number not in shown
    assert business.routing_number is not None and business.routing_number not in shown
    customer = profile.customers[0]
    assert customer.host_login_id is None or customer.host_login_id not in repr(customer)
    for name in (profile.first_name, profile.last_name, profile.full_name):
        assert name is None or name not in repr(profile)


def test_a_list_of_five_thousand_accounts_stays_cheap(emu: Emulator) -> None:
    with emu.client() as client:
        accounts = client.accounts.list(host_user_id="gen-5000")
    assert len(accounts) == 5000
    assert accounts[4999].id and len(accounts.accounts) == 5000
    del accounts  # freed on the runtime's blocking thread


# ----------------------------------------------------------------------------- calls


def test_customer_accounts_through_the_table(emu: Emulator) -> None:
    with emu.client() as client:
        profile = client.customers.find(host_user_id=USER)
        customer = profile.customers[0].customer_id
        found = client.accounts.list_with_transactions(customer, host_user_id=USER)
    # A list of the document's UXAccount, or None for its 204.
    assert found is None or all(isinstance(a, candescent.UXAccount) for a in found)
    assert found is not None and len(found) >= 1


def test_per_call_options(emu: Emulator) -> None:
    with emu.client() as client:
        emu.inject_fault(route="accounts", kind="status", status=503, count=1)
        with pytest.raises(candescent.ServerError):
            client.accounts.list(host_user_id=USER, max_retries=0)
        assert emu.stats()["requests"]["accounts"] == 1
        emu.inject_fault(route="accounts", kind="stall", stall_ms=2000, count=1)
        with pytest.raises(candescent.ApiTimeoutError) as info:
            client.accounts.list(host_user_id=USER, timeout=0.2, max_retries=0)
        assert info.value.may_have_reached_server is True
        assert len(client.accounts.list(host_user_id=USER, deadline=10.0)) == 6


def test_with_options_shares_the_token(emu: Emulator) -> None:
    with emu.client() as client:
        patient = client.with_options(max_retries=0)
        assert isinstance(patient, candescent.Client)
        client.accounts.list(host_user_id=USER)
        emu.inject_fault(route="accounts", kind="status", status=503, count=1)
        with pytest.raises(candescent.ServerError):
            patient.accounts.list(host_user_id=USER)
        assert emu.stats()["tokens_issued"] == 1
        with pytest.raises(candescent.ValidationError, match="max_retries"):
            client.with_options(max_retries=-1)


def test_raw_responses_of_any_operation(emu: Emulator) -> None:
    with emu.client() as client:
        raw = client.with_raw_response.customers.find(login_id="gen-12")
        assert raw.status == 200 and raw.transaction_id
        assert "application/json" in raw.headers["content-type"]
        assert isinstance(raw.parse(), candescent.CustomerProfile)
        page = client.with_raw_response.transactions.list(
            account_id=CHECKING, host_user_id=USER, page_size=5
        )
        first = page.parse()  # the first page, of the size asked for
        assert isinstance(first, candescent.TransactionList) and len(first) == 5
        with pytest.raises(candescent.ValidationError, match="last_response"):
            client.with_raw_response._c.groups(15, (), (), {"login_id": "gen-12"})


def test_errors_say_whether_the_request_may_have_reached_the_server(emu: Emulator) -> None:
    with emu.client() as client:
        with pytest.raises(candescent.NotFoundError) as found:
            client.accounts.get("nope", host_user_id=USER)
        assert found.value.may_have_reached_server is True
        with pytest.raises(candescent.ValidationError) as refused:
            client.accounts.list()
        assert refused.value.may_have_reached_server is False


def test_request_reads_its_arguments_through_the_core(emu: Emulator) -> None:
    with emu.client() as client:
        with pytest.raises(candescent.ValidationError, match='did you mean "json"'):
            client.request("POST", "/v1/institution-disclosures", jsn={})
        with pytest.raises(candescent.ValidationError, match="retry must be true or false"):
            client.request("GET", "/v1/institution-disclosures", retry="yes")
        with pytest.raises(candescent.ValidationError, match="method must be a string"):
            client.request(7, "/v1/accounts")  # type: ignore[arg-type]
        answer = client.request("GET", "/v1/accounts", query={"hostUserId": USER}, timeout=5.0)
        assert answer.status == 200
    assert emu.stats()["requests"]["disclosures"] == 0


def test_sessions_and_clients_share_their_state_names(emu: Emulator) -> None:
    with emu.client() as client:
        session = client.user_session(LOGIN, "emulator-password")
        assert session.closed is False and session.is_closed is False
        assert len(session.recipients.__class__.__mro__) > 1
        session.close()
        assert session.closed is True and session.is_closed is True


def test_async_calls_pagers_and_raw(emu: Emulator) -> None:
    async def main() -> None:
        async with emu.async_client() as client:
            profile = await client.customers.find(login_id="gen-12")
            assert isinstance(profile, candescent.CustomerProfile)
            pages = [
                p
                async for p in client.transactions.list(
                    account_id=CHECKING, host_user_id=USER, page_size=5
                ).pages()
            ]
            assert all(1 <= len(p) <= 5 for p in pages)
            raw = await client.with_raw_response.accounts.list(host_user_id=USER)
            assert raw.status == 200 and len(raw.parse()) == 6
            slow = client.with_options(timeout=5.0)
            assert len(await slow.accounts.list(host_user_id=USER)) == 6

    asyncio.run(main())


# ----------------------------------------------------------------------------- the emulator


def test_emulator_stats_are_typed(emu: Emulator) -> None:
    with emu.client() as client:
        client.accounts.list(host_user_id=USER)
    stats = emu.stats()
    assert stats["requests"]["accounts"] == 1
    assert stats["grants"]["client_credentials"] == 1
    operations = stats.get("operations")
    assert operations is None or operations.get("listAccountsV1") == 1


def test_import_defers_what_a_first_call_needs() -> None:
    # Importing the whole API must stay cheap (``make bench`` shows its time): logging and
    # asyncio load only when a call or an AsyncClient needs them.
    code = "import sys, candescent; print(sorted({'logging', 'asyncio'} & set(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"


# ----------------------------------------------------------------------------- the whole table


def test_institution_disclosures_created_and_listed(emu: Emulator) -> None:
    with emu.client() as client:
        created = client.disclosures.institution.create(
            {"institutionDisclosureName": "FEES", "institution_disclosure_status": True}
        )
        assert isinstance(created, candescent.InstitutionDisclosure)
        listed = client.disclosures.institution.list()
        assert any(d.institution_disclosure_name == "FEES" for d in listed)


def test_a_body_is_checked_before_sending(emu: Emulator) -> None:
    with emu.client() as client:
        with pytest.raises(candescent.ValidationError, match="institutionDisclosureName"):
            client.disclosures.institution.create({"institutionDisclosureNmae": "x"})
    assert emu.stats()["requests"]["disclosures"] == 0


def test_recipients_crud(emu: Emulator) -> None:
    with emu.client() as client:
        created = client.recipients.create(
            {
                "nickName": "Grandma",
                "fullName": "Ada Example",
                "memberNumber": "2200778800",
                "accountNumber": "7700998877",
                "accountType": "CHECKING",
            },
            host_user_id=USER,
        )
        assert isinstance(created, candescent.Recipients) and len(created) == 1
        recipient = created[0]
        assert isinstance(recipient, candescent.Recipient)
        assert recipient.nick_name == "Grandma"
        again = client.recipients.get(recipient.id, host_user_id=USER)
        assert again[0].id == recipient.id and again[0].full_name == "Ada Example"
        assert client.recipients.delete(recipient.id, host_user_id=USER) is None
        # The API answers 400 REC_14004 for a recipient that is not there.
        with pytest.raises(candescent.BadRequestError) as gone:
            client.recipients.get(recipient.id, host_user_id=USER)
        assert gone.value.code == "REC_14004"


def test_ach_payments_read_window_by_window(emu: Emulator) -> None:
    with emu.client() as client:
        pager = client.business.payments.ach.list(
            login_id="testUser", from_date=datetime.date(2026, 1, 1), to_date="2026-03-31"
        )
        payments = list(pager)
    assert payments and all(isinstance(p, candescent.AchPayment) for p in payments)
    # 90 days, 30 a request: the pager asks window by window.
    assert emu.stats()["operations"]["getAchPaymentsV1"] == 3


def test_alert_templates_list(emu: Emulator) -> None:
    with emu.client() as client:
        templates = client.alerts.templates.list(locale="en_US")
    assert isinstance(templates, candescent.AlertTemplateResources)


def test_partial_answers_are_never_silent(emu: Emulator) -> None:
    with emu.client() as client:
        # Jordan Lee has a closed account: the API turns e-statements on for the others only.
        partial = client.e_statements.update_user_preferences(
            {"activateEstatement": True}, host_user_id="2200334455"
        )
        whole = client.e_statements.update_user_preferences(
            {"activateEstatement": True}, host_user_id=USER
        )
    assert isinstance(partial, candescent.Partial)
    assert (partial.complete, partial.status) == (False, 206)
    assert partial.result is not None
    assert partial.result.failed_accounts == ["cLoSeDaCcOuNt0000000000000000000000000000001"]
    assert whole.complete and whole.status in (200, 204)


def test_images_have_their_media_type(emu: Emulator) -> None:
    with emu.client() as client:
        image = client.images.get(
            "statement-paGLhmRd-202604",
            host_user_id=USER,
            account_id=CHECKING,
            image_type="STATEMENT",
            statement_date="2026-04-30",
        )
    info = image.image_info_items[0]
    assert info.type == "PDF" and info.media_type == "application/pdf"
    # The base64 of the answer arrives decoded.
    assert isinstance(info.data, bytes) and info.data.startswith(b"%PDF")


def test_jobs_wait_until_they_end(emu: Emulator) -> None:
    with emu.client() as client:
        job = client.campaigns.experience_groups.upload_participants(
            "e1a3000d-117b-4cf7-8113-b96748057717",
            type="ADD",
            file=b"ParticipantId\n1001\nnot-an-id\n",
        )
        assert job.job_status == "CREATED"
        done = client.campaigns.jobs.wait(job.job_id, deadline=5.0)
    assert isinstance(done, candescent.Job)
    assert done.job_status == "PARTIAL_SUCCESS"
    assert (done.success_records_count, done.failed_records_count) == (1, 1)


def test_experience_groups_page_by_page(emu: Emulator) -> None:
    with emu.client() as client:
        groups = list(client.campaigns.experience_groups.list(page_size=2))
    assert all(isinstance(g, candescent.GroupsWithParticipantsCount) for g in groups)


def test_banking_activities_follow_their_page_tokens(emu: Emulator) -> None:
    criteria = {
        "startTime": "2026-03-01T00:00:00Z",
        "endTime": "2026-04-30T23:59:59Z",
        "pageSize": 20,
        "userId": "testUser",
        "userIdType": "loginId",
    }
    with emu.client() as client:
        found = list(client.banking_activities.search(criteria))
    assert len(found) == 45 and all(a["loginId"] == "testUser" for a in found)
    assert emu.stats()["operations"]["searchBankingActivitiesV1"] == 3
