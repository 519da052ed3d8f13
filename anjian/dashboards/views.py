"""The work desk (every user's home page) and the county dashboard: read-only pages over core.desk and
core.figures, never over another app's models."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from anjian.core import desk as work_desk
from anjian.core import figures, freshness, records
from anjian.org import passwords

from . import counted, services


@login_required
@require_GET
def desk(request):
    """What waits for this user now, by role: each section's count first, then its first items. The sections as
    written are kept while none of the tables their counts read is written (each section is kept too)."""
    user = request.user
    name = f"desk-page:{user.pk}:{timezone.localdate().isoformat()}:{get_language()}"
    sections_html = freshness.kept(
        name,
        lambda: render_to_string("dashboards/_desk_sections.html", {"sections": work_desk.sections(user)}, request),
        freshness.JURISDICTION,
    )
    days = passwords.days_left(user)  # the password expires soon (org.passwords)
    warning = passwords.warning_message(days) if days is not None else ""
    return render(request, "dashboards/desk.html", {"sections_html": sections_html, "password_warning": warning})


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
    counted from are unwritten: a leader's screen reloads the same dashboard all day. A city's or a province's
    are its last count while recent enough (anjian.dashboards.counted)."""
    query, errors = _query(request)
    params = query.params()
    context, counted_at = counted.figures(request.user, query)
    context = context | {
        "counted_at": counted_at,
        "wide_minutes": settings.ANJIAN_WIDE_FIGURES_MINUTES,
        "query": query,
        "errors": errors,
        "regions": services.regions_for(request.user, query.region),
        "printing": request.GET.get("print") == "1",
        "print_url": "?" + urlencode(params | {"print": "1"}),
    }
    return render(request, "dashboards/county.html", context, status=400 if errors else 200)


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
