"""The reward's amount (安监总财〔2018〕19号, shared/data/README.md) at every boundary: 15 % of the fine, at least 3,000
and at most 300,000 yuan; 30,000 / 40,000 / 50,000 / 60,000 per concealed death by grade, at most 300,000."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.emergency.choices import AccidentGrade
from anjian.public.choices import RewardBasis
from anjian.public.rules import CEILING, FLOOR, PER_DEATH, Refused, reward_amount

HAZARD, ILLEGAL, CONCEALED = RewardBasis.MAJOR_HAZARD, RewardBasis.ILLEGAL_OPERATION, RewardBasis.CONCEALED_ACCIDENT


@pytest.mark.parametrize(
    ("fine", "amount"),
    [
        (None, "3000.00"),  # no fine: the floor
        ("0", "3000.00"),
        ("10000", "3000.00"),  # 1,500 → the floor
        ("19999.99", "3000.00"),  # 2,999.9985 → the floor
        ("20000", "3000.00"),  # exactly the floor
        ("20000.01", "3000.00"),  # 3,000.0015 rounds to 3,000.00
        ("20000.04", "3000.01"),  # 3,000.006 rounds up to the fen
        ("50000", "7500.00"),
        ("1999999.99", "300000.00"),  # 299,999.9985 rounds to the ceiling
        ("2000000", "300000.00"),  # exactly the ceiling
        ("2000000.01", "300000.00"),
        ("50000000", "300000.00"),
    ],
)
@pytest.mark.parametrize("basis", [HAZARD, ILLEGAL])
def test_fifteen_percent_of_the_fine_between_the_floor_and_the_ceiling(basis, fine, amount):
    assert reward_amount(basis, fine_yuan=fine) == Decimal(amount)


@pytest.mark.parametrize(
    ("grade", "deaths", "amount"),
    [
        (AccidentGrade.GENERAL, 1, 30000),
        (AccidentGrade.LARGER, 1, 40000),
        (AccidentGrade.MAJOR, 1, 50000),
        (AccidentGrade.GRAVE, 1, 60000),
        (AccidentGrade.GENERAL, 10, 300000),  # exactly the cap
        (AccidentGrade.GENERAL, 11, 300000),  # 330,000 capped
        (AccidentGrade.LARGER, 7, 280000),
        (AccidentGrade.LARGER, 8, 300000),  # 320,000 capped
        (AccidentGrade.MAJOR, 6, 300000),  # exactly the cap
        (AccidentGrade.GRAVE, 5, 300000),  # exactly the cap
        (AccidentGrade.GRAVE, 4, 240000),
        (AccidentGrade.GRAVE, 30, 300000),
    ],
)
def test_per_concealed_death_by_grade_capped(grade, deaths, amount):
    assert reward_amount(CONCEALED, deaths=deaths, grade=grade) == Decimal(amount)


@pytest.mark.parametrize(
    ("deaths", "field"), [(0, "concealed_deaths"), (-1, "concealed_deaths"), (None, "concealed_deaths")]
)
def test_a_concealed_accident_without_a_concealed_death_earns_nothing_by_this_rule(deaths, field):
    with pytest.raises(Refused) as refused:
        reward_amount(CONCEALED, deaths=deaths, grade=AccidentGrade.GENERAL)
    assert field in refused.value.message_dict


@pytest.mark.parametrize(("value", "basis"), [("-1", HAZARD), ("abc", ILLEGAL), ("NaN", HAZARD), ("1e20", ILLEGAL)])
def test_an_impossible_fine_is_refused(value, basis):
    with pytest.raises(Refused) as refused:
        reward_amount(basis, fine_yuan=value)
    assert "fine_yuan" in refused.value.message_dict


def test_an_unknown_basis_or_grade_is_refused():
    with pytest.raises(Refused):
        reward_amount("lottery", fine_yuan=100)
    with pytest.raises(Refused):
        reward_amount(CONCEALED, deaths=1, grade="catastrophic")


@given(fine=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_any_fine_gives_15_percent_clamped(fine):
    amount = reward_amount(HAZARD, fine_yuan=fine)
    share = (fine * Decimal("0.15")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert amount == min(max(share, FLOOR), CEILING)
    assert FLOOR <= amount <= CEILING


@given(deaths=st.integers(min_value=1, max_value=500), grade=st.sampled_from(list(PER_DEATH)))
def test_any_concealment_is_per_death_and_never_above_the_cap(deaths, grade):
    amount = reward_amount(CONCEALED, deaths=deaths, grade=grade)
    assert amount == min(PER_DEATH[grade] * deaths, CEILING)
    assert amount <= CEILING
