"""Rules of risk graded control: assessing points (computed level, raise-only), and the level rules.

A point that meets a major-hazard criterion or holds a major hazard source is red whatever its score
(seed 003 (八), GB 18218); a person may raise a computed level with a reason, never lower it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from anjian.org.choices import AUTHORITY_ORDER, Authority
from anjian.org.jurisdiction import authority, outranks_or_equals
from anjian.registry.models import Enterprise

from . import rules, scoring
from .choices import LEVEL_RANK, AccidentType, Method, RiskLevel
from .models import CountySetting, RiskAssessment, RiskPoint
from .rules import Record


def manageable_enterprises(user, queryset: QuerySet | None = None, record: Record = Record.POINT) -> QuerySet:
    """The enterprises of `queryset` for which the user may write `record`, as one query (for a form's picker)."""
    queryset = queryset if queryset is not None else Enterprise.objects.all()
    return rules.writable_enterprises(user, queryset, record)


def check_manage(user, enterprise: Enterprise, record: Record = Record.POINT) -> None:
    """Who may write which risk record of which enterprise is decided by rules.py (PermissionDenied, 403)."""
    rules.check_write(user, enterprise, record)


def clean_accident_types(values: Any) -> list[str]:
    if values in (None, ""):
        return []
    if not isinstance(values, list | tuple):
        raise ValidationError({"accident_types": _("Give a list of accident types.")})
    bad = [v for v in values if v not in AccidentType.values]
    if bad:
        raise ValidationError({"accident_types": _("Unknown accident type: %(v)s.") % {"v": ", ".join(map(str, bad))}})
    return list(dict.fromkeys(values))


@transaction.atomic
def save_point(user, point: RiskPoint, changes: dict[str, Any] | None = None) -> RiskPoint:
    """Create or change a risk point; region and sector follow its enterprise."""
    for field, value in (changes or {}).items():
        setattr(point, field, value)
    check_manage(user, point.enterprise)
    point.accident_types = clean_accident_types(point.accident_types)
    point.region, point.sector = point.enterprise.region, point.enterprise.sector
    point.full_clean()
    point.save()
    if point.level:
        _refresh_level(point)
    return point


def rule_floor(point: RiskPoint) -> str | None:
    """The level a point must have at least, by rule (None when no rule applies)."""
    if point.meets_major_criterion or point.holds_major_hazard_source:
        return RiskLevel.RED
    return None


def higher(a: str, b: str | None) -> str:
    return b if b and LEVEL_RANK[RiskLevel(b)] < LEVEL_RANK[RiskLevel(a)] else a


def compute(method: str, factors: dict[str, Any], setting: CountySetting | None = None) -> tuple[Decimal, str, str]:
    """(score, level, rule applied) for the method's factors; FactorError names a bad factor."""
    setting = setting or CountySetting.current()
    if method == Method.LEC:
        score, level = scoring.lec(factors.get("l"), factors.get("e"), factors.get("c"), setting.lec_boundary)
        return score, level, f"LEC:{setting.lec_boundary}"
    if method == Method.LS:
        score, level = scoring.ls(factors.get("l"), factors.get("s"), setting.ls_variant)
        return score, level, f"LS:{setting.ls_variant}"
    raise ValidationError({"method": _("Choose LEC or LS.")})


@transaction.atomic
def assess(
    user,
    point: RiskPoint,
    method: str,
    factors: dict[str, Any],
    level: str | None = None,
    raised_reason: str = "",
    lowered_reason: str = "",
) -> RiskAssessment:
    """Score a point. The final level is the computed one, raised by rule, or raised by hand with a reason."""
    check_manage(user, point.enterprise, Record.ASSESSMENT)
    try:
        score, computed, rule = compute(method, factors)
    except scoring.FactorError as exc:
        allowed = ", ".join(str(a.normalize()) if isinstance(a, Decimal) else str(a) for a in exc.allowed)
        raise ValidationError(
            {exc.field: _("Choose one of the table's values: %(values)s.") % {"values": allowed}}
        ) from exc
    floor = higher(computed, rule_floor(point))
    final = floor
    if level:
        if level not in RiskLevel.values:
            raise ValidationError({"level": _("Choose red, orange, yellow or blue.")})
        if LEVEL_RANK[RiskLevel(level)] > LEVEL_RANK[RiskLevel(floor)]:
            raise ValidationError(
                {
                    "level": _("A level cannot be set below the computed one (%(level)s).")
                    % {"level": RiskLevel(floor).label}
                }
            )
        if level != floor and not (raised_reason or "").strip():
            raise ValidationError({"raised_reason": _("Give the reason for raising the level.")})
        final = level
    lowered_reason = (lowered_reason or "").strip() if is_lower(final, point.level) else ""
    check_lowering(user, point, final, lowered_reason)
    f = {k: (Decimal(str(factors[k])) if factors.get(k) not in (None, "") else None) for k in ("l", "e", "c", "s")}
    assessment = RiskAssessment.objects.create(
        risk_point=point,
        method=method,
        l=f["l"],
        e=f["e"] if method == Method.LEC else None,
        c=f["c"] if method == Method.LEC else None,
        s=f["s"] if method == Method.LS else None,
        score=score,
        computed_level=computed,
        level=final,
        raised_reason=(raised_reason or "").strip() if final != floor else "",
        rule=rule,
        assessed_by=user,
        lowered_reason=lowered_reason,
        authority=authority(user) or "",
    )
    point.level = final
    point.save(update_fields=["level"])
    return assessment


def is_lower(level: str, than: str | None) -> bool:
    return bool(than) and LEVEL_RANK[RiskLevel(level)] > LEVEL_RANK[RiskLevel(than)]


def level_holder(point: RiskPoint) -> str:
    """The highest authority among the assessments that hold the point at its current level (since it last
    changed): re-confirming the town's red does not hand the level to the unit."""
    recent = point.assessments.order_by("-assessed_at", "-id").values_list("level", "authority")[:200]
    held = []
    for level, by in recent:
        if level != point.level:
            break
        held.append(by or AUTHORITY_ORDER[0])
    return max(held, key=AUTHORITY_ORDER.index) if held else ""


def check_lowering(user, point: RiskPoint, final: str, reason: str) -> None:
    """Raise-only: a new assessment (another method, other factors) may lower the point's level only with a
    reason, and only at the authority that set the current level or above (the unit cannot undo a town's red)."""
    if not is_lower(final, point.level):
        return
    if not reason:
        raise ValidationError(
            {
                "lowered_reason": _("The point is %(level)s now: give the reason for lowering its level.")
                % {"level": RiskLevel(point.level).label}
            }
        )
    current = level_holder(point)
    if not outranks_or_equals(user, current):
        raise ValidationError(
            {
                "lowered_reason": _(
                    "The level was set at the level of %(by)s: only that level or a higher one may lower it."
                )
                % {"by": Authority(current).label}
            }
        )


def _refresh_level(point: RiskPoint) -> None:
    """After a rule flag changes, the point's level is at least the rule's floor."""
    raised = higher(point.level, rule_floor(point))
    if raised != point.level:
        point.level = raised
        point.save(update_fields=["level"])
