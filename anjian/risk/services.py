"""Rules of risk graded control: assessing points (computed level, raise-only), and the level rules.

A point that meets a major-hazard criterion or holds a major hazard source is red whatever its score
(seed 003 (八), GB 18218); a person may raise a computed level with a reason, never lower it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from anjian.org.choices import Role
from anjian.org.jurisdiction import can_edit, restrict, roles, within
from anjian.registry.models import Enterprise

from . import scoring
from .choices import LEVEL_RANK, AccidentType, Method, RiskLevel
from .models import CountySetting, RiskAssessment, RiskPoint


def _may_write(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return can_edit(user) or Role.ENTERPRISE in roles(user) or Role.EXPERT in roles(user)


def may_manage(user, enterprise: Enterprise) -> bool:
    """Enterprises manage their own risk points; supervisors may too, within their jurisdiction."""
    return _may_write(user) and within(user, enterprise)


def manageable_enterprises(user, queryset: QuerySet | None = None) -> QuerySet:
    """The enterprises of `queryset` for which may_manage holds, as one query (for a form's picker)."""
    queryset = queryset if queryset is not None else Enterprise.objects.all()
    return restrict(user, queryset) if _may_write(user) else queryset.none()


def check_manage(user, enterprise: Enterprise) -> None:
    if Role.LEADER in roles(user) and not can_edit(user):
        raise PermissionDenied(_("Your role may not change risk records."))
    if not may_manage(user, enterprise):
        raise PermissionDenied(_("This enterprise is outside what you may change."))


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
    user, point: RiskPoint, method: str, factors: dict[str, Any], level: str | None = None, raised_reason: str = ""
) -> RiskAssessment:
    """Score a point. The final level is the computed one, raised by rule, or raised by hand with a reason."""
    check_manage(user, point.enterprise)
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
    )
    point.level = final
    point.save(update_fields=["level"])
    return assessment


def _refresh_level(point: RiskPoint) -> None:
    """After a rule flag changes, the point's level is at least the rule's floor."""
    raised = higher(point.level, rule_floor(point))
    if raised != point.level:
        point.level = raised
        point.save(update_fields=["level"])
