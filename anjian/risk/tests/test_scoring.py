"""Every threshold boundary of every method, under each county setting (shared/data/README.md)."""

from decimal import Decimal
from itertools import product

import pytest

from anjian.risk import scoring
from anjian.risk.choices import LecBoundary, LsVariant


def lec_products():
    for l, e, c in product(scoring.LEC_L, scoring.LEC_E, scoring.LEC_C):
        yield l, e, c, l * e * c


def expected_lec(d: Decimal, boundary: str) -> str:
    if boundary == LecBoundary.UPPER:
        return "red" if d > 320 else "orange" if d > 160 else "yellow" if d > 70 else "blue"
    return "red" if d >= 320 else "orange" if d >= 160 else "yellow" if d >= 70 else "blue"


@pytest.mark.parametrize("boundary", list(LecBoundary.values))
def test_every_lec_combination_of_the_tables_lands_in_its_band(boundary):
    for l, e, c, d in lec_products():
        score, level = scoring.lec(l, e, c, boundary)
        assert score == d.quantize(Decimal("0.01"))
        assert level == expected_lec(d, boundary), (l, e, c, d)


def test_d_of_70_is_low_by_default_and_general_under_the_other_rule():
    # D = 1 × 10 × 7 = 70 is the one boundary the tables can reach.
    assert scoring.lec("1", "10", "7", LecBoundary.UPPER) == (Decimal("70.00"), "blue")
    assert scoring.lec("1", "10", "7", LecBoundary.LOWER) == (Decimal("70.00"), "yellow")


@pytest.mark.parametrize(
    "r, standard, nine_general",
    [
        (1, "blue", "blue"),
        (3, "blue", "blue"),
        (4, "yellow", "yellow"),
        (8, "yellow", "yellow"),
        (9, "orange", "yellow"),
        (10, "orange", "orange"),
        (16, "orange", "orange"),
        (20, "red", "red"),
        (25, "red", "red"),
    ],
)
def test_ls_bands_at_every_boundary(r, standard, nine_general):
    l, s = next((a, b) for a in range(1, 6) for b in range(1, 6) if a * b == r)
    assert scoring.ls(l, s, LsVariant.STANDARD) == (Decimal(r), standard)
    assert scoring.ls(l, s, LsVariant.NINE_GENERAL) == (Decimal(r), nine_general)


@pytest.mark.parametrize(
    "factors",
    [
        ("7", "6", "15"),
        ("6", "4", "15"),
        ("6", "6", "50"),
        ("x", "6", "15"),
        ("NaN", "6", "15"),
        ("", "6", "15"),
        (None, "6", "15"),
        ("Infinity", "6", "15"),
    ],
)
def test_values_outside_the_lec_tables_are_refused(factors):
    with pytest.raises(scoring.FactorError):
        scoring.lec(*factors)


@pytest.mark.parametrize("factors", [(0, 3), (6, 1), (2.5, 2), ("a", 1), (None, 2)])
def test_values_outside_the_ls_scale_are_refused(factors):
    with pytest.raises(scoring.FactorError):
        scoring.ls(*factors)


def test_decimal_spellings_of_table_values_are_accepted():
    assert scoring.lec("0.5", "6.0", "40", LecBoundary.UPPER) == (Decimal("120.00"), "yellow")
