"""The drill frequency (赣发〔2024〕10号 (二十); 高府发〔2023〕14号 一（一）9): yearly, half-yearly for high-risk units —
at the boundaries of the periods with frozen time, the same answer in Python and in SQL, and the unscripted
drill's plan filed the day before (on time) or the same day and after (late)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anjian.emergency import rules
from anjian.emergency.choices import FrequencyStatus
from anjian.emergency.models import Drill
from anjian.registry.models import Enterprise

from .conftest import held

pytestmark = pytest.mark.django_db
COMPLIANT, DUE, OVERDUE = FrequencyStatus.COMPLIANT, FrequencyStatus.DUE, FrequencyStatus.OVERDUE
LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def old_units(world):
    """The world's units registered long ago (so a missed period counts against them)."""
    Enterprise.objects.update(created_at=LONG_AGO)
    return world


def status_in_sql(unit: Enterprise, today: dt.date) -> str:
    return rules.with_frequency(Enterprise.objects.filter(pk=unit.pk), today).get().drill_status


def status_in_python(unit: Enterprise, today: dt.date) -> str:
    unit.refresh_from_db()
    days = Drill.objects.filter(enterprise=unit, held_on__lte=today).values_list("held_on", flat=True)
    last = max(days, default=None)
    return rules.frequency_status(unit.high_risk, last, unit.created_at.astimezone(LONG_AGO.tzinfo).date(), today)


def both(unit, today) -> str:
    found = status_in_sql(unit, today)
    assert found == status_in_python(unit, today), (unit, today)
    return found


@pytest.mark.parametrize(
    ("drilled", "today", "expected"),
    [
        (dt.date(2024, 6, 30), dt.date(2024, 6, 30), COMPLIANT),  # the last day of the first half year
        (dt.date(2024, 6, 30), dt.date(2024, 7, 1), DUE),  # a new half year: the last one was met
        (dt.date(2024, 7, 1), dt.date(2024, 7, 1), COMPLIANT),
        (dt.date(2023, 12, 31), dt.date(2024, 6, 30), DUE),  # met the second half of 2023
        (dt.date(2023, 12, 31), dt.date(2024, 7, 1), OVERDUE),  # the first half of 2024 passed without one
        (dt.date(2024, 1, 1), dt.date(2024, 7, 1), DUE),
        (dt.date(2023, 6, 30), dt.date(2024, 1, 1), OVERDUE),
        (dt.date(2023, 7, 1), dt.date(2024, 1, 1), DUE),
    ],
)
def test_a_high_risk_unit_drills_every_half_year(old_units, time_machine, drilled, today, expected):
    mine = old_units.enterprises["mine"]
    assert mine.high_risk
    time_machine.move_to(dt.datetime.combine(drilled, dt.time(9)), tick=False)
    held(old_units.users["yingji"], mine, drilled)
    time_machine.move_to(dt.datetime.combine(today, dt.time(9)), tick=False)
    assert both(mine, today) == expected


@pytest.mark.parametrize(
    ("drilled", "today", "expected"),
    [
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31), COMPLIANT),  # a general unit: the year is the period
        (dt.date(2024, 1, 1), dt.date(2024, 7, 1), COMPLIANT),  # no half-year rule for it
        (dt.date(2023, 12, 31), dt.date(2024, 12, 31), DUE),
        (dt.date(2023, 1, 1), dt.date(2024, 12, 31), DUE),
        (dt.date(2022, 12, 31), dt.date(2024, 1, 1), OVERDUE),  # all of 2023 without a drill
        (dt.date(2024, 12, 31), dt.date(2025, 1, 1), DUE),
    ],
)
def test_a_general_unit_drills_every_year(old_units, time_machine, drilled, today, expected):
    school = old_units.enterprises["school"]
    assert not school.high_risk
    time_machine.move_to(dt.datetime.combine(drilled, dt.time(9)), tick=False)
    held(old_units.users["county"], school, drilled)
    time_machine.move_to(dt.datetime.combine(today, dt.time(9)), tick=False)
    assert both(school, today) == expected


