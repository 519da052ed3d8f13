"""Who may record whose work: the county office any unit of its county (itself, a town, a department), a
department its own, a town its own; a leader reads, and grid workers, enterprises and experts neither record
nor see the offices' work. A record is corrected by whoever may record for its unit, deleted by the county
office only."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from anjian.org.areas import office_units, top_regions
from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import assignments, roles
from anjian.org.models import Department, Region

WRITING_ROLES = {Role.COUNTY_OFFICE, Role.DEPARTMENT, Role.TOWN}
UNIT_LEVELS = (RegionLevel.COUNTY, RegionLevel.TOWN)


@dataclass(frozen=True)
class Unit:
    """A unit that works: a town, a department (at its county's region) or the county office (the county)."""

    region: Region
    department: Department | None = None

    @property
    def key(self) -> str:
        return f"d{self.department.pk}" if self.department is not None else f"r{self.region.pk}"

    @property
    def label(self) -> str:
        if self.department is not None:
            return self.department.name
        if self.region.level == RegionLevel.TOWN:
            return self.region.name
        return _("%(region)s safety committee office") % {"region": self.region.name}


def county_of(region: Region) -> Region:
    """The county a region lies in (itself for a county; itself above the county level)."""
    if region.level == RegionLevel.COUNTY:
        return region
    return next((r for r in region.ancestors() if r.level == RegionLevel.COUNTY), region)


def unit_of_department(department: Department) -> Unit:
    return Unit(county_of(department.region), department)


def may_write(user) -> bool:
    return bool(getattr(user, "is_superuser", False) or roles(user) & WRITING_ROLES)


def check_write(user) -> None:
    """PermissionDenied unless the user holds a county office, department or town role."""
    if not may_write(user):
        raise PermissionDenied(_("Only the county office, departments and towns record their work."))


def _office_areas(user) -> list[Region]:
    return [a.region for a in assignments(user) if a.role == Role.COUNTY_OFFICE and a.region_id]


def _own_town(assignment) -> Region | None:
    if assignment.role != Role.TOWN or not assignment.region_id:
        return None
    return assignment.region.town() or None


def may_record_for(user, region: Region, department: Department | None) -> bool:
    """Whether `user` may record work (or correct it) for the unit (region, department)."""
    if getattr(user, "is_superuser", False):
        return True
    place = department.region if department is not None else region
    for area in _office_areas(user):
        if place.path.startswith(area.path):
            return True
    for a in assignments(user):
        if department is not None and a.role == Role.DEPARTMENT and a.department_id == department.pk:
            return True
        town = _own_town(a)
        if department is None and town is not None and town.pk == region.pk:
            return True
    return False


def may_delete(user, record) -> bool:
    """Only the county office deletes (its history stays), within its area."""
    if getattr(user, "is_superuser", False):
        return True
    return any(record.region.path.startswith(area.path) for area in _office_areas(user))


def units_for(user) -> list[Unit]:
    """The units `user` may record for: their own, or every unit of the county office's area."""
    found: dict[str, Unit] = {}
    offices = top_regions() if getattr(user, "is_superuser", False) else _office_areas(user)
    if offices:
        regions, departments = office_units(offices, UNIT_LEVELS)
        for region in Region.objects.filter(regions).order_by("level", "code"):
            found.setdefault(f"r{region.pk}", Unit(region))
        for department in Department.objects.filter(departments).select_related("region").order_by("name"):
            unit = unit_of_department(department)
            found.setdefault(unit.key, unit)
    for a in assignments(user):
        if a.role == Role.DEPARTMENT and a.department_id:
            unit = unit_of_department(a.department)
            found.setdefault(unit.key, unit)
        town = _own_town(a)
        if town is not None:
            found.setdefault(f"r{town.pk}", Unit(town))
    return list(found.values())


def default_unit(user) -> Unit | None:
    """The unit a user records for when none is named: their department, their town, or the county office."""
    for a in assignments(user):
        if a.role == Role.DEPARTMENT and a.department_id:
            return unit_of_department(a.department)
    for a in assignments(user):
        town = _own_town(a)
        if town is not None:
            return Unit(town)
    for area in _office_areas(user):
        return Unit(county_of(area))
    return None


def towns_for(user):
    """The towns `user` may name (guidance, admonition): of the county office's area, or the own town."""
    offices = top_regions() if getattr(user, "is_superuser", False) else _office_areas(user)
    paths = office_units(offices, (RegionLevel.TOWN,))[0]  # an office above the county names no town
    for a in assignments(user):
        if a.role == Role.DEPARTMENT and a.department_id:
            paths |= Q(path__startswith=county_of(a.department.region).path)
        town = _own_town(a)
        if town is not None:
            paths |= Q(pk=town.pk)
    return Region.objects.filter(paths, level=RegionLevel.TOWN).order_by("code")
