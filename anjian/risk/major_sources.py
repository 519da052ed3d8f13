"""Major hazard sources (重大危险源) by GB 18218-2018 《危险化学品重大危险源辨识》.

Identification (4.2): a unit is a major hazard source when Σ qᵢ/Qᵢ ≥ 1, q being the most of each
substance the unit may hold and Q its critical quantity (表1, or 表2 by hazard category).
Grading (4.3): R = α × Σ βᵢ qᵢ/Qᵢ, β from 表3 (toxic gases) or 表4 (by category), α from 表5 (people
within 500 m of the unit); R ≥ 100 一级, 100 > R ≥ 50 二级, 50 > R ≥ 10 三级, R < 10 四级.

Which enterprises: the standard applies to every unit that produces, stores, uses or handles hazardous
chemicals, so holdings are accepted for any enterprise (e.g. an industry-and-trade cold store with
liquid ammonia), not only the hazardous_chemicals sector; the demo gives them to hazardous-chemical units.
Only substances in reference/gb18218.csv (values verified, see reference/README.md) can be held.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from anjian.org.jurisdiction import within

from . import services
from .choices import SourceGrade
from .models import HazardousSubstance, MajorHazardSource, RiskPoint, SubstanceHolding
from .rules import Record

CSV_NAME = "gb18218.csv"
# 表5: α by the number of people exposed within 500 m of the unit's boundary (lower bound, α).
ALPHA = [(100, Decimal("2.0")), (50, Decimal("1.5")), (30, Decimal("1.2")), (1, Decimal("1.0")), (0, Decimal("0.5"))]
# 4.3: grade by R (lower bound inclusive, highest first).
GRADES = [(Decimal(100), SourceGrade.FIRST), (Decimal(50), SourceGrade.SECOND), (Decimal(10), SourceGrade.THIRD)]


def load_substances(path: Path | str | None = None) -> int:
    """Write the verified GB 18218-2018 values into HazardousSubstance (idempotent); returns the rows read."""
    path = Path(path) if path else Path(settings.REFERENCE_DATA_DIR) / CSV_NAME
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        HazardousSubstance.objects.update_or_create(
            name=row["name"].strip(),
            defaults={
                "cas": row["cas"].strip(),
                "category": row["category"].strip(),
                "critical_quantity": Decimal(row["critical_quantity_t"]),
                "beta": Decimal(row["beta"]),
                "source": row["source"].strip()[:200],
            },
        )
    return len(rows)


def alpha(exposed_people: int) -> Decimal:
    """表5: 100 or more → 2.0; 50–99 → 1.5; 30–49 → 1.2; 1–29 → 1.0; none → 0.5."""
    for at_least, value in ALPHA:
        if exposed_people >= at_least:
            return value
    return ALPHA[-1][1]


def grade_for(r: Decimal) -> str:
    for at_least, grade in GRADES:
        if r >= at_least:
            return grade
    return SourceGrade.FOURTH


def figures(holdings, exposed_people: int) -> tuple[Decimal, Decimal]:
    """(Σ q/Q, R) for (quantity, substance) pairs; exact decimals, rounded only when stored."""
    ratio = Decimal(0)
    weighted = Decimal(0)
    for quantity, substance in holdings:
        share = Decimal(quantity) / substance.critical_quantity
        ratio += share
        weighted += substance.beta * share
    return ratio, alpha(exposed_people) * weighted


@transaction.atomic
def identify(source: MajorHazardSource) -> MajorHazardSource:
    """Recompute Σ q/Q, identification, R and grade from the unit's holdings and save them."""
    holdings = [(h.quantity, h.substance) for h in source.holdings.select_related("substance")]
    ratio, r = figures(holdings, source.exposed_people)
    source.ratio_sum = ratio.quantize(Decimal("0.0001"), ROUND_HALF_UP)
    source.identified = ratio >= 1
    if source.identified:
        source.r_value = r.quantize(Decimal("0.01"), ROUND_HALF_UP)
        source.grade = grade_for(r)
    else:
        source.r_value, source.grade = None, ""
    source.region, source.sector = source.enterprise.region, source.enterprise.sector
    source.save()
    if source.identified:
        # The enterprise's points marked as holding the source are red whatever their score.
        for point in RiskPoint.objects.filter(enterprise=source.enterprise, holds_major_hazard_source=True):
            if point.level:
                services._refresh_level(point)
    return source


def _check(user, source: MajorHazardSource) -> None:
    services.check_manage(user, source.enterprise, Record.SOURCE)
    if source.pk and not within(user, source):
        raise PermissionDenied(_("This hazard source is outside what you may change."))


@transaction.atomic
def save_source(user, source: MajorHazardSource, changes: dict[str, Any] | None = None) -> MajorHazardSource:
    """Create or change a unit (its enterprise on create, name, exposed people), then identify it again.

    The user must be allowed to change the enterprise (and, for a saved unit, the unit as it stands);
    a unit stays with its enterprise; region and sector follow the enterprise.
    """
    changes = dict(changes or {})
    if source.pk:
        _check(user, source)
        moved = changes.get("enterprise")
        if moved is not None and moved.pk != source.enterprise_id:
            raise ValidationError({"enterprise": _("A unit stays with its enterprise.")})
    for field, value in changes.items():
        setattr(source, field, value)
    if source.enterprise_id is None:
        raise ValidationError({"enterprise": _("Choose the enterprise.")})
    _check(user, source)
    source.name = (source.name or "").strip()
    source.region, source.sector = source.enterprise.region, source.enterprise.sector
    source.full_clean()
    same_name = MajorHazardSource.objects.filter(enterprise=source.enterprise, name=source.name).exclude(pk=source.pk)
    if same_name.exists():
        raise ValidationError({"name": _("This enterprise already has a unit of this name.")})
    source.save()
    return identify(source)


@transaction.atomic
def save_holding(user, source: MajorHazardSource, substance: HazardousSubstance, quantity) -> SubstanceHolding:
    """Set the most of `substance` the unit may hold (t, > 0) and re-identify the unit."""
    _check(user, source)
    try:
        quantity = Decimal(str(quantity))
    except (ArithmeticError, ValueError) as exc:
        raise ValidationError({"quantity": _("Give the quantity in tonnes.")}) from exc
    if not quantity.is_finite() or quantity <= 0:
        raise ValidationError({"quantity": _("The quantity must be more than zero.")})
    holding, _created = SubstanceHolding.objects.update_or_create(
        source=source, substance=substance, defaults={"quantity": quantity}
    )
    identify(source)
    return holding


@transaction.atomic
def remove_holding(user, holding: SubstanceHolding) -> MajorHazardSource:
    source = holding.source
    _check(user, source)
    holding.delete()
    return identify(source)
