"""外包外租安全管理混乱 (高府发〔2023〕14号 附件4 注2): a contract is disorderly exactly when one of the four conditions
holds — every combination checked; the flag is computed, stored, filterable and counted by unit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from anjian.core.testing import make_credit_code
from anjian.duties import services
from anjian.duties.choices import Disorder
from anjian.duties.models import OutsourcingContract
from anjian.duties.models.contracts import disorder_reasons

from .conftest import TODAY

pytestmark = [pytest.mark.usefixtures("frozen"), pytest.mark.django_db]
ORDERLY = {
    "kind": "outsourcing",
    "subject": "厂房维修工程",
    "counterparty": "兴国县鑫源建筑工程有限公司",
    "counterparty_credit_code": make_credit_code(20000001),
    "qualification_required": "建筑工程施工总承包三级",
    "qualification_held": "建筑工程施工总承包三级",
    "safety_conditions": True,
    "agreement_signed": True,
    "duties_defined": True,
    "unified_management": True,
    "starts_on": dt.date(2026, 3, 1),
    "ends_on": dt.date(2027, 2, 28),
}


@given(
    safety=st.booleans(), required=st.sampled_from(["", "资质", "  "]), held=st.sampled_from(["", "资质"]),
    agreement=st.booleans(), duties=st.booleans(), unified=st.booleans(),
)  # fmt: skip
def test_each_condition_of_the_note_and_only_those(safety, required, held, agreement, duties, unified):
    found = disorder_reasons(safety_conditions=safety, qualification_required=required, qualification_held=held,
                             agreement_signed=agreement, duties_defined=duties, unified_management=unified)  # fmt: skip
    assert (Disorder.NOT_QUALIFIED in found) == (not safety or (required.strip() != "" and held == ""))
    assert (Disorder.NO_AGREEMENT in found) == (not agreement)
    assert (Disorder.DUTIES_UNCLEAR in found) == (not duties)
    assert (Disorder.NOT_UNIFIED in found) == (not unified)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"safety_conditions": False}, Disorder.NOT_QUALIFIED),
        ({"qualification_held": ""}, Disorder.NOT_QUALIFIED),
        ({"agreement_signed": False}, Disorder.NO_AGREEMENT),
        ({"duties_defined": False}, Disorder.DUTIES_UNCLEAR),
        ({"unified_management": False}, Disorder.NOT_UNIFIED),
    ],
)
def test_one_condition_makes_it_disorderly_and_correcting_it_clears_it(world, changes, reason):
    contract = services.record_contract(world.users["qiye1"], world.enterprises["shop"], **(ORDERLY | changes))
    assert contract.disorderly and contract.reasons() == [reason]
    assert OutsourcingContract.objects.filter(disorderly=True).get() == contract
    fixed = services.change_contract(world.users["gaoxing"], contract, {name: ORDERLY[name] for name in changes})
    assert not fixed.disorderly and not OutsourcingContract.objects.filter(disorderly=True).exists()
    assert [h.disorderly for h in fixed.history.order_by("history_id")] == [True, False]


@settings(max_examples=16, deadline=None)
@given(
    flags=st.fixed_dictionaries(
        {f: st.booleans() for f in ("safety_conditions", "agreement_signed", "duties_defined", "unified_management")}
    )
)
def test_the_stored_flag_is_the_rule(flags):
    from django.db import transaction

    from anjian.core.testing import build_world

    with transaction.atomic():
        world = build_world()
        saved = services.record_contract(world.users["county"], world.enterprises["mine"], **(ORDERLY | flags))
        assert OutsourcingContract.objects.get(pk=saved.pk).disorderly == (not all(flags.values()))
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"counterparty_credit_code": "91360732100000011X"}, "counterparty_credit_code"),
        ({"counterparty_credit_code": "123"}, "counterparty_credit_code"),
        ({"counterparty": ""}, "counterparty"),
        ({"subject": "项\u0007目"}, "subject"),
        ({"kind": "sale"}, "kind"),
        ({"starts_on": "2099-01-01"}, "starts_on"),
        ({"ends_on": dt.date(2026, 2, 1)}, "ends_on"),
        ({"ends_on": dt.date(2070, 1, 1)}, "ends_on"),
        ({"agreement_signed": "yes"}, "agreement_signed"),
    ],
)
def test_bad_contracts_are_refused_by_field(world, changes, field):
    with pytest.raises(ValidationError) as caught:
        services.record_contract(world.users["qiye1"], world.enterprises["shop"], **(ORDERLY | changes))
    assert list(caught.value.message_dict) == [field]
    assert not OutsourcingContract.objects.exists()


def test_a_natural_person_has_no_code_and_the_code_is_upper_cased(world):
    person = services.record_contract(
        world.users["qiye1"], world.enterprises["shop"], **(ORDERLY | {"counterparty_credit_code": ""})
    )
    assert person.counterparty_credit_code == ""
    code = make_credit_code(20000002)
    lower = services.record_contract(
        world.users["qiye1"], world.enterprises["shop"], **(ORDERLY | {"counterparty_credit_code": code.lower()})
    )
    assert lower.counterparty_credit_code == code


@pytest.mark.parametrize("username", ["qiye2", "grid1", "leader", "expert1", "zhujian"])
def test_who_keeps_contracts(world, qiye2, username):
    from anjian.core.testing import make_user
    from anjian.org.choices import Role

    users = dict(world.users, qiye2=qiye2)
    if username == "zhujian":
        users["zhujian"] = make_user("zhujian", Role.DEPARTMENT, department=world.departments["zhujian"])
    with pytest.raises(PermissionDenied):
        services.record_contract(users[username], world.enterprises["shop"], **ORDERLY)
    for allowed in ("qiye1", "gaoxing", "yingji", "county"):
        services.record_contract(world.users[allowed], world.enterprises["shop"], **ORDERLY)
    assert OutsourcingContract.objects.count() == 4 and TODAY.year == 2026
