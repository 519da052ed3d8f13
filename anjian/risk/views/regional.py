"""The regional four-colour map (towns by highest level), the town × sector table, and risk reviews."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anjian.core.attachments import store_document
from anjian.core.media import may_see
from anjian.core.models import Attachment
from anjian.org import areas
from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import assignments, can_edit, counties, restrict, roles
from anjian.org.models import Region
from anjian.registry.models import Enterprise

from .. import regional, reviews
from ..choices import LEVEL_COLOURS, ReviewKind, RiskLevel
from ..forms import RegionMapForm, ReviewForm
from ..models import RegionMap, RiskPoint, RiskReview
from .points import add_errors

# Who sees the regional picture: the county, its towns and its departments (not one enterprise).
REGIONAL_ROLES = {Role.COUNTY_OFFICE, Role.LEADER, Role.TOWN, Role.DEPARTMENT}


def check_regional(user) -> None:
    if not (user.is_superuser or roles(user) & {str(r) for r in REGIONAL_ROLES}):
        raise PermissionDenied(_("The regional map is for the county, its towns and departments."))


def may_upload_map(user, county=None) -> bool:
    """The county's office (or an office above it) uploads the county's town map."""
    if user.is_superuser:
        return True
    offices = [a.region for a in assignments(user) if a.role == Role.COUNTY_OFFICE and a.region_id]
    return any(county is None or county.path.startswith(o.path) for o in offices)


@login_required
@require_GET
def regional_map(request):
    check_regional(request.user)
    return render_map(request, areas.pick_county(request.user, request.GET.get("county")))


def map_context(user, county, points=None) -> dict:
    """What the map card (risk/_regional_map_card.html) draws: the towns of `county` by highest level within
    the user's jurisdiction, the levels' colours and the county's uploaded town map."""
    if points is None:
        points = restrict(user, RiskPoint.objects.filter(region__path__startswith=county.path if county else ""))
    towns = regional.town_levels(points, county) if county is not None else []
    region_map = RegionMap.objects.filter(region=county).first() if county is not None else None
    levels = [{"code": c, "label": str(label), "colour": LEVEL_COLOURS[c]} for c, label in RiskLevel.choices]
    return {
        "towns": towns,
        "levels": levels,
        "region_map": region_map,
        "map_data": {
            "geojson": region_map.geojson if region_map else None,
            "towns": [town_entry(t) for t in towns],
            "levels": levels,
            "none_label": _("No assessed points"),
            "none_colour": "#e9ecef",
        },
    }


def render_map(request, choice: areas.CountyChoice, form=None, status=200):
    county = choice.county
    points = restrict(request.user, RiskPoint.objects.filter(region__path__startswith=county.path if county else ""))
    sectors, rows = regional.town_sector_table(points, county) if county is not None else ([], [])
    may_upload = county is not None and may_upload_map(request.user, county)
    context = (
        map_context(request.user, county, points)
        | choice.context()
        | {
            "sectors": sectors,
            "rows": rows,
            "form": form or (RegionMapForm() if may_upload else None),
        }
    )
    return render(request, "risk/pages/regional_map.html", context, status=400 if choice.error else status)


def town_entry(town) -> dict:
    """One town for the map script: its name (the GeoJSON feature's name), highest level and counts."""
    return {"code": town.code, "name": town.name, "level": town.level, "counts": town.counts, "total": town.total}


@login_required
@require_POST
def upload_region_map(request):
    check_regional(request.user)
    choice = areas.pick_county(request.user, request.POST.get("county"))
    if choice.error or choice.county is None or not may_upload_map(request.user, choice.county):
        raise PermissionDenied(_("Only the county office uploads the county's map."))
    form = RegionMapForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            data = regional.validate_geojson(form.cleaned_data["geojson"], choice.county)
            defaults = {"geojson": data, "uploaded_by": request.user}
            RegionMap.objects.update_or_create(region=choice.county, defaults=defaults)
        except ValidationError as exc:
            add_errors(form, exc, field_of=lambda name: "geojson")
        else:
            messages.success(request, _("The county's map is stored."))
            return redirect(f"{reverse('risk:regional_map')}?county={choice.county.code}")
    return render_map(request, choice, form=form, status=400)


def review_regions(user) -> QuerySet:
    """The regions a review may be recorded for: the user's county and its towns, or their counties when they
    work in several (never the towns of a province)."""
    mine = list(counties(user))
    if len(mine) == 1:
        return Region.objects.filter(Q(pk=mine[0].pk) | Q(parent=mine[0], level=RegionLevel.TOWN))
    return Region.objects.filter(pk__in=[c.pk for c in mine])


@login_required
def review_list(request):
    """Record a review (风险研判); the schedule of what is due and late; the reviews the user may see."""
    may_record = can_edit(request.user) or Role.ENTERPRISE in roles(request.user)
    enterprises = restrict(request.user, Enterprise.objects.order_by("name"))
    form = None
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied(_("Your role may not record risk reviews."))
        form = ReviewForm(request.POST, request.FILES, enterprises=enterprises, regions=review_regions(request.user))
        if form.is_valid() and record(request, form):
            messages.success(request, _("The review is recorded."))
            return redirect("risk:reviews")
    elif may_record:
        initial = {"held_on": timezone.localdate()}
        form = ReviewForm(initial=initial, enterprises=enterprises, regions=review_regions(request.user))
    recorded = restrict(
        request.user, RiskReview.objects.select_related("enterprise", "region", "recorded_by", "report")
    )
    schedule = reviews.schedule_for(request.user)
    context = {
        "form": form,
        # The level above may see a region's schedule without seeing its review: link only what it may open.
        "schedule": [
            (item, item.report if item.report and may_see(request.user, item.report) else None) for item in schedule
        ],
        "kinds": ReviewKind.choices,
        "reviews": list(recorded[:50]),
    }
    return render(request, "risk/pages/reviews.html", context, status=400 if form and form.errors else 200)


def record(request, form: ReviewForm) -> bool:
    """Store the report (if any) and record the review together; a refusal lands on the form."""
    d = form.cleaned_data
    report = None
    try:
        with transaction.atomic():
            if d.get("report"):
                try:
                    report = store_document(d["report"], request.user)
                except ValidationError as exc:
                    raise ValidationError({"report": exc.messages}) from exc
            reviews.record_review(
                request.user,
                kind=d["kind"],
                held_on=d["held_on"],
                participants=d["participants"],
                changes=d["changes"],
                enterprise=d["enterprise"],
                region=d["region"],
                report=report,
            )
    except (ValidationError, PermissionDenied) as exc:
        if report is not None and not Attachment.objects.filter(pk=report.pk).exists():
            report.file.delete(save=False)  # stored in the rolled-back transaction: leave no orphan file
            if report.thumbnail:
                report.thumbnail.delete(save=False)
        add_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        return False
    return True
