"""The quarterly quota page: a quarter's major hazards found by each county department and town."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anjian.org.areas import choose_county
from anjian.org.jurisdiction import counties as quota_counties

from ..choices import QUARTERLY_MAJOR_QUOTA
from ..quota import Quarter, may_see_quota, parse_quarter, quarterly_quota

QUARTERS_OFFERED = 8


def quarter_label(quarter: Quarter) -> str:
    return _("%(year)s Q%(number)s") % {"year": quarter.year, "number": quarter.number}


@login_required
@require_GET
def quota(request):
    """`?quarter=2026Q3` (the current quarter by default); a quarter that cannot be meant answers 400."""
    if not may_see_quota(request.user):
        raise PermissionDenied
    current = Quarter.of(timezone.localdate())
    counties = list(quota_counties(request.user).order_by("code"))
    county = counties[0] if counties else None
    try:
        quarter, error = parse_quarter(request.GET.get("quarter")), ""
        county = choose_county(request.user, request.GET.get("county"))
    except ValidationError as exc:
        quarter, error = current, " ".join(exc.messages)
    offered = [current]
    while len(offered) < QUARTERS_OFFERED:
        offered.append(offered[-1].previous())
    rows = [] if error or county is None else quarterly_quota(quarter, county)
    context = {
        "rows": rows,
        "quota": QUARTERLY_MAJOR_QUOTA,
        "quarter": quarter,
        "quarter_label": quarter_label(quarter),
        "start": quarter.first_day,
        "end": quarter.last_day,
        "short_count": sum(1 for r in rows if r.short),
        "offered": [(str(q), quarter_label(q)) for q in offered],
        "previous": str(quarter.previous()),
        "next": str(quarter.next()) if quarter != current else "",
        "error": error,
        "county": county,
        "counties": counties if len(counties) > 1 else [],
    }
    return render(request, "hazards/quota.html", context, status=400 if error else 200)
