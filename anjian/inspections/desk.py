"""The inspections' section of the work desk (core.desk): this month's inspection plans of the user's
departments, with the visits made so far against the visits planned."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from anjian.core.desk import Item, Section, section
from anjian.org.jurisdiction import restrict

from . import services
from .choices import PlanPeriod
from .models import InspectionPlan


@section("inspections.plans", order=50)
def plans_this_month(user, today: dt.date, limit: int) -> Section | None:
    """Visits planned this month: the monthly plans the user sees (a department its own; the office all)."""
    plans = restrict(user, InspectionPlan.objects.filter(period=PlanPeriod.MONTH, year=today.year, month=today.month))
    rows = services.with_progress(plans.select_related("department")).order_by("department__id", "title")
    found = list(rows[: limit + 1])
    count = rows.count() if len(found) > limit else len(found)
    if not count:
        return None
    items = [
        Item(
            text=plan.title,
            url=reverse("inspections:plans") + f"?year={today.year}",
            note=_("%(done)s of %(planned)s visits made · %(department)s")
            % {"done": plan.visits_in_period, "planned": plan.target_visits, "department": plan.department.name},
        )
        for plan in found[:limit]
    ]
    url = reverse("inspections:plans") + f"?year={today.year}"
    return Section("inspections.plans", _("Inspection plans this month"), count, url, items)
