"""The hazards' panel of the dashboard (core.panels): who is short of the quarterly quota of major hazards
(高府发〔2023〕14号 三（三）10: 每季度排查不少于10条重大事故隐患), for the county the region lies in."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from anjian.core.panels import Line, Panel, panel
from anjian.org.choices import RegionLevel

from .quota import Quarter, may_see_quota, quarterly_quota

SHOWN = 8


@panel("hazards.quota", order=10)
def quota_short(user, region, today: dt.date) -> Panel | None:
    """The departments and towns furthest short of this quarter's 10 major hazards (the county-wide readers')."""
    if not may_see_quota(user) or region.level != RegionLevel.COUNTY:
        return None
    quarter = Quarter.of(today)
    rows = [r for r in quarterly_quota(quarter, region) if r.short]
    lines = [
        Line(r.unit.name, _("%(found)s of %(quota)s") % {"found": r.found, "quota": r.quota}, tone="warning")
        for r in rows[:SHOWN]
    ]
    note = _("Quarter %(number)s of %(year)s: %(short)s departments and towns have not yet found 10.") % {
        "number": quarter.number,
        "year": quarter.year,
        "short": len(rows),
    }
    return Panel("hazards.quota", _("Quarterly quota of major hazards"), reverse("hazards:quota"), lines, note)
