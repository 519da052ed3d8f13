"""The public reports' panel of the dashboard (core.panels): this year's reports of the county or town, those waiting
to be acknowledged (late ones flagged), found true, turned into hazards, and the rewards paid — from the figures."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core.figures import Frame, get, values
from anjian.core.panels import Line, Panel, panel
from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import for_unit, restrict, roles

from .choices import ReportState
from .models import PublicReport
from .rules import is_staff_reader

KEYS = ("public.reports", "public.reports_true", "public.reports_hazards", "public.rewards_paid")


@panel("public.reports", order=45)
def reports(user, region, today: dt.date) -> Panel | None:
    if not (is_staff_reader(user) or Role.LEADER in roles(user)):
        return None
    if region.level not in (RegionLevel.COUNTY, RegionLevel.TOWN):
        return None
    town = region if region.level == RegionLevel.TOWN else None
    found = values({key: (get(key), Frame(user, town, None, dt.date(today.year, 1, 1), today)) for key in KEYS})
    waiting = for_unit(restrict(user, PublicReport.objects.filter(state=ReportState.RECEIVED)), region=town)
    late = waiting.filter(ack_due_at__lt=timezone.now()).count()
    queue = reverse("public:report_list")

    def line(key: str, url: str = "") -> Line:
        fig = get(key)
        return Line(fig.label, f"{found[key]} {fig.unit}", url)

    lines = [
        line("public.reports", queue),
        Line(
            _("Waiting to be acknowledged"),
            _("%(count)s, %(late)s late") % {"count": waiting.count(), "late": late},
            queue + "?state=received",
            tone="danger" if late else "",
        ),  # fmt: skip
        line("public.reports_true"),
        line("public.reports_hazards"),
        line("public.rewards_paid", reverse("public:reward_list") + "?state=paid"),
    ]
    note = _("Since 1 January %(year)s.") % {"year": today.year}
    return Panel("public.reports", _("Public reports this year"), reverse("public:stats"), lines, note)
