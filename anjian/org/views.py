"""Pages of the organisation: the region tree, the departments, and the user's own account."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anjian.registry.models import Enterprise

from . import areas, passwords
from .choices import COUNTY_WIDE_ROLES, RegionLevel, Role
from .jurisdiction import assignments, can_edit, restrict
from .models import Department, IndustryCommittee, Region


@dataclass
class Node:
    region: Region
    count: int = 0
    open: bool = False
    children: list[Node] = field(default_factory=list)


def _region_tree(user, county: Region | None) -> list[Node]:
    """The county → towns → villages → grids, with the number of enterprises of each the user may see."""
    if county is None:
        return []
    regions = list(Region.objects.filter(path__startswith=county.path).order_by("code"))
    nodes = {r.pk: Node(r) for r in regions}
    roots = []
    for r in regions:
        parent = nodes.get(r.parent_id) if r.parent_id else None
        (parent.children if parent else roots).append(nodes[r.pk])
    visible = restrict(user, Enterprise.objects.filter(region__path__startswith=county.path))
    by_region = Counter(dict(visible.values_list("region_id").annotate(n=Count("id")).order_by()))
    by_grid = Counter(dict(visible.exclude(grid=None).values_list("grid_id").annotate(n=Count("id")).order_by()))
    own_paths = [a.region.path for a in assignments(user) if a.region_id]

    def fill(node: Node) -> int:
        if node.region.level == RegionLevel.GRID:
            node.count = by_grid.get(node.region.pk, 0)
            return 0  # grid counts are a view of the village's units, not added again
        node.count = by_region.get(node.region.pk, 0) + sum(fill(c) for c in node.children)
        node.open = node.region.level == RegionLevel.COUNTY or any(p.startswith(node.region.path) for p in own_paths)
        return node.count

    for root in roots:
        fill(root)
    return roots


def _units_county(user) -> Region | None:
    """For a user who acts in no region (an expert): the first county of the units they see."""
    paths = restrict(user, Enterprise.objects.order_by("region__path")).values_list("region__path", flat=True)
    first = paths.first()
    return areas.county_of(Region.objects.filter(path=first).first()) if first else None


def _chosen_county(request) -> areas.CountyChoice:
    choice = areas.pick_county(request.user, request.GET.get("county"))
    if choice.county is None and not choice.error:
        choice.county = _units_county(request.user)
    return choice


@login_required
def region_tree(request):
    """One county's tree (the user's own, or one of theirs they choose): never the province's ~37,500 nodes."""
    choice = _chosen_county(request)
    context = {"roots": _region_tree(request.user, choice.county)} | choice.context()
    return render(request, "org/region_tree.html", context, status=400 if choice.error else 200)


@login_required
def department_list(request):
    """The departments of one county (the user's own, or one they choose) and those of the levels above it."""
    choice = _chosen_county(request)
    county = choice.county
    departments = Department.objects.prefetch_related("sections", "sectors").select_related("region")
    committees = IndustryCommittee.objects.select_related("lead_department").prefetch_related("members", "sectors")
    if county is None:
        departments, committees = departments.none(), committees.none()
    else:
        above = [r.pk for r in county.ancestors()]
        departments = departments.filter(Q(region__path__startswith=county.path) | Q(region__in=above))
        committees = committees.filter(
            Q(committee__region__path__startswith=county.path) | Q(committee__region__in=above)
        )
    context = {"departments": departments, "committees": committees} | choice.context()
    return render(request, "org/department_list.html", context, status=400 if choice.error else 200)


@login_required
def my_account(request):
    user = request.user
    user_assignments = sorted(assignments(user), key=lambda a: a.role)
    county_wide = any(a.role in COUNTY_WIDE_ROLES for a in user_assignments)
    sectors = {
        a.pk: list(a.department.sectors.all()) for a in user_assignments if a.role == Role.DEPARTMENT and a.department
    }
    visible = restrict(user, Enterprise.objects.all())
    context = {
        "assignments": [(a, sectors.get(a.pk, [])) for a in user_assignments],
        "county_wide": county_wide or user.is_superuser,
        "visible_count": visible.count(),
        "can_edit": can_edit(user),
        "expert_enterprises": visible.filter(experts=user).select_related("region")
        if Role.EXPERT in {a.role for a in user_assignments}
        else [],
        "password_expires": passwords.expires_at(user),
    }
    return render(request, "org/my_account.html", context)


@login_required
@require_GET
def region_options(request):
    """The options of a region filter (`?field=region&region=<code>`): the user's regions with the chosen
    town's villages, for the select to swap in as it changes (org/areas.py)."""
    name = request.GET.get("field") or "region"
    deepest = request.GET.get("deepest")
    deepest = deepest if deepest in areas.DEPTH else RegionLevel.VILLAGE
    code = request.GET.get(name) or ""
    selected = areas.selected_region(code)
    choices = [("", request.GET.get("all") or _("All regions")), *areas.region_choices(request.user, selected, deepest)]
    html = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if value == code else "", label) for value, label in choices),  # noqa: S308
    )
    return HttpResponse(html)
