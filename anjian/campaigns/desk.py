"""我的填报: the monthly reports a town or department owes, across every campaign it takes part in.

For each campaign that asks for a monthly form and is still running (or ended last month: its last report is
due now), each of the user's own participants and each month open for reporting: the months not yet
submitted (overdue first, as the county office flags them on the due day) and the latest month whatever its
state. Two queries whatever the number of campaigns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core.desk import Item, Section, section

from . import rules, services
from .choices import DispatchForm, ReportState
from .models import Participant, ProgressReport


@dataclass
class Owed:
    participant: Participant
    month: dt.date
    due: dt.date | None
    report: ProgressReport | None
    overdue: bool  # not submitted and the due day has passed

    @property
    def campaign(self):
        return self.participant.campaign

    @property
    def state(self) -> str:
        return self.report.state if self.report is not None else ""


def owed(user, today: dt.date | None = None) -> list[Owed]:
    """The reports the user's own towns or departments owe or last filed, overdue first, then by due day."""
    today = today or timezone.localdate()
    last_month = services.month_of(services.month_of(today) - dt.timedelta(days=1))
    participants = list(
        Participant.objects.filter(rules.participations(user), campaign__period_end__gte=last_month)
        .exclude(campaign__dispatch_form=DispatchForm.NONE)
        .select_related("campaign__region", "region", "department")
    )
    reports = {(r.participant_id, r.period): r for r in ProgressReport.objects.filter(participant__in=participants)}
    out = []
    for participant in participants:
        months = services.open_periods(participant.campaign, today)
        for month in months:
            report = reports.get((participant.pk, month))
            submitted = report is not None and report.state == ReportState.SUBMITTED
            if submitted and month != months[-1]:
                continue
            due = services.due_date(participant.campaign, month)
            out.append(Owed(participant, month, due, report, not submitted and due is not None and today > due))
    out.sort(key=lambda o: (not o.overdue, o.due or dt.date.max, o.participant.campaign_id, o.month))
    return out


@section("campaigns.reports", order=40)
def reports_due(user, today: dt.date, limit: int) -> Section | None:
    """The work desk's 我的填报: the monthly reports the user's towns or departments have not yet submitted."""
    waiting = [o for o in owed(user, today) if o.state != ReportState.SUBMITTED]
    if not waiting:
        return None
    items = [
        Item(
            text=f"{o.month:%Y}年{o.month.month}月 · {o.participant.name}",
            url=reverse("campaigns:report", args=[o.campaign.pk, o.participant.pk, f"{o.month:%Y-%m}"]),
            due=o.due,
            overdue=o.overdue,
            note=o.campaign.title,
        )
        for o in waiting[:limit]
    ]
    tone = "danger" if any(o.overdue for o in waiting) else "warning"
    return Section("campaigns.reports", _("Reports due"), len(waiting), reverse("campaigns:list"), items, tone)
