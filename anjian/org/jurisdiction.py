"""The one place that decides what a user may see.

Every queryset that reaches a user in the UI, the API or an export goes through `restrict(user, qs)`.
A model takes part by declaring a `Scope`: how to reach, from one of its rows, the region path, the
sector, the enterprise and the responsible department. A role then narrows the rows to its scope;
a user with several roles sees the union. Models without a scope are reference data that every
signed-in user may read (regions, departments, sectors).

Nothing assumes one county: a safety committee office (role `county_office`) or a leader sees what lies
under its region, whatever its level (县安委办 its county, 市安委办 its city, 省安委办 its province), and a
department what lies under its own region.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Model, Q, QuerySet

from .choices import AUTHORITY_ORDER, COUNTY_WIDE_ROLES, EDITOR_ROLES, ROLE_AUTHORITY, Authority, Role


@dataclass(frozen=True)
class Scope:
    """Lookups from a model to the things jurisdiction is decided by (None: not reachable)."""

    region_path: str | None = None  # e.g. "region__path"
    sector: str | None = None  # e.g. "sector_id"
    enterprise: str | None = None  # e.g. "pk" or "enterprise_id"
    expert: str | None = None  # e.g. "experts" (users assigned as experts)
    department: str | None = None  # e.g. "responsible_department_id"
    grid: str | None = None  # e.g. "grid_id": a grid worker also sees rows of their grid
    # The county and town the row lies in, kept on the row (a big table's): a county's or a town's rows are then
    # found through an index on the row's own column, not by the region path through a join.
    county: str | None = None  # e.g. "county_id"
    town: str | None = None  # e.g. "town_id"


_SCOPES: dict[type[Model], Scope] = {}


def register(model: type[Model], scope: Scope) -> None:
    _SCOPES[model] = scope


def scope_of(model: type[Model]) -> Scope | None:
    return _SCOPES.get(model)


def assignments(user) -> list:
    """The user's role assignments, fetched once per request-bound user object."""
    cached = getattr(user, "_anjian_assignments", None)
    if cached is None:
        cached = list(user.assignments.select_related("region", "department__region", "enterprise__region"))
        user._anjian_assignments = cached
    return cached


