"""Pages of the organisation: the region tree, the departments, and the user's own account."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from anjian.registry.models import Enterprise

from .choices import COUNTY_WIDE_ROLES, RegionLevel, Role
from .jurisdiction import assignments, can_edit, restrict
from .models import Department, IndustryCommittee, Region


@dataclass
class Node:
    region: Region
    count: int = 0
    open: bool = False
    children: list[Node] = field(default_factory=list)


def _region_tree(user) -> list[Node]:
    """County → towns → villages → grids, with the number of enterprises of each the user may see."""
    regions = list(Region.objects.filter(level__in=("county", "town", "village", "grid")).order_by("code"))
    nodes = {r.pk: Node(r) for r in regions}
    roots = []
    for r in regions:
        parent = nodes.get(r.parent_id) if r.parent_id else None
        (parent.children if parent else roots).append(nodes[r.pk])
    visible = restrict(user, Enterprise.objects.all())
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


@login_required
def region_tree(request):
    return render(request, "org/region_tree.html", {"roots": _region_tree(request.user)})


@login_required
def department_list(request):
    departments = Department.objects.prefetch_related("sections", "sectors").select_related("region")
    committees = IndustryCommittee.objects.select_related("lead_department").prefetch_related("members", "sectors")
    return render(request, "org/department_list.html", {"departments": departments, "committees": committees})


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
    }
    return render(request, "org/my_account.html", context)
