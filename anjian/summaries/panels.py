"""The dashboard's province overview (core.panels): for a city or the province, each county's hazards found, open,
closed and major this year, its visits and enforcement, read from the county-by-month summaries."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core.panels import Panel, panel
from anjian.org.choices import RegionLevel

from .deltas import month_of
from .overview import overview
from .rebuild import last_rebuild


@panel("summaries.counties", order=5)
def counties(user, region, today: dt.date) -> Panel | None:
    """A row a county under a city or the province, for whoever sees those counties whole."""
    if region.level not in (RegionLevel.PROVINCE, RegionLevel.CITY):
        return None
    last = month_of(today)
    first = last.replace(month=1)
    rows = overview(user, first, last, region)
    if not rows:
        return None
    months = sorted({m for r in rows for m in r.months})
    context = {
        "rows": rows,
        "first": first,
        "last": last,
        "months": months,
        "by_month": [{"month": m, "found": sum(r.months.get(m, {}).get("found", 0) for r in rows)} for m in months],
        "as_of": timezone.now(),
        "rebuilt": last_rebuild(),
    }
    api = reverse("summaries-counties") + f"?from={first:%Y-%m}&to={last:%Y-%m}"
    html = render_to_string("summaries/panel.html", context)
    return Panel("summaries.counties", _("Counties at a glance"), api, html=html)