def test_a_unit_never_drilled_is_overdue_unless_registered_since_the_last_period_began(old_units, time_machine):
    time_machine.move_to(dt.datetime(2024, 7, 15, 9), tick=False)
    school, mine = old_units.enterprises["school"], old_units.enterprises["mine"]
    assert both(school, dt.date(2024, 7, 15)) == OVERDUE
    Enterprise.objects.filter(pk=mine.pk).update(created_at=dt.datetime(2024, 1, 1, tzinfo=LONG_AGO.tzinfo))
    assert both(mine, dt.date(2024, 7, 15)) == DUE  # registered when the first half of 2024 began
    Enterprise.objects.filter(pk=mine.pk).update(created_at=dt.datetime(2023, 12, 31, 23, tzinfo=LONG_AGO.tzinfo))
    assert both(mine, dt.date(2024, 7, 15)) == OVERDUE


def test_a_planned_drill_and_a_drill_of_another_unit_do_not_count(old_units, time_machine):
    from anjian.emergency import services

    time_machine.move_to(dt.datetime(2024, 7, 15, 9), tick=False)
    county = old_units.users["county"]
    school = old_units.enterprises["school"]
    services.record_drill(county, enterprise=school, kind="fire", planned_on=dt.date(2024, 7, 10))
    held(county, old_units.enterprises["site"], dt.date(2024, 7, 1))
    assert both(school, dt.date(2024, 7, 15)) == OVERDUE


def test_next_due_is_the_period_end_or_the_next_one_once_drilled():
    today = dt.date(2024, 3, 5)
    assert rules.next_due(True, DUE, today) == dt.date(2024, 6, 30)
    assert rules.next_due(True, COMPLIANT, today) == dt.date(2024, 12, 31)
    assert rules.next_due(False, OVERDUE, today) == dt.date(2024, 12, 31)
    assert rules.next_due(False, COMPLIANT, today) == dt.date(2025, 12, 31)


days = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2026, 12, 31))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drill_days=st.lists(days, max_size=3), registered=days, today=days, high_risk=st.booleans())
def test_python_and_sql_agree_everywhere(old_units, drill_days, registered, today, high_risk):
    """Any drills, any registration day, any day asked: the list's SQL gives the record's Python answer."""
    unit = old_units.enterprises["mine" if high_risk else "school"]
    Drill.objects.filter(enterprise=unit).delete()
    moment = dt.datetime.combine(registered, dt.time(8), tzinfo=LONG_AGO.tzinfo)
    Enterprise.objects.filter(pk=unit.pk).update(created_at=moment)
    for day in drill_days:
        Drill.objects.create(organiser="enterprise", enterprise=unit, region=unit.region, kind="fire", title="演练",
                             held_on=day, participants=5, created_by=old_units.users["county"])  # fmt: skip
    last = max((d for d in drill_days if d <= today), default=None)
    expected = rules.frequency_status(high_risk, last, registered, today)
    assert status_in_sql(unit, today) == expected


# --- an unscripted drill's plan, filed in time ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("filed", "late"),
    [(dt.date(2024, 6, 30), False), (dt.date(2024, 7, 1), True), (dt.date(2024, 7, 2), True), (None, True)],
)
def test_an_unscripted_drill_needs_its_plan_filed_the_day_before(world, time_machine, filed, late):
    time_machine.move_to(dt.datetime(2024, 7, 15, 9), tick=False)
    drill = held(world.users["county"], world.enterprises["school"], dt.date(2024, 7, 1), unscripted=True,
                 filed_on=filed)  # fmt: skip
    assert drill.late_filing is late
    assert Drill.objects.filter(rules.late_filing_q()).filter(pk=drill.pk).exists() is late


def test_a_scripted_drill_is_never_late_filed(world, time_machine):
    time_machine.move_to(dt.datetime(2024, 7, 15, 9), tick=False)
    drill = held(world.users["county"], world.enterprises["school"], dt.date(2024, 7, 1))
    assert not drill.late_filing
    assert not Drill.objects.filter(rules.late_filing_q()).exists()
