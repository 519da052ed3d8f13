"""The dashboard's figures for a user and a query, counted (`count`), and what is kept of them: every count for a
while its tables are unwritten (core.freshness), and a city's or a province's last count as a Snapshot.

A county's figures are counted from its records when asked. A province's live count reads its millions of hazards
(about 8 s on 3,000,000 on the 2-core development machine), so the dashboard of a region above the county shows
its last count while it is at most ANJIAN_WIDE_FIGURES_MINUTES old, with the time it was counted; the scan
`wide_figures` counts the default dashboard of every office above the county again on its schedule (`refresh`),
so that the count is ready when the office opens the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from anjian.core import freshness
from anjian.core import panels as dashboard_panels
from anjian.org.choices import RegionLevel, Role

from . import services
from .models import Snapshot
from .services import Query

WIDE = (RegionLevel.PROVINCE, RegionLevel.CITY)
KEPT = dt.timedelta(days=1)  # a snapshot older than this is of no use (its period ended "today"): deleted


def figures(user, query: Query) -> tuple[dict, dt.datetime | None]:
    """The dashboard's figures for the query and when they were counted (None: a county's, counted now or kept while
    its tables are unwritten)."""
    params = query.params()
    name = f"dashboard:{user.pk}:{key(params)}:{timezone.localdate().isoformat()}"
    counted = lambda: freshness.kept(name, lambda: count(user, query, params), freshness.JURISDICTION)  # noqa: E731
    minutes = settings.ANJIAN_WIDE_FIGURES_MINUTES
    if query.region.level not in WIDE or minutes <= 0:
        return counted(), None
    now = timezone.now()
    found = Snapshot.objects.filter(user=user, key=key(params), counted_at__gte=now - dt.timedelta(minutes=minutes))
    snapshot = found.first()
    if snapshot is not None:
        return decode(snapshot.figures), snapshot.counted_at
    result = counted()
    store(user, params, result, now)
    return result, now


def cards(user, query: Query) -> tuple[list[dict], dt.datetime | None]:
    """The dashboard's counted figures (key, label, unit, value) and when they were counted: a city's or a
    province's from its last count as the page shows them (None: a county's, counted now)."""
    if query.region.level in WIDE and settings.ANJIAN_WIDE_FIGURES_MINUTES > 0:
        result, counted_at = figures(user, query)
        return result["cards"], counted_at
    shown = services.shown_figures(user, query)
    return [
        {"key": s.figure.key, "label": s.figure.label, "unit": s.figure.unit, "value": s.value} for s in shown
    ], None


def key(params: dict) -> str:
    return f"{get_language()}:{urlencode(sorted(params.items()))}"


def store(user, params: dict, result: dict, now: dt.datetime) -> None:
    Snapshot.objects.update_or_create(user=user, key=key(params), defaults={"figures": encode(result),
                                                                            "counted_at": now})  # fmt: skip


def encode(result: dict) -> dict:
    return result | {"panels": [asdict(p) for p in result["panels"]]}


def decode(data: dict) -> dict:
    """The stored figures as `count` made them: the panels as Panels again, their own HTML as safe as it was."""
    panels = [
        dashboard_panels.Panel(**(p | {"lines": [dashboard_panels.Line(**line) for line in p["lines"]],
                                       "html": mark_safe(p["html"])}))  # noqa: S308 - rendered by the panel's template
        for p in data["panels"]
    ]  # fmt: skip
    return data | {"panels": panels}


def refresh(today: dt.date | None = None) -> int:
    """Count again the default dashboard (this year so far, the office's own region) of every active office above
    the county, in the site's language, and delete the snapshots of past days; returns how many were counted (the
    scan `wide_figures`)."""
    Snapshot.objects.filter(counted_at__lt=timezone.now() - KEPT).delete()  # periods asked once, days ago
    offices = Q(assignments__role__in=(Role.COUNTY_OFFICE, Role.LEADER), assignments__region__level__in=WIDE)
    users = get_user_model().objects.filter(offices, is_active=True).distinct().order_by("pk")
    counted = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            query = services.parse(user, {}, today)
            if query.region.level in WIDE:
                params = query.params()
                store(user, params, count(user, query, params), timezone.now())
                counted += 1
    return counted


def count(user, query: Query, params: dict) -> dict:
    """Everything the dashboard counts for the user and the query: plain data, kept as it is."""
    cards = [
        {"key": s.figure.key, "label": s.figure.label, "unit": s.figure.unit, "value": s.value,
         "url": rows_url(params, s.figure.key)}
        for s in services.shown_figures(user, query)
    ]  # fmt: skip
    charts = {
        "towns": services.by_town(user, query),
        "months": services.by_month(user, query),
        "ages": [
            {"key": f.key, "label": f.label, "count": n, "url": rows_url(params, f.key)}
            for f, n in services.overdue_by_age(user, query)
        ],
        "breakdowns": [
            {"dimension": d, "title": str(BREAKDOWN_TITLES.get(d, d)), "rows": [
                {"value": v, "label": label, "count": n, "url": rows_url(params, services.CHARTED, d, v)}
                for v, label, n in rows
            ]}
            for d, rows in services.breakdowns(user, query).items()
        ],
        "names": {  # the charts' series, in the user's language
            "found": _("Found"), "fixed": _("Fixed"), "fix_rate": _("Fix rate"), "closed": _("Signed off and closed"),
        },
    }  # fmt: skip
    rates = services.rates(user, query)
    cross_checks = [
        {"label": c.label, "found": c.found_value, "found_url": rows_url(params, c.found.key),
         "records": c.records_value, "records_url": rows_url(params, c.records.key), "key": c.records.key}
        for c in services.cross_checks(user, query)
    ]  # fmt: skip
    return {
        "cards": cards,
        "fix_pct": round(rates["fix_rate"] * 100, 1),
        "on_time_pct": round(rates["on_time_rate"] * 100, 1),
        "charts": charts,
        "cross_checks": cross_checks,
        "panels": dashboard_panels.panels(user, query.region, query.date_to),
    }


BREAKDOWN_TITLES = {
    "state": _("Hazards by state"),
    "grade": _("Hazards by grade"),
    "sector": _("Hazards by sector"),
    "source": _("Hazards by source"),
}


def rows_url(params: dict, key: str, dimension: str = "", value: str = "") -> str:
    extra = {"key": key} | ({"dimension": dimension, "value": value} if dimension else {})
    return reverse("dashboards:rows") + "?" + urlencode(params | extra)