def roles(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return {a.role for a in assignments(user)}


def _condition(assignment, scope: Scope, user) -> Q | None:
    """The rows one role assignment may see, or None when this role sees nothing of the model."""
    role = assignment.role
    if role in COUNTY_WIDE_ROLES:
        if scope.region_path and assignment.region_id:
            return under(scope, assignment.region)
        return Q()
    if role in (Role.TOWN, Role.GRID_WORKER) and scope.region_path and assignment.region_id:
        return under(scope, assignment.region) | _grid_condition(assignment, scope)
    if role == Role.DEPARTMENT and assignment.department_id:
        parts = []
        if scope.sector:
            sector_ids = _sector_ids(assignment.department)
            parts.append(Q(**{f"{scope.sector}__in": sector_ids}))
        if scope.department:
            parts.append(Q(**{scope.department: assignment.department_id}))
        if not parts:
            return None
        return reduce(or_, parts) & _department_within(
            assignment.department, scope
        )  # a county's department, not its namesake in the next county
    if role == Role.ENTERPRISE and scope.enterprise and assignment.enterprise_id:
        return Q(**{scope.enterprise: assignment.enterprise_id})
    if role == Role.EXPERT and scope.expert:
        return Q(**{scope.expert: user.pk})
    return None


def under(scope: Scope, region) -> Q:
    """The rows lying in `region` or below it: its path's prefix, or the same rows found by an indexed column —
    the row's county or town when the model keeps them, the row's own region for a grid (a grid has no children)."""
    from .choices import RegionLevel

    level = region.level
    if level == RegionLevel.COUNTY and scope.county:
        return Q(**{scope.county: region.pk})
    if level == RegionLevel.TOWN and scope.town:
        return Q(**{scope.town: region.pk})
    if level in (RegionLevel.PROVINCE, RegionLevel.CITY) and scope.county:  # every row lies in a county
        return Q(**{f"{scope.county}__in": county_ids(region)})
    if level == RegionLevel.GRID and scope.region_path and scope.region_path.endswith("__path"):
        return Q(**{scope.region_path.removesuffix("__path"): region.pk})
    return Q(**{f"{scope.region_path}__startswith": region.path})


def county_ids(region) -> list[int]:
    """The ids of the counties under a province or city (a province has about 100), asked once per region object.
    A list rather than a subquery: PostgreSQL then knows how many rows it selects (with a subquery, twice in one
    statement, it guessed one row and walked 3,000,000 hazards one by one)."""
    from .choices import RegionLevel
    from .models import Region

    if "_anjian_county_ids" not in region.__dict__:
        counties = Region.objects.filter(level=RegionLevel.COUNTY, path__startswith=region.path)
        region.__dict__["_anjian_county_ids"] = list(counties.values_list("pk", flat=True))
    return region.__dict__["_anjian_county_ids"]


def _department_within(department, scope: Scope) -> Q:
    """A department's charge within its own region: a county's department, not its namesake in the next county."""
    if not scope.region_path:
        return Q()
    if type(department).region.is_cached(department) and department.region is not None:
        return under(scope, department.region)
    path = _department_path(department)
    return Q(**{f"{scope.region_path}__startswith": path}) if path else Q()


def _sector_ids(department) -> list[int]:
    """The department's sectors, asked once per department object (a roll-up asks for each figure)."""
    cached = getattr(department, "_anjian_sector_ids", None)
    if cached is None:
        cached = list(department.sectors.values_list("pk", flat=True))
        department._anjian_sector_ids = cached
    return cached


def _department_path(department) -> str:
    """The path of the department's region (its county's for a county department), asked once per object."""
    cached = getattr(department, "_anjian_region_path", None)
    if cached is None:
        if type(department).region.is_cached(department):
            cached = department.region.path
        elif department.pk:
            rows = type(department).objects.filter(pk=department.pk).values_list("region__path", flat=True)
            cached = rows.first()
        department._anjian_region_path = cached or ""
    return department._anjian_region_path


def sector_ids_of(departments) -> None:
    """Fetch the sectors and the region's path of many departments (in one query when each has a sector), for
    `_sector_ids` and `_department_path` to find them cached."""
    departments = [d for d in departments if d.pk]
    missing = {d.pk: d for d in departments if getattr(d, "_anjian_sector_ids", None) is None}
    if missing:
        found: dict = defaultdict(list)
        paths: dict = {}
        through = missing[next(iter(missing))].sectors.through
        rows = through.objects.filter(department_id__in=missing)
        for department_id, sector_id, path in rows.values_list(
            "department_id", "sector_id", "department__region__path"
        ):
            found[department_id].append(sector_id)
            paths[department_id] = path
        for pk, department in missing.items():
            department._anjian_sector_ids = found[pk]
            if pk in paths and getattr(department, "_anjian_region_path", None) is None:
                department._anjian_region_path = paths[pk] or ""
    no_path = {d.pk: d for d in departments if getattr(d, "_anjian_region_path", None) is None}
    if no_path:
        model = type(next(iter(no_path.values())))
        paths = dict(model.objects.filter(pk__in=no_path).values_list("pk", "region__path"))
        for pk, department in no_path.items():
            department._anjian_region_path = paths.get(pk) or ""


def _grid_condition(assignment, scope: Scope) -> Q:
    """A grid worker also sees units whose grid is theirs (a unit's region is its village)."""
    if assignment.role == Role.GRID_WORKER and scope.grid:
        return Q(**{scope.grid: assignment.region_id})
    return Q(pk__in=[])


def restrict(user, queryset: QuerySet) -> QuerySet:
    """Narrow `queryset` to what `user` may see. Superusers see everything; anonymous users nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    scope = scope_of(queryset.model)
    if scope is None:
        return queryset
    conditions = [c for a in assignments(user) if (c := _condition(a, scope, user)) is not None]
    if not conditions:
        return queryset.none()
    if any(not c for c in conditions):  # an empty Q() means "everything"
        return queryset
    combined = reduce(or_, conditions)
    needs_distinct = scope.expert is not None and any(a.role == Role.EXPERT for a in assignments(user))
    result = queryset.filter(combined)
    return result.distinct() if needs_distinct else result


@dataclass(frozen=True)
class _Stand:
    """A role assignment not held by anyone: what a town or a department would see, for its own figures."""

    role: str
    region: object = None
    department: object = None
    enterprise: object = None

    @property
    def region_id(self):
        return getattr(self.region, "pk", None)

    @property
    def department_id(self):
        return getattr(self.department, "pk", None)

    @property
    def enterprise_id(self):
        return getattr(self.enterprise, "pk", None)


def unit_q(model: type[Model], *, region=None, department=None) -> Q | None:
    """The condition `for_unit` applies to `model`'s rows (None: no narrowing), to count several units'
    rows in one query (Count(..., filter=unit_q(...)))."""
    scope = scope_of(model)
    if scope is None or (region is None and department is None):
        return None
    conditions = []
    if region is not None:
        conditions.append(_condition(_Stand(Role.TOWN, region=region), scope, None))
    if department is not None:
        conditions.append(_condition(_Stand(Role.DEPARTMENT, department=department), scope, None))
    found = [c for c in conditions if c is not None]
    return reduce(or_, found) if found else Q(pk__in=[])


def owners(model: type[Model], units: dict):
    """`unit_q` in Python for many units at once, for rows already grouped: given `units` {key: (region,
    department)}, a function of a row's (region path — or a prefix of it at least as long as any unit's
    region path and any department's region path (`unit_path_length`) —, sector id, department id in
    charge) that returns the keys of the units the row counts for, by the same rules as `_condition` (a
    town: its path; a department: its sectors or its charge, within its own region)."""
    scope = scope_of(model)
    sector_ids_of([d for _, d in units.values() if d is not None])
    everyone, by_path, by_sector, by_charge = [], defaultdict(list), defaultdict(list), defaultdict(list)
    within: dict = {}  # a department's key → its region's path (a row elsewhere is not its charge)
    for key, (region, department) in units.items():
        if scope is None or (region is None and department is None):
            everyone.append(key)
            continue
        if region is not None and region.pk and scope.region_path:
            by_path[region.path].append(key)
        if department is not None and department.pk:
            for sector in _sector_ids(department) if scope.sector else ():
                by_sector[sector].append(key)
            if scope.department:
                by_charge[department.pk].append(key)
            if scope.region_path:
                within[key] = _department_path(department)
    lengths = sorted({len(path) for path in by_path})

    def find(path, sector, dept) -> list:
        found = list(everyone)
        if path is not None:
            for length in lengths:
                found += by_path.get(path[:length], ())
        for key in (*by_sector.get(sector, ()), *by_charge.get(dept, ())):
            if path is None or path.startswith(within.get(key, "")):
                found.append(key)
        return list(dict.fromkeys(found)) if len(found) > 1 else found  # a unit once, by sector and charge

    return find


def unit_path_length(units: dict) -> int:
    """How much of a row's region path `owners` needs to tell the `units` {key: (region, department)} apart:
    the longest path among the towns' and the departments' regions (0: none)."""
    departments = [d for _, d in units.values() if d is not None]
    sector_ids_of(departments)
    paths = [r.path for r, _ in units.values() if r is not None and r.pk]
    paths += [_department_path(d) for d in departments if d.pk]
    return max((len(p) for p in paths), default=0)


def for_unit(queryset: QuerySet, *, region=None, department=None) -> QuerySet:
    """Narrow `queryset` to what the town (`region`) or the `department` is responsible for, by the same
    conditions as their own users' `restrict`: a participant's figures count what lies in its charge."""
    condition = unit_q(queryset.model, region=region, department=department)
    return queryset if condition is None else queryset.filter(condition)


def can_edit(user) -> bool:
    """Whether the user holds a role that may create and change records (within what it sees)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(roles(user) & {str(r) for r in EDITOR_ROLES})


