"""My tasks, the statistics and the quarterly quota: figures computed by hazards.stats, within the jurisdiction."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from anjian.org.jurisdiction import restrict

from .. import stats as hazard_stats
from ..choices import QUARTERLY_MAJOR_QUOTA, Action
from ..models import Hazard

# How each count is drawn: (key, title, chart kind).
CHARTS = [
    ("state", _("By state"), "bar"),
    ("grade", _("By grade"), "pie"),
    ("source", _("By source"), "pie"),
    ("sector", _("By sector"), "bar"),
    ("town", _("By town"), "bar"),
]


@login_required
@require_GET
def tasks(request):
    """What the user must act on now, and what falls due in the next 7 days."""
    todo = [(h, [(a, Action(a).label) for a in actions]) for h, actions in hazard_stats.action_list(request.user)]
    due = list(hazard_stats.due_soon(request.user, days=7))
    return render(request, "hazards/tasks.html", {"todo": todo, "due": due, "days": 7})


@login_required
@require_GET
def task_badge(request):
    """The count of the user's to-dos for the navigation badge (loaded after the page, by htmx)."""
    limit = 99
    count = len(hazard_stats.action_list(request.user, limit=limit + 1))
    return render(request, "hazards/_task_badge.html", {"count": count, "more": count > limit, "limit": limit})


@login_required
@require_GET
def stats(request):
    """Counts by state, grade, sector, town and source; rectification and on-time rates; overdue."""
    queryset = restrict(request.user, Hazard.objects.all())
    counts = hazard_stats.counts(queryset)
    figures = hazard_stats.rates(queryset)
    charts = [
        {"key": key, "title": str(title), "kind": kind, "rows": counts[key]}
        for key, title, kind in CHARTS
        if key in counts
    ]
    chart_data = [
        {"key": c["key"], "kind": c["kind"], "labels": [r[1] for r in c["rows"]], "values": [r[2] for r in c["rows"]]}
        for c in charts
    ]
    context = {
        "charts": charts,
        "chart_data": chart_data,
        "figures": figures,
        "rectification_pct": round(figures["rectification_rate"] * 100, 1),
        "on_time_pct": round(figures["on_time_rate"] * 100, 1),
    }
    return render(request, "hazards/stats.html", context)


@login_required
@require_GET
def quota(request):
    """This quarter's major hazards found by each county department and town, against the quota of 10."""
    rows = hazard_stats.quarterly_quota()
    start, end = hazard_stats.quarter_bounds(timezone.localdate())
    context = {
        "rows": rows,
        "quota": QUARTERLY_MAJOR_QUOTA,
        "start": timezone.localdate(start),
        "end": timezone.localdate(end - dt.timedelta(days=1)),
        "short_count": sum(1 for r in rows if r.short),
    }
    return render(request, "hazards/quota.html", context)
