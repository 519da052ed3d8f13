"""The hazards' sections of the work desk (core.desk): the user's to-dos, and what falls due within 7 days or is
overdue in the user's jurisdiction. Two queries a section: the count and the first few rows."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from anjian.core.desk import Item, Section, section
from anjian.org.jurisdiction import restrict

from .choices import Action
from .filtersets import overdue_q
from .models import Hazard
from .todo import DUE_SOON_DAYS, actions_of, due_soon_q, waiting

RELATED = ("unit", "sector")


def _item(hazard: Hazard, today: dt.date, note: str = "") -> Item:
    overdue = bool(hazard.deadline and hazard.deadline < today)
    return Item(
        text=f"{hazard.unit.name}：{hazard.description[:40]}",
        url=reverse("hazards:detail", args=[hazard.pk]),
        due=hazard.deadline,
        overdue=overdue,
        note=note or hazard.get_state_display(),
    )


@section("hazards.todo", order=10)
def todo(user, today: dt.date, limit: int) -> Section | None:
    """The hazards waiting for the user's action (assess, plan, fix, verify, coordinate …)."""
    rows = waiting(user, today)
    if rows.query.is_empty():  # the user's roles act on no hazard
        return None
    items = [_item(h, today, "、".join(str(Action(a).label) for a in actions_of(h))) for h in rows[:limit]]
    count = waiting(user, today, flags=False).count()  # the same rows, without the flags: a plain count
    return Section("hazards.todo", _("Hazards waiting for you"), count, reverse("hazards:tasks"), items)


def _open(user, condition) -> QuerySet:
    return restrict(user, Hazard.objects.filter(condition)).select_related(*RELATED)


@section("hazards.overdue", order=20)
def overdue(user, today: dt.date, limit: int) -> Section | None:
    """Open hazards past their deadline in the user's jurisdiction, the longest overdue first."""
    rows = _open(user, overdue_q()).order_by("deadline", "id")
    url = reverse("hazards:list") + "?overdue=true"
    items = [_item(h, today) for h in rows[:limit]]
    return Section("hazards.overdue", _("Overdue hazards"), rows.count(), url, items, tone="danger")


@section("hazards.due_soon", order=30)
def due_soon(user, today: dt.date, limit: int) -> Section | None:
    """Open hazards due within 7 days in the user's jurisdiction, the nearest first."""
    rows = _open(user, due_soon_q(today)).order_by("deadline", "id")
    url = reverse("hazards:list") + "?due_soon=true"
    items = [_item(h, today) for h in rows[:limit]]
    label = _("Due within %(days)s days") % {"days": DUE_SOON_DAYS}
    return Section("hazards.due_soon", label, rows.count(), url, items, tone="warning")