def authority(user) -> str | None:
    """The highest authority among the user's roles (None for a read-only user): who may change whose grade."""
    if getattr(user, "is_superuser", False):
        return Authority.COUNTY
    held = [ROLE_AUTHORITY[Role(r)] for r in roles(user) if r in ROLE_AUTHORITY]
    return max(held, key=AUTHORITY_ORDER.index) if held else None


def outranks_or_equals(user, set_by: str | None) -> bool:
    """Whether `user` may change a grade or level that was set at authority `set_by` (None: set by nobody)."""
    mine = authority(user)
    if set_by is None or set_by == "":
        return mine is not None
    return mine is not None and AUTHORITY_ORDER.index(mine) >= AUTHORITY_ORDER.index(set_by)


def places(user) -> list:
    """The regions the user's roles act in: an office's, a leader's, a town's or a grid's own region, a
    department's region, a unit's region (none for an expert)."""
    found = []
    for assignment in assignments(user):
        place = assignment.region or getattr(assignment.department, "region", None)
        place = place or getattr(assignment.enterprise, "region", None)
        if place is not None:
            found.append(place)
    return found


def counties(user) -> QuerySet:
    """The counties the user works in (every county for a superuser): the county of each place they act in,
    or every county under it for an office above the county. A per-county page lists one of these, never
    the whole province's tree."""
    from .choices import RegionLevel
    from .models import Region

    county_level = Region.objects.filter(level=RegionLevel.COUNTY)
    if getattr(user, "is_superuser", False):
        return county_level
    prefixes: set[str] = set()  # every ancestor's path of every place the user works in
    below = Q(pk__in=[])
    found = places(user)
    paths = [place.path for place in found]
    for place in found:
        if place.level in (RegionLevel.PROVINCE, RegionLevel.CITY):
            below |= Q(path__startswith=place.path)
    if any(a.role == Role.EXPERT for a in assignments(user)):  # an expert works where the assigned units are
        paths += user.expert_enterprises.values_list("region__path", flat=True).distinct()
    for path in paths:
        codes = path.strip("/").split("/")
        prefixes.update("".join(f"{c}/" for c in codes[: n + 1]) for n in range(len(codes)))
    return county_level.filter(Q(path__in=prefixes) | below)


def within(user, instance: Model) -> bool:
    """Whether a saved record lies in what `user` may see: writers must not place records outside it."""
    return restrict(user, type(instance)._default_manager.filter(pk=instance.pk)).exists()


def in_region(queryset: QuerySet, region) -> QuerySet:
    """Rows lying in `region` (a town's code matches everything under it; a grid matches its grid),
    reached through the model's Scope, so every list filters by region the same way."""
    scope = scope_of(queryset.model)
    if scope is None or scope.region_path is None:
        raise ValueError(f"{queryset.model.__name__} has no region scope")
    if region.level == "grid":
        return queryset.filter(**{scope.grid: region.pk}) if scope.grid else queryset.none()
    return queryset.filter(under(scope, region))
