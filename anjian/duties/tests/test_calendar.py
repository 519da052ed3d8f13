"""Marking a duty done: by the unit itself only, once, on a day within its period and not in the future, with the
minutes or a photo and the principal who signs; a refusal stores nothing. Due, done and overdue with frozen time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.duties import services
from anjian.duties.choices import OccurrenceStatus
from anjian.duties.models import DutyOccurrence

from .conftest import TODAY, occurrence, said

pytestmark = pytest.mark.usefixtures("calendar")
AUGUST = dt.date(2026, 8, 1)


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict if hasattr(caught.value, "error_dict") else {"": caught.value.messages}


def _meeting(world):
    return occurrence(world.enterprises["shop"], "review_meeting", AUGUST)


def test_the_unit_records_it_once(world):
    found = _meeting(world)
    assert found.status_on(TODAY) == OccurrenceStatus.DUE
    done = services.mark_done(world.users["qiye1"], found, TODAY, " 主持召开8月讲评会 ", "")
    assert (done.done_on, done.minutes, done.principal_name, done.recorded_by) == (
        TODAY,
        "主持召开8月讲评会",
        "王国平",  # the unit's principal when none is given
        world.users["qiye1"],
    )
    assert done.status_on(TODAY) == OccurrenceStatus.DONE and done.recorded_at is not None
    message = refusal(lambda: services.mark_done(world.users["qiye1"], found, TODAY, "再记一次", "王国平"))[""][0]
    assert message == said(
        "This duty was already recorded as done on %(day)s; a record is never changed.", day="2026-08-15"
    )
    found.refresh_from_db()
    assert found.minutes == "主持召开8月讲评会"


@pytest.mark.parametrize(
    ("day", "minutes", "principal", "field"),
    [
        (TODAY + dt.timedelta(days=1), "开会", "", "done_on"),
        (AUGUST - dt.timedelta(days=1), "开会", "", "done_on"),
        ("2026-02-30", "开会", "", "done_on"),
        ("", "开会", "", "done_on"),
        (TODAY, "", "", "minutes"),
        (TODAY, "开会\u0007", "", "minutes"),
        (TODAY, "会" * 2001, "", "minutes"),
        (TODAY, "开会", "王\u001b国平", "principal_name"),
        (TODAY, "开会", "王" * 41, "principal_name"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_stored(world, day, minutes, principal, field):
    found = _meeting(world)
    assert list(refusal(lambda: services.mark_done(world.users["qiye1"], found, day, minutes, principal))) == [field]
    found.refresh_from_db()
    assert found.done_on is None and found.minutes == "" and found.recorded_by is None


def test_the_day_bounds_are_the_periods_first_day_and_today(world):
    found = _meeting(world)
    message = refusal(lambda: services.mark_done(world.users["qiye1"], found, AUGUST - dt.timedelta(days=1), "x"))
    assert "2026-08-01" in message["done_on"][0] and said("the first day of the period") in message["done_on"][0]
    assert (
        "2026-08-15"
        in refusal(lambda: services.mark_done(world.users["qiye1"], found, "2099-01-01", "x"))["done_on"][0]
    )
    assert services.mark_done(world.users["qiye1"], found, AUGUST, "x").done_on == AUGUST


def test_a_unit_without_a_principal_names_the_signer(world):
    found = occurrence(world.enterprises["school"], "review_meeting", AUGUST)
    from anjian.core.testing import make_user
    from anjian.org.choices import Role

    school_user = make_user("xuexiao", Role.ENTERPRISE, enterprise=world.enterprises["school"])
    assert list(refusal(lambda: services.mark_done(school_user, found, TODAY, "开会"))) == ["principal_name"]
    assert services.mark_done(school_user, found, TODAY, "开会", "刘校长").principal_name == "刘校长"


@pytest.mark.parametrize("username", ["county", "gaoxing", "yingji", "leader", "grid1", "expert1", "qiye2"])
def test_only_the_unit_itself_records(world, qiye2, username):
    found = _meeting(world)
    with pytest.raises(PermissionDenied):
        services.mark_done(world.users.get(username) or qiye2, found, TODAY, "开会")
    found.refresh_from_db()
    assert found.done_on is None


def test_overdue_when_the_last_day_has_passed(world, time_machine):
    july = occurrence(world.enterprises["shop"], "review_meeting", dt.date(2026, 7, 1))
    assert july.status_on(dt.date(2026, 7, 31)) == OccurrenceStatus.DUE
    assert july.status_on(dt.date(2026, 8, 1)) == OccurrenceStatus.OVERDUE
    late = services.mark_done(world.users["qiye1"], july, TODAY, "补开7月讲评会")
    assert late.status_on(TODAY) == OccurrenceStatus.DONE and late.late
    rows = DutyOccurrence.objects.filter(enterprise=world.enterprises["shop"], item__code="review_meeting")
    for status, expected in (("done", 1), ("overdue", 6), ("due", 1)):
        assert rows.filter(services.status_q(status, TODAY)).count() == expected, status
    time_machine.move_to(dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.UTC), tick=False)
    assert rows.filter(services.status_q("overdue", dt.date(2026, 9, 1))).count() == 7
