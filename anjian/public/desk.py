"""The public reports' section of the work desk (core.desk): reports waiting for the receiving unit's acknowledgement
in the user's jurisdiction, those past their deadline first and flagged. Two queries: the count and the first rows."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core.desk import Item, Section, section
from anjian.org.jurisdiction import restrict

from .choices import ReportState
from .models import PublicReport
from .rules import is_staff_reader


@section("public.to_acknowledge", order=12)
def to_acknowledge(user, today: dt.date, limit: int) -> Section | None:
    if not is_staff_reader(user):
        return None
    rows = restrict(user, PublicReport.objects.filter(state=ReportState.RECEIVED)).select_related("town")
    rows = rows.order_by("ack_due_at", "id")
    now = timezone.now()
    items = []
    for report in rows[:limit]:
        late = report.ack_due_at < now
        note = report.town.name + (" · " + _("Acknowledgement late") if late else "")
        items.append(
            Item(
                text=f"{report.tracking_code}：{report.description[:40]}",
                url=reverse("public:report_detail", args=[report.pk]),
                due=timezone.localtime(report.ack_due_at).date(),
                overdue=late,
                note=note,
            )
        )
    url = reverse("public:report_list") + "?state=received"
    return Section(
        "public.to_acknowledge", _("Public reports to acknowledge"), rows.count(), url, items, tone="warning"
    )
