"""Permits (高府发〔2023〕14号 三（一）5): a hot-work permit needs a special operations certificate for welding and
hot cutting held on every day of the permit; without one the permit is refused with the reason and nothing is
stored. The other checks: the people are of the unit, the guardian and approver are not the worker, the times are
bounded."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.people import permits, services
from anjian.people.models import Permit

from .conftest import certificate, person

pytestmark = pytest.mark.usefixtures("frozen", "english")
D = dt.date
TZ = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


@pytest.fixture
def crew(world):
    return {
        "welder": person(world, "mine", 1, ["special_operation"], operation_type="welding"),
        "guardian": person(world, "mine", 2, ["safety_manager"]),
        "approver": person(world, "mine", 3, ["principal"]),
        "stranger": person(world, "park_chem", 4, ["safety_manager"]),
    }


def permit(world, crew, user="county", **changes):
    values = {"enterprise": world.enterprises["mine"], "kind": "hot_work", "worker": crew["welder"],
              "guardian": crew["guardian"], "approver": crew["approver"], "place": "机修车间",
              "starts_at": at(D(2024, 7, 16)), "ends_at": at(D(2024, 7, 16), 17), "measures": "清理可燃物"}  # fmt: skip
    return permits.add_permit(world.users[user], **(values | changes))


def refused(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    assert not Permit.objects.exists()
    return caught.value.message_dict


def test_an_uncertified_welder_is_refused_with_the_reason(world, crew):
    reason = refused(lambda: permit(world, crew))["worker"][0]
    assert "holds no special operations certificate for Welding and hot cutting" in reason
    certificate(world, crew["welder"], D(2024, 1, 1), operation_type="electrical")  # the wrong operation
    assert "holds no special operations certificate" in refused(lambda: permit(world, crew))["worker"][0]


@pytest.mark.parametrize(
    ("issued_on", "reviewed_on", "words"),
    [
        (D(2018, 7, 16), D(2021, 7, 1), "expired on 2024-07-16"),  # valid through the first day, not the second
        (D(2021, 7, 15), None, "due for review on 2024-07-15"),  # its review fell due before the work
        (D(2024, 7, 17), None, "issued only on 2024-07-17"),  # issued after the work starts (recorded ahead)
    ],
)
def test_a_certificate_not_held_on_the_permits_days_is_refused(world, crew, issued_on, reviewed_on, words):
    if issued_on > D(2024, 7, 15):
        with pytest.raises(ValidationError):  # a certificate cannot be recorded before it is issued
            certificate(world, crew["welder"], issued_on)
        return
    certificate(world, crew["welder"], issued_on, reviewed_on=reviewed_on)
    ends = at(D(2024, 7, 17), 9)
    assert words in refused(lambda: permit(world, crew, ends_at=ends))["worker"][0]


def test_a_certified_welder_gets_the_permit_with_the_certificate_checked(world, crew):
    held = certificate(world, crew["welder"], D(2023, 5, 1), issued_elsewhere=True)
    made = permit(world, crew)
    assert made.certificate == held and made.worker == crew["welder"]
    assert made.history.count() == 1


def test_other_kinds_check_their_certificates_or_none(world, crew):
    assert "worker" in refused(lambda: permit(world, crew, kind="work_at_height"))
    assert "worker" in refused(lambda: permit(world, crew, kind="temporary_electricity"))
    confined = permit(world, crew, kind="confined_space")
    assert confined.certificate is None
    electrical = certificate(world, crew["welder"], D(2023, 5, 1), operation_type="electrical")
    long_electricity = permit(world, crew, kind="temporary_electricity", ends_at=at(D(2024, 7, 30)))
    assert long_electricity.certificate == electrical


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"guardian": "welder"}, "guardian"),
        ({"approver": "welder"}, "approver"),
        ({"guardian": "stranger"}, "guardian"),  # of another unit
        ({"worker": "stranger"}, "worker"),
        ({"worker": None}, "worker"),
        ({"ends_at": at(D(2024, 7, 16), 8)}, "ends_at"),  # ends as it starts
        ({"ends_at": at(D(2024, 7, 15), 8)}, "ends_at"),  # before it starts
        ({"ends_at": at(D(2024, 7, 19), 9)}, "ends_at"),  # more than 72 hours
        ({"starts_at": at(D(2024, 8, 20)), "ends_at": at(D(2024, 8, 20), 12)}, "starts_at"),  # 36 days ahead
        ({"starts_at": at(D(1999, 12, 31)), "ends_at": at(D(1999, 12, 31), 12)}, "starts_at"),
        ({"starts_at": "junk"}, "starts_at"),
        ({"place": ""}, "place"),
        ({"measures": "灭火器\u0007"}, "measures"),
        ({"measures": "措" * 2001}, "measures"),
        ({"kind": "dancing"}, "kind"),
    ],
)
def test_bad_input_is_refused_by_field(world, crew, changes, field):
    certificate(world, crew["welder"], D(2023, 5, 1))
    changes = {k: crew[v] if isinstance(v, str) and v in crew else v for k, v in changes.items()}
    assert field in refused(lambda: permit(world, crew, **changes))


def test_a_worker_who_left_is_refused_and_read_only_roles_may_not(world, crew):
    certificate(world, crew["welder"], D(2023, 5, 1))
    crew["welder"] = services.change_person(world.users["county"], crew["welder"], {"left_on": D(2024, 7, 15)})
    assert "left the unit" in refused(lambda: permit(world, crew))["worker"][0]
    with pytest.raises(PermissionDenied):
        permit(world, crew, user="leader")
    assert "enterprise" in refused(lambda: permit(world, crew, user="qiye1"))  # not the shop's unit
