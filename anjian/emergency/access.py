"""Who may record what. A unit keeps its own drills and plans; a town, a department and the county office record
those of the units they see and their own; the county office names the crowded places and, with departments and
towns, records accidents; leaders, grid workers and experts read.

An owner (organiser) is a registry unit, a department, a town or the county; `Owner` carries the columns a drill
or a plan stores for it (models.OwnerMixin)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from anjian.org.areas import office_units, top_regions
from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import assignments, roles, within
from anjian.org.models import Department, Region
from anjian.registry.models import Enterprise

from .choices import Organiser

OFFICE_ROLES = {Role.COUNTY_OFFICE, Role.DEPARTMENT, Role.TOWN}
RECORDING_ROLES = OFFICE_ROLES | {Role.ENTERPRISE}


@dataclass(frozen=True)
class Owner:
    organiser: str
    region: Region
    enterprise: Enterprise | None = None
    department: Department | None = None

    @property
    def sector(self):
        return self.enterprise.sector if self.enterprise is not None else None

    @property
    def fields(self) -> dict:
        """The OwnerMixin columns of this owner."""
        charge = self.department
        if self.enterprise is not None:
            charge = self.enterprise.responsible_department
        return {
            "organiser": self.organiser,
            "region": self.region,
            "enterprise": self.enterprise,
            "department": charge,
            "sector": self.sector,
        }


def _superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def may_record(user) -> bool:
    """Whether the user records drills and plans at all (of some owner)."""
    return _superuser(user) or bool(roles(user) & RECORDING_ROLES)


def may_office(user) -> bool:
    """Whether the user records for others: the county office, a department, a town."""
    return _superuser(user) or bool(roles(user) & OFFICE_ROLES)


def unit_only(user) -> bool:
    """A unit's own user and nothing more: it sees its own records only."""
    return not _superuser(user) and roles(user) == {Role.ENTERPRISE}


def check_record(user) -> None:
    if not may_record(user):
        raise PermissionDenied(_("Your role reads drills and plans but does not record them."))


def check_office(user) -> None:
    if not may_office(user):
        raise PermissionDenied(_("Only the county office, departments and towns record accidents."))


def office_areas(user) -> list[Region]:
    """The regions the user's safety committee office roles cover (the top of the tree for a superuser)."""
    if _superuser(user):
        return top_regions()
    return [a.region for a in assignments(user) if a.role == Role.COUNTY_OFFICE and a.region_id]


def may_name_places(user) -> bool:
    return bool(office_areas(user))


def check_name_places(user) -> None:
    if not may_name_places(user):
        raise PermissionDenied(_("Only the county safety committee office names the crowded places."))


def county_of(region: Region) -> Region:
    if region.level == RegionLevel.COUNTY:
        return region
    return next((r for r in region.ancestors() if r.level == RegionLevel.COUNTY), region)


def _own_towns(user) -> list[Region]:
    return [a.region.town() for a in assignments(user) if a.role == Role.TOWN and a.region_id and a.region.town()]


def _own_departments(user) -> list[int]:
    return [a.department_id for a in assignments(user) if a.role == Role.DEPARTMENT and a.department_id]


def _own_enterprises(user) -> list[int]:
    return [a.enterprise_id for a in assignments(user) if a.role == Role.ENTERPRISE and a.enterprise_id]


def _covered(user, region: Region) -> bool:
    return any(region.path.startswith(area.path) for area in office_areas(user))


def may_record_for(user, owner: Owner) -> bool:
    """Whether `user` may record (or correct) the drills and plans of `owner`."""
    if _superuser(user):
        return True
    if owner.enterprise is not None:
        if owner.enterprise.pk in _own_enterprises(user):
            return True
        return bool(roles(user) & OFFICE_ROLES) and within(user, owner.enterprise)
    if owner.department is not None:
        return owner.department.pk in _own_departments(user) or _covered(user, owner.department.region)
    if owner.organiser == Organiser.TOWN:
        return any(t.pk == owner.region.pk for t in _own_towns(user)) or _covered(user, owner.region)
    return _covered(user, owner.region)


def owner_of(row) -> Owner:
    """The owner of a stored drill or plan."""
    department = row.department if row.organiser == Organiser.DEPARTMENT else None
    return Owner(row.organiser, row.region, row.enterprise, department)


def default_owner(user) -> Owner | None:
    """Whose drills a user records when none is named: their unit, department, town, or the county office."""
    for a in assignments(user):
        if a.role == Role.ENTERPRISE and a.enterprise_id:
            return Owner(Organiser.ENTERPRISE, a.enterprise.region, a.enterprise)
    for a in assignments(user):
        if a.role == Role.DEPARTMENT and a.department_id:
            return Owner(Organiser.DEPARTMENT, county_of(a.department.region), department=a.department)
    for town in _own_towns(user):
        return Owner(Organiser.TOWN, town)
    for area in office_areas(user):
        return Owner(Organiser.COUNTY, county_of(area))
    return None


def owners_for(user) -> list[tuple[str, str]]:
    """(key, label) of the non-unit owners the user may record for: the county, departments, towns. A unit is
    chosen from the registry instead (key "e<id>")."""
    found: dict[str, str] = {}
    offices = office_areas(user)
    if offices:
        regions, departments = office_units(offices)
        for region in Region.objects.filter(regions).order_by("level", "code"):
            found[f"r{region.pk}"] = (
                region.unit_name
                if region.level == RegionLevel.TOWN
                else _("%(region)s safety committee office") % {"region": region.name}
            )
        for department in Department.objects.filter(departments).order_by("name"):
            found[f"d{department.pk}"] = department.name
    for a in assignments(user):
        if a.role == Role.DEPARTMENT and a.department_id:
            found.setdefault(f"d{a.department_id}", a.department.name)
    for town in _own_towns(user):
        found.setdefault(f"r{town.pk}", town.unit_name)
    return list(found.items())


def towns_of(owner: Owner):
    """The towns a department's drill may be held in: those of its county."""
    return Region.objects.filter(level=RegionLevel.TOWN, path__startswith=county_of(owner.region).path)
