"""Every hour rule at its bounds, on a frozen day (15 July 2024): the hours asked of principals and safety managers
(32/12, 48/16 in the training's high-risk units), of new staff before the post (24, 72), the yearly 20 in the
high-risk units, the rolling year, the 3-month absence exactly, and the 6-month assessment — read from the one
SQL annotation every list and page uses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anjian.people import rules, services
from anjian.people.choices import Compliance, TrainingRule
from anjian.people.models import Person, TrainingRecord

from .conftest import TODAY, certificate, person, training

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date


def standing(who: Person, today: dt.date = TODAY) -> Person:
    return rules.with_compliance(Person.objects.filter(pk=who.pk), today).get()


def summary(who: Person, today: dt.date = TODAY) -> tuple:
    p = standing(who, today)
    return (p.training_rule, p.training_required_hours, p.training_hours, p.training_short_hours, p.compliance)


def test_high_risk_units_of_the_training_rules(world):
    units = world.enterprises
    high = {k for k, e in units.items() if type(e).objects.filter(rules.training_high_risk_q(""), pk=e.pk).exists()}
    # 非煤矿山, 危险化学品 and 烟花爆竹 are; construction (high-risk for other rules) and schools are not.
    assert high == {"mine", "park_chem", "shop"}
    assert units["site"].high_risk and "site" not in high


@pytest.mark.parametrize(
    ("unit", "hours", "expected"),
    [
        ("school", "31.5", (TrainingRule.MANAGER_INITIAL, 32, Decimal("31.5"), Decimal("0.5"), Compliance.SHORT)),
        ("school", "32", (TrainingRule.MANAGER_INITIAL, 32, 32, 0, Compliance.COMPLIANT)),
        ("site", "32", (TrainingRule.MANAGER_INITIAL, 32, 32, 0, Compliance.COMPLIANT)),  # construction: 32, not 48
        ("mine", "47", (TrainingRule.MANAGER_INITIAL, 48, 47, 1, Compliance.SHORT)),
        ("mine", "48", (TrainingRule.MANAGER_INITIAL, 48, 48, 0, Compliance.COMPLIANT)),
    ],
)
def test_initial_training_of_managers(world, unit, hours, expected):
    manager = person(world, unit, categories=["safety_manager"])
    training(world, manager, hours, D(2024, 6, 1))
    assert summary(manager) == expected


@pytest.mark.parametrize(
    ("initial_on", "retrained_on", "expected"),
    [
        # The initial training ended a year ago today: this year asks its 12 hours, counted after 15 July 2023.
        (D(2023, 7, 15), D(2023, 7, 15), (TrainingRule.MANAGER_YEARLY, 12, 0, 12, Compliance.SHORT)),
        (D(2023, 7, 15), D(2023, 7, 16), (TrainingRule.MANAGER_YEARLY, 12, 12, 0, Compliance.COMPLIANT)),
        # Ended a day later: still the initial training's year.
        (D(2023, 7, 16), None, (TrainingRule.MANAGER_INITIAL, 32, 32, 0, Compliance.COMPLIANT)),
    ],
)
def test_yearly_retraining_over_the_rolling_year(world, initial_on, retrained_on, expected):
    principal = person(world, "school", categories=["principal"])
    training(world, principal, 32, initial_on)
    if retrained_on:
        training(world, principal, 12, retrained_on, kind="yearly")
    assert summary(principal) == expected


def test_high_risk_managers_retrain_16_hours_a_year(world):
    principal = person(world, "park_chem", categories=["principal"])
    training(world, principal, 48, D(2022, 3, 1))
    training(world, principal, "15.5", D(2024, 3, 1), kind="yearly")
    assert summary(principal) == (TrainingRule.MANAGER_YEARLY, 16, Decimal("15.5"), Decimal("0.5"), Compliance.SHORT)
    training(world, principal, "0.5", D(2024, 3, 2), kind="review")
    assert summary(principal)[3:] == (0, Compliance.COMPLIANT)


@pytest.mark.parametrize(
    ("unit", "started_on", "hours", "trained_on", "expected"),
    [
        ("school", D(2024, 7, 20), 23, D(2024, 7, 10), (24, 23, 1, Compliance.SHORT)),  # not yet at the post
        ("school", D(2024, 7, 1), 23, D(2024, 6, 30), (24, 23, 1, Compliance.OVERDUE)),  # at the post, short
        ("school", D(2024, 7, 1), 24, D(2024, 7, 1), (24, 24, 0, Compliance.COMPLIANT)),  # on the first day counts
        ("school", D(2024, 7, 1), 24, D(2024, 7, 2), (24, 0, 24, Compliance.OVERDUE)),  # after taking up the post
        ("mine", D(2024, 7, 1), 71, D(2024, 6, 1), (72, 71, 1, Compliance.OVERDUE)),
        ("shop", D(2024, 7, 1), 72, D(2024, 6, 1), (72, 72, 0, Compliance.COMPLIANT)),
    ],
)
def test_new_staff_before_taking_up_the_post(world, unit, started_on, hours, trained_on, expected):
    newcomer = person(world, unit, categories=["new_staff"], started_on=started_on)
    training(world, newcomer, hours, trained_on)
    assert summary(newcomer)[0] == TrainingRule.NEW_STAFF
    assert summary(newcomer)[1:] == expected


def test_yearly_twenty_hours_in_the_high_risk_units(world):
    # A year at the post (started a year ago today): the 72 hours are behind, the yearly 20 ahead.
    veteran = person(world, "mine", serial=1, categories=["new_staff"], started_on=D(2023, 7, 15))
    training(world, veteran, 72, D(2023, 7, 1))
    training(world, veteran, "19.5", D(2024, 1, 10), kind="yearly")
    assert summary(veteran) == (TrainingRule.YEARLY, 20, Decimal("19.5"), Decimal("0.5"), Compliance.SHORT)
    newer = person(world, "mine", serial=2, categories=["new_staff"], started_on=D(2023, 7, 16))
    training(world, newer, 72, D(2023, 7, 1))
    assert summary(newer)[0] == TrainingRule.NEW_STAFF
    worker = person(world, "mine", serial=3, categories=["team_leader"])
    assert summary(worker) == (TrainingRule.YEARLY, 20, 0, 20, Compliance.SHORT)
    elsewhere = person(world, "school", serial=4, categories=["team_leader"])
    assert summary(elsewhere) == (TrainingRule.NONE, 0, 0, 0, Compliance.COMPLIANT)


def test_failed_training_counts_no_hours(world):
    principal = person(world, "school", categories=["principal"])
    training(world, principal, 32, D(2024, 6, 1), result="failed")
    assert summary(principal)[2:] == (0, 32, Compliance.SHORT)


@pytest.mark.parametrize(
    ("back_on", "retrained_on", "overdue"),
    [
        (D(2024, 4, 10), None, True),  # exactly 3 months away (10 January to 10 April): 3 个月以上
        (D(2024, 4, 9), None, False),  # a day short of 3 months
        (D(2024, 4, 10), D(2024, 4, 8), False),  # retrained before resuming
        (D(2024, 4, 10), D(2024, 1, 9), True),  # a training before leaving is not the retraining
        (D(2024, 8, 1), None, False),  # still away: retrains before coming back
    ],
)
def test_back_after_three_months_away_retrains_first(world, back_on, retrained_on, overdue):
    worker = person(world, "school", categories=["team_leader"])
    services.add_absence(world.users["county"], person=worker, away_from=D(2024, 1, 10), back_on=back_on)
    if retrained_on:
        training(world, worker, 8, retrained_on, kind="retraining")
    result = standing(worker)
    assert result.absence_overdue is overdue
    assert result.compliance == (Compliance.OVERDUE if overdue else Compliance.COMPLIANT)


@pytest.mark.parametrize(
    ("unit", "today", "qualified_on", "overdue"),
    [
        ("mine", D(2024, 7, 15), None, False),  # the last day of the 6 months (appointed 15 January)
        ("mine", D(2024, 7, 16), None, True),  # the day after
        ("mine", D(2024, 7, 16), D(2024, 7, 15), False),  # passed within the 6 months
        ("site", D(2024, 7, 16), None, True),  # construction: 《安全生产法》第二十七条
        ("school", D(2024, 7, 16), None, False),  # not a high-risk unit: no assessment by the authorities
    ],
)
def test_the_assessment_within_six_months_of_appointment(world, unit, today, qualified_on, overdue):
    principal = person(world, unit, categories=["principal"], appointed_on=D(2024, 1, 15))
    assert principal.assessment_due_on == D(2024, 7, 15)
    training(world, principal, 48, D(2024, 2, 1))
    if qualified_on:
        certificate(world, principal, qualified_on, kind="safety_qualification")
    result = standing(principal, today)
    assert result.assessment_overdue is overdue
    assert (result.compliance == Compliance.OVERDUE) is overdue


def test_a_list_is_annotated_in_one_query(world, django_assert_num_queries):
    for n in range(6):
        who = person(world, "mine", serial=n, categories=["principal"] if n % 2 else ["new_staff"])
        training(world, who, 10 * n + 1, D(2024, 1, 1))
    with django_assert_num_queries(1):
        rows = list(rules.with_compliance(Person.objects.all(), TODAY))
    assert len(rows) == 6 and {r.compliance for r in rows} <= set(Compliance.values)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(halves=st.integers(min_value=0, max_value=200))
def test_short_hours_are_what_is_missing_for_any_hours(world, halves):
    principal = Person.objects.filter(name="校长").first() or person(
        world, "school", name="校长", categories=["principal"]
    )
    TrainingRecord.objects.filter(person=principal).delete()
    hours = Decimal(halves) / 2
    if hours:
        training(world, principal, hours, D(2024, 6, 1))
    result = standing(principal)
    assert result.training_hours == hours
    assert result.training_short_hours == max(Decimal(32) - hours, Decimal(0))
    assert (result.compliance == Compliance.COMPLIANT) is (hours >= 32)
