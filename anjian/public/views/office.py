"""The county office's pages: who viewed which reporter's identity and why; the hours to acknowledge a report; the
county's figures of public reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from anjian.core import dates
from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import assignments, counties, restrict
from anjian.org.models import Region

from ..forms import PolicyForm
from ..models import IdentityView, ReportPolicy
from ..rules import is_staff_reader
from ..stats import summary

PER_PAGE = 50


def _office_counties(user) -> list:
    """The counties whose county office the user works in (every county for a superuser)."""
    if user.is_superuser:
        return list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    return [a.region for a in assignments(user) if a.role == Role.COUNTY_OFFICE and a.region_id]


@login_required
def identity_views(request):
    if not _office_counties(request.user):
        raise PermissionDenied
    rows = restrict(request.user, IdentityView.objects.select_related("report", "viewer")).order_by("-at", "-id")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "public/identity_views.html", {"page": page})


@login_required
def policy(request):
    counties = _office_counties(request.user)
    if not counties:
        raise PermissionDenied
    county = counties[0]
    current = ReportPolicy.objects.filter(county=county).first() or ReportPolicy(county=county)
    form = PolicyForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.updated_by = request.user
        saved.save()
        messages.success(request, _("Reports arriving from now on are to be acknowledged within %(hours)d hours.")
                         % {"hours": saved.ack_hours})  # fmt: skip
        return redirect("public:policy")
    return render(request, "public/policy.html", {"form": form, "county": county}, status=400 if form.errors else 200)


def places_for(user) -> list[Region]:
    """The places whose figures the user reads: a town's people their town; the others their counties and the
    towns in them."""
    own = [a.region for a in assignments(user) if a.role == Role.TOWN and a.region_id]
    if own and not user.is_superuser:
        return sorted({r.pk: r for r in own}.values(), key=lambda r: r.code)
    wide = list(counties(user).order_by("code"))
    return [*wide, *Region.objects.filter(parent__in=wide, level=RegionLevel.TOWN).order_by("code")]


@login_required
def stats(request):
    if not is_staff_reader(request.user) and Role.LEADER not in {a.role for a in assignments(request.user)}:
        raise PermissionDenied
    places = places_for(request.user)
    code = request.GET.get("region", "")
    region = next((r for r in places if r.code == code), None)
    errors, bounds = {}, {}
    for name in ("date_from", "date_to"):
        value = request.GET.get(name)
        if value:
            try:
                bounds[name] = dates.check_past(value, field=name)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    found = summary(request.user, region, bounds.get("date_from"), bounds.get("date_to"))
    cards = [(key, found.labels[key], found.units[key], value) for key, value in found.values.items()]
    context = {"summary": found, "cards": cards, "places": places, "region": region, "errors": errors,
               "params": request.GET}  # fmt: skip
    return render(request, "public/stats.html", context, status=400 if errors else 200)
