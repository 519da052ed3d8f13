"""LEC and LS scoring: the value tables, the bands and the boundary rules, in one place.

Source: shared/data/README.md (作业条件危险性评价法 LEC: L, E, C tables and D bands; the 5 × 5 risk
matrix R = L × S). Published sources differ on the band of a boundary value; which one applies is a
county setting (risk.models.CountySetting) with the defaults given there.
"""

from __future__ import annotations

from decimal import Decimal

from .choices import LecBoundary, LsVariant, RiskLevel

# LEC value tables (L: likelihood, E: exposure frequency, C: consequence).
LEC_L = [Decimal(v) for v in ("10", "6", "3", "1", "0.5", "0.2", "0.1")]
LEC_E = [Decimal(v) for v in ("10", "6", "3", "2", "1", "0.5")]
LEC_C = [Decimal(v) for v in ("100", "40", "15", "7", "3", "1")]
# LS: likelihood and severity, each 1 to 5.
LS_VALUES = [1, 2, 3, 4, 5]

LEC_BANDS = [(Decimal(320), RiskLevel.RED), (Decimal(160), RiskLevel.ORANGE), (Decimal(70), RiskLevel.YELLOW)]


class FactorError(ValueError):
    """A factor outside its method's table; `field` names it."""

    def __init__(self, field: str, allowed: list) -> None:
        self.field, self.allowed = field, allowed
        super().__init__(f"{field} must be one of {', '.join(str(a) for a in allowed)}")


def _pick(field: str, value, table: list) -> Decimal:
    try:
        number = Decimal(str(value))
    except (ArithmeticError, ValueError) as exc:
        raise FactorError(field, table) from exc
    if not number.is_finite() or number not in table:
        raise FactorError(field, table)
    return number


def lec(l, e, c, boundary: str = LecBoundary.UPPER) -> tuple[Decimal, str]:
    """D = L × E × C and its level. UPPER: D = 320 is orange (bands include their upper bound)."""
    d = (_pick("l", l, LEC_L) * _pick("e", e, LEC_E) * _pick("c", c, LEC_C)).quantize(Decimal("0.01"))
    for threshold, level in LEC_BANDS:
        if d > threshold or (boundary == LecBoundary.LOWER and d == threshold):
            return d, level
    return d, RiskLevel.BLUE


def ls(l, s, variant: str = LsVariant.STANDARD) -> tuple[Decimal, str]:
    """R = L × S and its level: 20–25 red, 9–16 orange, 4–8 yellow, 1–3 blue (9 is yellow in the variant)."""
    lv = _pick("l", l, [Decimal(v) for v in LS_VALUES])
    sv = _pick("s", s, [Decimal(v) for v in LS_VALUES])
    r = int(lv * sv)
    orange_from = 10 if variant == LsVariant.NINE_GENERAL else 9
    if r >= 20:
        level = RiskLevel.RED
    elif r >= orange_from:
        level = RiskLevel.ORANGE
    elif r >= 4:
        level = RiskLevel.YELLOW
    else:
        level = RiskLevel.BLUE
    return Decimal(r), level
