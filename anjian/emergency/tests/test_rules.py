"""The accident grade at its thresholds (《生产安全事故报告和调查处理条例》 第三条: 以上 includes the number), who
investigates (第十九条, one level up when concealed: 赣发〔2024〕10号 (六)), the plans' three-yearly evaluation
(应急管理部令第2号 第三十五条) and the named places' progress, in Python and in SQL alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anjian.emergency import rules
from anjian.emergency.choices import GRADE_ORDER, AccidentGrade, RequirementStatus
from anjian.emergency.models import Drill, DrillRequirement, EmergencyPlan

GENERAL, LARGER, MAJOR, GRAVE = (g.value for g in AccidentGrade)


@pytest.mark.parametrize(
    ("deaths", "injuries", "loss", "grade"),
    [
        (0, 0, "0", GENERAL),
        (2, 9, "999.99", GENERAL),
        (3, 0, "0", LARGER),
        (0, 10, "0", LARGER),
        (0, 0, "1000", LARGER),
        (9, 49, "4999.99", LARGER),
        (10, 0, "0", MAJOR),
        (0, 50, "0", MAJOR),
        (0, 0, "5000", MAJOR),
        (29, 99, "9999.99", MAJOR),
        (30, 0, "0", GRAVE),
        (0, 100, "0", GRAVE),
        (0, 0, "10000", GRAVE),
        (2, 0, "10000", GRAVE),  # the highest any of the three reaches
    ],
)
def test_the_grade_at_each_threshold(deaths, injuries, loss, grade):
    assert rules.suggested_grade(deaths, injuries, Decimal(loss)).grade == grade


def _expected(deaths: int, injuries: int, loss: Decimal) -> str:
    """The regulation's table read independently: each number's grade, the highest of the three."""

    def band(value, floors) -> int:
        return sum(value >= f for f in floors)

    level = max(band(deaths, (3, 10, 30)), band(injuries, (10, 50, 100)), band(loss, (1000, 5000, 10000)))
    return GRADE_ORDER[level]


@given(
    deaths=st.integers(0, 200),
    injuries=st.integers(0, 300),
    loss=st.decimals(min_value=0, max_value=20000, places=2, allow_nan=False, allow_infinity=False),
)
def test_the_grade_follows_the_numbers_and_every_other_grade_is_refused_with_the_reason(deaths, injuries, loss):
    expected = _expected(deaths, injuries, loss)
    assert rules.suggested_grade(deaths, injuries, loss).grade == expected
    assert rules.grade_problem(expected, deaths, injuries, loss) is None
    for other in GRADE_ORDER:
        if other != expected:
            reason = rules.grade_problem(other, deaths, injuries, loss)
            assert reason and "第三条" in reason


def test_the_refusal_says_which_number_decides():
    reason = rules.grade_problem(GENERAL, 3, 0, Decimal("0"))
    assert "3" in reason and str(AccidentGrade.LARGER.label) in reason


@pytest.mark.parametrize(
    ("grade", "reporting", "level"),
    [
        (GENERAL, "reported", "county"),
        (GENERAL, "concealed", "city"),
        (GENERAL, "false", "city"),
        (GENERAL, "late", "county"),
        (LARGER, "reported", "city"),
        (MAJOR, "concealed", "state_council"),
        (GRAVE, "concealed", "state_council"),
    ],
)
def test_who_investigates(grade, reporting, level):
    assert rules.required_investigation_level(grade, reporting) == level


# --- plans: evaluated every three years ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issued", "evaluated", "due"),
    [
        (dt.date(2021, 7, 15), None, dt.date(2024, 7, 15)),
        (dt.date(2021, 7, 15), dt.date(2023, 1, 10), dt.date(2026, 1, 10)),
        (dt.date(2020, 2, 29), None, dt.date(2023, 3, 1)),
    ],
)
def test_the_evaluation_falls_due_three_years_on(issued, evaluated, due):
    assert rules.review_due_on(issued, evaluated) == due


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    issued=st.dates(dt.date(2016, 1, 1), dt.date(2024, 12, 31)),
    evaluated_after=st.one_of(st.none(), st.integers(0, 1500)),
    today=st.dates(dt.date(2019, 1, 1), dt.date(2028, 12, 31)),
)
def test_a_plan_is_due_in_sql_exactly_when_python_says(world, issued, evaluated_after, today):
    evaluated = issued + dt.timedelta(days=evaluated_after) if evaluated_after is not None else None
    EmergencyPlan.objects.all().delete()
    plan = EmergencyPlan.objects.create(organiser="county", region=world.regions["360732000000"], title="预案",
                                        kind="comprehensive", version="1", issued_on=issued, evaluated_on=evaluated,
                                        created_by=world.users["county"])  # fmt: skip
    python = today >= rules.review_due_on(issued, evaluated)
    assert EmergencyPlan.objects.filter(rules.review_due_q(today), pk=plan.pk).exists() == python


def test_the_period_is_a_setting(settings):
    settings.ANJIAN_PLAN_REVIEW_YEARS = 5
    assert rules.review_due_on(dt.date(2020, 1, 1), None) == dt.date(2025, 1, 1)


# --- named places ---------------------------------------------------------------------------------------------

FROM, BY = dt.date(2024, 10, 18), dt.date(2024, 11, 30)


@pytest.mark.parametrize(
    ("held", "today", "status"),
    [
        ([], dt.date(2024, 11, 30), RequirementStatus.PENDING),
        ([], dt.date(2024, 12, 1), RequirementStatus.OVERDUE),
        ([dt.date(2024, 11, 30)], dt.date(2024, 12, 5), RequirementStatus.HELD),
        ([dt.date(2024, 12, 1)], dt.date(2024, 12, 5), RequirementStatus.LATE),
        ([dt.date(2024, 10, 17)], dt.date(2024, 12, 5), RequirementStatus.OVERDUE),  # before the notice: not counted
        ([dt.date(2024, 10, 18)], dt.date(2024, 10, 20), RequirementStatus.HELD),
    ],
)
def test_a_named_place_against_its_deadline(held, today, status):
    assert rules.requirement_status(held, FROM, BY, today) == status


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    held=st.lists(st.dates(dt.date(2024, 9, 1), dt.date(2025, 2, 1)), max_size=3),
    today=st.dates(dt.date(2024, 10, 1), dt.date(2025, 3, 1)),
)
def test_the_places_progress_in_sql_matches_python(world, held, today):
    school = world.enterprises["school"]
    Drill.objects.all().delete()
    DrillRequirement.objects.all().delete()
    place = DrillRequirement.objects.create(enterprise=school, people=600, counted_from=FROM, required_by=BY,
                                            source="兴安办〔2024〕80号", named_by=world.users["county"])  # fmt: skip
    for day in held:
        Drill.objects.create(organiser="enterprise", enterprise=school, region=school.region, kind="fire", title="演练",
                             held_on=day, participants=100, created_by=world.users["county"])  # fmt: skip
    found = rules.with_requirement_status(DrillRequirement.objects.filter(pk=place.pk), today).get().status
    assert found == rules.requirement_status(held, FROM, BY, today)
