"""The emergency sections of the work desk (core.desk). A unit sees its next drill (due or overdue, 赣发〔2024〕10号
(二十)) and its plans due for evaluation or marked for revision; a town, a department, the county office and leaders
see the units whose drill is overdue and the named crowded places not yet drilled (兴安办〔2024〕80号 二（三）3).
Counts first; two queries a section."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from anjian.core.desk import Item, Section, section
from anjian.org.choices import Role
from anjian.org.jurisdiction import assignments, restrict, roles
from anjian.registry.models import Enterprise

from . import access, rules
from .choices import FrequencyStatus, RequirementStatus
from .models import DrillRequirement, EmergencyPlan


def _reader(user) -> bool:
    return access.may_office(user) or Role.LEADER in roles(user)


def _own_unit(user) -> Enterprise | None:
    for a in assignments(user):
        if a.role == Role.ENTERPRISE and a.enterprise_id:
            return a.enterprise
    return None


def _plan_items(user, today: dt.date, limit: int) -> tuple[int, list[Item]]:
    plans = restrict(user, EmergencyPlan.objects.filter(current=True)).filter(
        rules.review_due_q(today) | Q(needs_revision=True)
    )
    found = list(plans.order_by("issued_on", "pk")[:limit]) if limit else []
    items = []
    for plan in found:
        due = rules.review_due_on(plan.issued_on, plan.evaluated_on)
        note = _("To be revised") if plan.needs_revision else _("Evaluation due")
        items.append(Item(plan.title, reverse("emergency:plan", args=[plan.pk]), due, due <= today, note))
    return plans.count(), items


@section("emergency.my_drills", order=60)
def my_drills(user, today: dt.date, limit: int) -> Section | None:
    """The unit's next drill — by this period's end, overdue when the last period passed without one, or by the
    next period's end once drilled — and its plans due for evaluation or to be revised. The count is what needs
    doing: the drill when not yet held this period, and those plans."""
    unit = _own_unit(user)
    if unit is None:
        return None
    row = rules.with_frequency(Enterprise.objects.filter(pk=unit.pk), today).values("drill_status", "last_drill")[0]
    status = row["drill_status"]
    note = str(FrequencyStatus(status).label)
    if row["last_drill"]:
        note = _("%(status)s · last drill %(day)s") % {"status": note, "day": row["last_drill"]}
    due = rules.next_due(unit.high_risk, status, today)
    overdue = status == FrequencyStatus.OVERDUE
    items = [Item(_("Next drill"), reverse("emergency:drill_new"), due, overdue, note)]
    count, plan_items = _plan_items(user, today, max(limit - 1, 0))
    count += status != FrequencyStatus.COMPLIANT
    tone = "danger" if overdue else "warning" if count else "primary"
    label = _("Drills and emergency plans")
    return Section("emergency.my_drills", label, count, reverse("emergency:drills"), items + plan_items, tone)


@section("emergency.overdue_units", order=61)
def overdue_units(user, today: dt.date, limit: int) -> Section | None:
    """Units in the user's jurisdiction whose last period passed without a drill."""
    if not _reader(user):
        return None
    units = rules.with_frequency(rules.subject_units(restrict(user, Enterprise.objects.all())), today)
    overdue = units.filter(drill_status=FrequencyStatus.OVERDUE)
    items = [
        Item(
            unit.name,
            reverse("registry:enterprise_detail", args=[unit.pk]),
            note=_("Last drill %(day)s") % {"day": unit.last_drill} if unit.last_drill else _("No drill recorded"),
            overdue=True,
        )
        for unit in overdue.order_by("last_drill", "pk")[:limit]
    ]
    count = overdue.count()
    if not count:
        return None
    url = reverse("emergency:frequency") + f"?status={FrequencyStatus.OVERDUE}"
    return Section("emergency.overdue_units", _("Units overdue on drills"), count, url, items, tone="danger")


@section("emergency.crowded_places", order=62)
def crowded_places(user, today: dt.date, limit: int) -> Section | None:
    """Named crowded places that have not held their drill: overdue first, then by deadline."""
    if not _reader(user):
        return None
    places = rules.with_requirement_status(restrict(user, DrillRequirement.objects.all()), today)
    waiting = places.filter(status__in=[RequirementStatus.OVERDUE, RequirementStatus.PENDING])
    rows = waiting.select_related("enterprise").order_by("required_by", "pk")[:limit]
    items = [
        Item(
            r.enterprise.name,
            reverse("registry:enterprise_detail", args=[r.enterprise_id]),
            r.required_by,
            r.status == RequirementStatus.OVERDUE,
            str(RequirementStatus(r.status).label),
        )
        for r in rows
    ]
    count = waiting.count()
    if not count:
        return None
    url = reverse("emergency:places") + "?status=waiting"
    return Section("emergency.crowded_places", _("Named crowded places not yet drilled"), count, url, items, "warning")
