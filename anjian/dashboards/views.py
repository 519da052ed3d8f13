"""The work desk (every user's home page) and the county dashboard: read-only pages over core.desk and
core.figures, never over another app's models."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from anjian.core import desk as work_desk
from anjian.core import figures, freshness, records
from anjian.core import panels as dashboard_panels
from anjian.org import passwords

from . import services


@login_required
@require_GET
def desk(request):
    """What waits for this user now, by role: each section's count first, then its first items."""
    sections = work_desk.sections(request.user)
    days = passwords.days_left(request.user)  # the password expires soon (org.passwords)
    warning = passwords.warning_message(days) if days is not None else ""
    return render(request, "dashboards/desk.html", {"sections": sections, "password_warning": warning})


def _query(request):
    """The region and period asked, or the page's defaults with the form's errors (never a 500)."""
    try:
        return services.parse(request.user, request.GET), {}
    except ValidationError as error:
        return services.parse(request.user, {}), error.message_dict


@login_required
@require_GET
def county(request):
    """The county dashboard (a town sees its own): 江西应急管理简报 2024年第20期's figures for a period, the fix and on-time rates,
    the hazards by town, month, state, grade and sector; every count links to the rows it counts.

    Its figures are kept (core.freshness.kept) per user, period, region and language while the tables they were
    counted from are unwritten: a leader's screen reloads the same dashboard all day."""
    query, errors = _query(request)
    user = request.user
    params = query.params()
    name = (
        f"dashboard:{user.pk}:{get_language()}:{timezone.localdate().isoformat()}:{urlencode(sorted(params.items()))}"
    )
    context = freshness.kept(name, lambda: _figures(user, query, params), freshness.JURISDICTION)
    context |= {
        "query": query,
        "errors": errors,
        "regions": services.regions_for(user, query.region),
        "printing": request.GET.get("print") == "1",
        "print_url": "?" + urlencode(params | {"print": "1"}),
    }
    return render(request, "dashboards/county.html", context, status=400 if errors else 200)


def _figures(user, query, params: dict) -> dict:
    """Everything the dashboard counts for the user and the query: plain data, kept as it is."""
    cards = [
        {"key": s.figure.key, "label": s.figure.label, "unit": s.figure.unit, "value": s.value,
         "url": _rows_url(params, s.figure.key)}
        for s in services.shown_figures(user, query)
    ]  # fmt: skip
    charts = {
        "towns": services.by_town(user, query),
        "months": services.by_month(user, query),
        "ages": [
            {"key": f.key, "label": f.label, "count": n, "url": _rows_url(params, f.key)}
            for f, n in services.overdue_by_age(user, query)
        ],
        "breakdowns": [
            {"dimension": d, "title": str(BREAKDOWN_TITLES.get(d, d)), "rows": [
                {"value": v, "label": label, "count": n, "url": _rows_url(params, services.CHARTED, d, v)}
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
        {"label": c.label, "found": c.found_value, "found_url": _rows_url(params, c.found.key),
         "records": c.records_value, "records_url": _rows_url(params, c.records.key), "key": c.records.key}
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


def _rows_url(params: dict, key: str, dimension: str = "", value: str = "") -> str:
    extra = {"key": key} | ({"dimension": dimension, "value": value} if dimension else {})
    return reverse("dashboards:rows") + "?" + urlencode(params | extra)


@login_required
@require_GET
def rows(request):
    """The records one dashboard number counts, 50 a page: as many as the number says."""
    query, errors = _query(request)
    if errors:
        return render(request, "dashboards/rows.html", {"errors": errors}, status=400)
    try:
        found = services.rows(
            request.user, query, request.GET.get("key", ""), request.GET.get("dimension", ""),
            request.GET.get("value", ""),
        )  # fmt: skip
    except ValidationError as error:
        return render(request, "dashboards/rows.html", {"errors": error.message_dict}, status=400)
    page, listed = records.listed(found, request.GET.get("page"))
    figure = figures.get(request.GET["key"])
    back = reverse("dashboards:county") + "?" + urlencode(query.params())
    return render(
        request, "dashboards/rows.html",
        {"figure": figure, "page": page, "rows": listed, "query": query, "back": back,
         "query_string": records.without_page(request)},
    )  # fmt: skip
