"""The duties' sections of the work desk (core.desk): for an enterprise user, its principal's duties due within
7 days and overdue; for the county office, departments, towns and leaders, the units behind in their
jurisdiction. Two queries a section: the count, then the first few."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from anjian.core.desk import Item, Section, section
from anjian.org.choices import Role
from anjian.org.jurisdiction import restrict, roles

from . import rules
from .calendar import status_q
from .choices import OccurrenceStatus
from .models import DutyOccurrence

DUE_SOON_DAYS = 7
LOOK_BACK_DAYS = 365  # overdue duties of the last twelve months make a unit "behind"


@section("duties.mine", order=15)
def mine(user, today: dt.date, limit: int) -> Section | None:
    """The enterprise's own duties not done that are overdue or fall due within 7 days, the earliest first."""
    if not rules.is_enterprise(user):
        return None
    rows = restrict(
        user, DutyOccurrence.objects.filter(done_on__isnull=True, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
    )
    rows = rows.filter(due_on__gte=today - dt.timedelta(days=LOOK_BACK_DAYS))
    items = [
        Item(
            text=o.item.name,
            url=reverse("duties:occurrence", args=[o.pk]),
            due=o.due_on,
            overdue=o.due_on < today,
            note=o.period_label,
        )
        for o in rows.select_related("item").order_by("due_on", "item__order", "pk")[:limit]
    ]
    count = rows.count()
    tone = "danger" if any(i.overdue for i in items) else "warning"
    return Section("duties.mine", _("The principal's duties due"), count, reverse("duties:calendar"), items, tone)


@section("duties.behind", order=45)
def behind(user, today: dt.date, limit: int) -> Section | None:
    """The units in the user's jurisdiction with overdue duties of the last twelve months, the most behind first."""
    if not (rules.is_supervisor(user) or Role.LEADER in roles(user)):
        return None
    since = today - dt.timedelta(days=LOOK_BACK_DAYS)
    rows = restrict(user, DutyOccurrence.objects.filter(due_on__gte=since)).filter(
        status_q(OccurrenceStatus.OVERDUE, today)
    )
    count = rows.values("enterprise_id").distinct().count()
    top = (
        rows.order_by()
        .values("enterprise_id", "enterprise__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "enterprise__name", "enterprise_id")[:limit]
    )
    items = [
        Item(
            text=r["enterprise__name"],
            url=reverse("duties:calendar_of", args=[r["enterprise_id"]]),
            overdue=True,
            note=_("%(count)s overdue") % {"count": r["n"]},
        )
        for r in top
    ]
    url = reverse("duties:behind") + "?" + urlencode({"date_from": since.isoformat(), "date_to": today.isoformat()})
    return Section("duties.behind", _("Units behind on the principal's duties"), count, url, items, tone="danger")
