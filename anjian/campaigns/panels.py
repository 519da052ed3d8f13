"""The campaigns' panel of the dashboard (core.panels): how the monthly reports of each running campaign
stand for its latest month already due (附件4 注1: each month's report is due on the campaign's report day of
the next), for those who see every participant (the office and the county's leaders)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from anjian.core.panels import Line, Panel, panel

from . import rules, services
from .choices import DispatchForm, ReportState

MOST_CAMPAIGNS = 6


def _latest_due(campaign, today: dt.date) -> dt.date | None:
    """The latest month whose report is due by today (None: none yet, or no monthly report)."""
    due = [m for m in services.open_periods(campaign, today) if (services.due_date(campaign, m) or today) < today]
    return due[-1] if due else None


@panel("campaigns.reports", order=20)
def reports(user, region, today: dt.date) -> Panel | None:
    """Each running campaign of the region: its latest due month's reports submitted, late and missing."""
    running = (
        rules.visible_campaigns(user)
        .filter(region__path__startswith=region.path, period_end__gte=today - dt.timedelta(days=62))
        .exclude(dispatch_form=DispatchForm.NONE)
        .select_related("region")
        .order_by("-period_start", "pk")[:MOST_CAMPAIGNS]
    )
    lines = []
    for campaign in running:  # a few running campaigns: three queries each
        month = _latest_due(campaign, today)
        if month is None or not rules.may_see_ranking(user, campaign):
            continue
        standings = services.standings(user, campaign, month, today)
        signed = sum(1 for s in standings if s.report is not None and s.report.state == ReportState.SUBMITTED)
        late = sum(1 for s in standings if s.late)
        missing = sum(1 for s in standings if s.missing)
        lines.append(
            Line(
                f"{campaign.title} · {month.year}-{month.month:02d}",
                _("%(signed)s of %(all)s submitted") % {"signed": signed, "all": len(standings)},
                reverse("campaigns:detail", args=[campaign.pk]) + f"?period={month:%Y-%m}",
                _("%(late)s late, %(missing)s missing") % {"late": late, "missing": missing},
                "danger" if missing else "warning" if late else "",
            )
        )
    if not lines:
        return None
    return Panel("campaigns.reports", _("Monthly reports of the campaigns"), reverse("campaigns:list"), lines)
