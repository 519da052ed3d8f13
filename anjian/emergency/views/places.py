"""The named crowded places (兴安办〔2024〕80号 二（三）3): their progress against the deadline (list, filters, xlsx),
naming them from the candidates (operating units of 50 people or more, not yet named for the deadline), and
taking one off the list; and the drill overview of the county by town and by sector."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anjian.org import areas
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise

from .. import access, exports, rules, services
from ..filtersets import RequirementFilterSet
from ..forms import NamePlacesForm
from ..models import DrillRequirement
from ..overview import overview
from ..services.places import MIN_PEOPLE, SOURCE
from ..tables import RequirementTable
from .common import ListPage, add_errors, visible, xlsx_response

CANDIDATES_SHOWN = 100


class PlaceListView(ListPage):
    model = DrillRequirement
    filterset_class = RequirementFilterSet
    table_class = RequirementTable
    title = _("Named crowded places")
    new_url_name = "emergency:places_name"

    def may_add(self) -> bool:
        return access.may_name_places(self.request.user)

    def base_queryset(self) -> QuerySet:
        places = DrillRequirement.objects.select_related("enterprise__region")
        return rules.with_requirement_status(places, timezone.localdate())

    def export_xlsx(self, queryset: QuerySet):
        return xlsx_response(exports.places_xlsx(queryset), "人员密集场所应急演练完成情况.xlsx")

    def make_table(self, queryset: QuerySet):
        table = super().make_table(queryset)
        if not access.may_name_places(self.request.user):
            table.columns.hide("withdraw")
        return table


def _default_deadline(today: dt.date) -> dt.date:
    """兴安办〔2024〕80号: 11月30日前 — this year's 30 November, or next year's once it has passed."""
    deadline = dt.date(today.year, 11, 30)
    return deadline if deadline >= today else dt.date(today.year + 1, 11, 30)


def _candidates(user, request) -> QuerySet:
    """Operating units of 50 staff or more in the user's jurisdiction, by a town and a search text."""
    units = rules.subject_units(restrict(user, Enterprise.objects.filter(staff_count__gte=MIN_PEOPLE)))
    town = request.GET.get("town") or request.POST.get("town")
    if town and town.isdigit():
        found = areas.selected_region(town)  # a town, or a county for an office above the county
        units = units.filter(region__path__startswith=found.path) if found else units.none()
    query = (request.GET.get("q") or request.POST.get("q") or "").strip()
    if query:
        units = units.filter(name__icontains=query)
    return units.select_related("region", "sector").order_by("-staff_count", "name")


@login_required
def places_name(request):
    access.check_name_places(request.user)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" and "name" in request.POST else None
    deadline = _default_deadline(today)
    initial = {"counted_from": today, "required_by": deadline, "source": SOURCE}
    candidates = _candidates(request.user, request)
    form = NamePlacesForm(data, candidates=candidates, initial=initial)
    if data is not None and form.is_valid():
        window = {k: form.cleaned_data[k] for k in ("counted_from", "required_by", "source", "people")}
        try:
            named = services.name_places(request.user, form.cleaned_data["units"], **window)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(n)s places are named.") % {"n": len(named)})
            return redirect("emergency:places")
    shown = list(candidates[:CANDIDATES_SHOWN])
    towns = areas.region_choices(request.user, areas.selected_region(request.GET.get("town")), RegionLevel.TOWN)
    context = {"form": form, "shown": shown, "towns": towns, "query": request.GET.get("q", ""),
               "town": request.GET.get("town", ""), "min_people": MIN_PEOPLE}  # fmt: skip
    return render(request, "emergency/places_name.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def place_withdraw(request, pk: int):
    requirement = visible(request.user, DrillRequirement, pk, "enterprise")
    services.withdraw(request.user, requirement)
    messages.success(request, _("%(name)s is taken off the list.") % {"name": requirement.enterprise.name})
    return redirect("emergency:places")


@login_required
@require_GET
def drill_overview(request):
    """The county's drills by town and sector this year (or ?year=)."""
    today = timezone.localdate()
    choice = areas.pick_county(request.user, request.GET.get("county"))
    if choice.county is None:
        return render(request, "emergency/overview.html", {"result": None})
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= today.year else today.year
    result = overview(request.user, choice.county, today, year)
    years = list(range(today.year, max(today.year - 5, 1999), -1))
    context = {"result": result, "years": years, "county_keep": [("year", year)]} | choice.context()
    return render(request, "emergency/overview.html", context, status=400 if choice.error else 200)
