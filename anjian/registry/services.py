"""Rules of the registry: resolving the words people type into records, and saving enterprises.

The web forms, the API, the Excel import and the demo all save enterprises through `save_enterprise`,
so validation and the audit trail behave the same everywhere.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anjian.org.areas import county_of
from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import assignments, in_region, restrict
from anjian.org.models import Department, Region, Sector

from .choices import UnitKind
from .models import Enterprise


def resolve_sector(value: str) -> Sector:
    """A sector by its code (road_traffic) or its Chinese name (道路交通)."""
    value = (value or "").strip()
    sector = Sector.objects.filter(Q(code=value) | Q(name=value)).first()
    if sector is None:
        raise ValidationError(
            _("Unknown sector “%(value)s”: use a code such as fireworks or a name such as 烟花爆竹.") % {"value": value}
        )
    return sector


def resolve_region(value: str, levels: tuple[str, ...] = (RegionLevel.TOWN, RegionLevel.VILLAGE)) -> Region:
    """A region by its division code or its name (a name must be unambiguous)."""
    value = (value or "").strip()
    matches = list(Region.objects.filter(Q(code=value) | Q(name=value), level__in=levels)[:2])
    if not matches:
        raise ValidationError(_("Unknown region “%(value)s”: give a town or village code or name.") % {"value": value})
    if len(matches) > 1:
        raise ValidationError(_("“%(value)s” names more than one region: give its 12-digit code.") % {"value": value})
    return matches[0]


def _county_units(within: Region | None) -> tuple[QuerySet, QuerySet]:
    """The departments and towns a unit of `within` may be put in the charge of: those of its county and the
    departments of the levels above it (every one when `within` is None)."""
    departments, towns = Department.objects.all(), Region.objects.filter(level=RegionLevel.TOWN)
    if within is None:
        return departments, towns
    county = county_of(within) or within
    codes = county.path.strip("/").split("/")
    above = ["".join(f"{c}/" for c in codes[: n + 1]) for n in range(len(codes))]
    departments = departments.filter(Q(region__path__startswith=county.path) | Q(region__path__in=above))
    return departments, towns.filter(path__startswith=county.path)


def resolve_responsible_unit(value: str, within: Region | None = None) -> tuple[Department | None, Region | None]:
    """责任单位 of a unit lying in `within`: a department (code, name or short name) or a town government (code,
    name or government name) of its county; a name that two counties share must be given by its code."""
    value = (value or "").strip()
    if not value:
        return None, None
    departments, towns = _county_units(within)
    for lookup in (Q(code=value), Q(name=value), Q(short_name=value)):
        found = list(departments.filter(lookup).order_by("id")[:2])
        if len(found) > 1:
            raise ValidationError(_("“%(value)s” names more than one unit: give its code.") % {"value": value})
        if found:
            return found[0], None
    found = list(towns.filter(Q(code=value) | Q(government_name=value) | Q(name=value)).order_by("code")[:2])
    if len(found) > 1:
        raise ValidationError(_("“%(value)s” names more than one unit: give its code.") % {"value": value})
    if found:
        return None, found[0]
    raise ValidationError(
        _(
            "Unknown responsible unit “%(value)s”: give a department (e.g. 兴国县应急管理局) or a town government "
            "(e.g. 高兴镇人民政府)."
        )
        % {"value": value}
    )


def responsible_unit_choices(within: Region | None = None) -> list[tuple[str, str]]:
    """(value, label) pairs for a responsible-unit picker of a unit lying in `within` (its county's):
    departments first, then town governments."""
    departments, towns = _county_units(within)
    return [(d.code, d.name) for d in departments.order_by("name")] + [
        (r.code, r.unit_name) for r in towns.order_by("code")
    ]


@transaction.atomic
def save_enterprise(enterprise: Enterprise, changes: dict[str, Any] | None = None) -> Enterprise:
    """Apply `changes` (model field names) to `enterprise`, validate fully and save.

    Raises ValidationError keyed by field name; nothing is saved when it does.
    """
    for field, value in (changes or {}).items():
        setattr(enterprise, field, value)
    # People paste codes with spaces or in lower case; the code itself is upper case.
    enterprise.credit_code = (enterprise.credit_code or "").strip().upper() or None
    enterprise.full_clean()
    enterprise.save()
    return enterprise


def enterprises_in(region: Region, queryset: QuerySet | None = None) -> QuerySet:
    """Enterprises located anywhere under `region` (a town's code matches everything under it)."""
    return in_region(Enterprise.objects.all() if queryset is None else queryset, region)


# Places recorded on the spot with a hazard before they are in the registry (摊位、自建房、路段 …), and the
# sector each falls in unless the hazard names one: self-built houses and roads have theirs, the rest is the
# village's own (村（辖区）, seed 004 (二)1(15)).
SPOT_KINDS = (
    UnitKind.STALL,
    UnitKind.SELF_BUILT_HOUSE,
    UnitKind.ROAD_SECTION,
    UnitKind.INDIVIDUAL,
    UnitKind.SITE,
    UnitKind.OTHER,
)
SPOT_KIND_SECTORS: dict[str, str] = {
    UnitKind.SELF_BUILT_HOUSE: "self_built_house",
    UnitKind.ROAD_SECTION: "road_traffic",
}
SPOT_DEFAULT_SECTOR = "village_area"


def spot_home(user) -> tuple[Region, Region | None] | None:
    """Where a place `user` records on the spot lies: a grid worker's grid (in its village), or a town
    user's town; None for everyone else (they add units to the registry itself)."""
    for a in assignments(user):
        if a.role == Role.GRID_WORKER and a.region_id and a.region.level == RegionLevel.GRID and a.region.parent_id:
            return a.region.parent, a.region
    for a in assignments(user):
        if a.role == Role.TOWN and a.region_id and a.region.level == RegionLevel.TOWN:
            return a.region, None
    return None


@transaction.atomic
def record_spot_unit(user, *, name: str, kind: str, address: str, sector: Sector | None = None) -> Enterprise:
    """A place not yet in the registry, recorded with a hazard: a lightweight entry in the recorder's grid,
    under its town's territorial supervision and flagged `needs_completion` for the town to complete.
    Refused (by field) without a name, a kind or an address, or when a unit of that name is already
    among those the user sees (they choose it instead)."""
    home = spot_home(user)
    if home is None:
        raise ValidationError({"name": _("Only a grid worker or a town records a place that is not in the registry.")})
    name, address = (name or "").strip(), (address or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the place a name, e.g. 张三水果摊.")
    if kind not in SPOT_KINDS:
        errors["kind"] = _("Choose what kind of place it is.")
    if not address:
        errors["address"] = _("Say where the place is, so that the town can find it.")
    if errors:
        raise ValidationError(errors)
    if restrict(user, Enterprise.objects.filter(name=name)).exists():
        raise ValidationError({"name": _("“%(name)s” is already in the registry: choose it instead.") % {"name": name}})
    region, grid = home
    sector = sector or Sector.objects.get(code=SPOT_KIND_SECTORS.get(kind, SPOT_DEFAULT_SECTOR))
    unit = Enterprise(
        name=name, kind=kind, address=address, region=region, grid=grid, sector=sector, needs_completion=True
    )
    unit.responsible_town = region.town()
    return save_enterprise(unit)
