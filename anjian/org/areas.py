"""Where a user works, for pickers and per-county pages: the county a page shows and the region filter's options.

Nothing lists the whole tree (a province holds ~100 counties and ~37,500 towns and villages): a per-county page
offers the counties of the user's jurisdiction, and a region filter the user's own places, with the levels above
the county and the towns of a county listed, and a town's villages on demand (when the town is chosen; the
select asks `org:region_options` again as it changes).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import RegionLevel
from .jurisdiction import counties, places
from .models import Department, Region, Sector

DEPTH = {level: n for n, level in enumerate(RegionLevel.values)}  # province 0 … grid 5
WHOLE: dict[str, object] = {
    RegionLevel.PROVINCE: gettext_lazy("%(name)s (whole province)"),
    RegionLevel.CITY: gettext_lazy("%(name)s (whole city)"),
    RegionLevel.COUNTY: gettext_lazy("%(name)s (whole county)"),
    RegionLevel.TOWN: gettext_lazy("%(town)s (whole town)"),
    RegionLevel.VILLAGE: gettext_lazy("%(name)s (whole village)"),
}
ABOVE_COUNTY = (RegionLevel.PROVINCE, RegionLevel.CITY)
INDENT = "\u3000"  # an ideographic space a level


def county_of(region: Region | None) -> Region | None:
    """The county `region` lies in (itself for a county; None above the county level)."""
    if region is None or DEPTH[region.level] < DEPTH[RegionLevel.COUNTY]:
        return None
    if region.level == RegionLevel.COUNTY:
        return region
    return next((r for r in region.ancestors() if r.level == RegionLevel.COUNTY), None)


def choose_county(user, code: str | None = None) -> Region | None:
    """The county a per-county page shows: the one asked for (`code`, among the user's counties), else the
    user's own (the first of their counties by code); None when they work in none."""
    mine = counties(user).order_by("code")
    code = (code or "").strip()
    if code:
        county = mine.filter(code=code[:15]).first() if code.isascii() else None
        if county is None:
            raise ValidationError(_("Choose one of the counties you work in."), code="county")
        return county
    return mine.first()


@dataclass
class CountyChoice:
    """What a per-county page shows (`county`) and offers (`counties`: empty when the user has only one)."""

    county: Region | None
    counties: list[Region] = field(default_factory=list)
    error: str = ""

    def context(self) -> dict:
        return {"county": self.county, "counties": self.counties, "county_error": self.error}


def pick_county(user, code: str | None = None) -> CountyChoice:
    """`choose_county` for a page: a county the user may not see falls back to their own, with the reason."""
    mine = list(counties(user).order_by("code"))
    try:
        county, error = choose_county(user, code), ""
    except ValidationError as exc:
        county, error = (mine[0] if mine else None), " ".join(exc.messages)
    return CountyChoice(county, mine if len(mine) > 1 else [], error)


# --- offices and the units they record for ---------------------------------------------------------------


def top_regions() -> list[Region]:
    """The regions at the top of the tree, each followed down while it holds a single region above the county
    (a one-county deployment's county, not its province): a superuser's areas."""
    found = []
    for region in Region.objects.filter(parent__isnull=True).order_by("code"):
        while DEPTH[region.level] < DEPTH[RegionLevel.COUNTY]:
            below = list(Region.objects.filter(parent=region)[:2])
            if len(below) != 1:
                break
            region = below[0]
        found.append(region)
    return found


def office_units(offices: list[Region], levels=(RegionLevel.COUNTY, RegionLevel.TOWN)) -> tuple[Q, Q]:
    """(regions, departments) conditions of the units the offices of `offices` record for: a county's office
    its county, its towns (`levels`) and its departments; an office above the county itself and the
    departments at its own level (a province's ~1,800 towns and departments are no list to pick from)."""
    regions, departments = Q(pk__in=[]), Q(pk__in=[])
    for office in offices:
        if DEPTH[office.level] < DEPTH[RegionLevel.COUNTY]:
            regions |= Q(pk=office.pk)
            departments |= Q(region=office)
        else:
            regions |= Q(path__startswith=office.path, level__in=levels)
            departments |= Q(region__path__startswith=office.path)
    return regions, departments


def jurisdiction_name(user) -> str:
    """What a table of the user's whole jurisdiction is titled by: their county, or the region of their office
    above the county (江西省); "" when they work in several places above the county."""
    mine = list(counties(user)[:2])
    if len(mine) == 1:
        return mine[0].name
    tops = top_regions() if getattr(user, "is_superuser", False) else places(user)
    names = {r.name for r in tops if r.level in ABOVE_COUNTY}
    return names.pop() if len(names) == 1 else ""


def departments_for(user) -> QuerySet:
    """The departments a filter offers `user`: those of their county and of the levels above it; for a user of
    several counties, those of the levels above the county only (not a province's ~1,700)."""
    mine = list(counties(user)[:2])
    if len(mine) == 1:
        above = [r.pk for r in mine[0].ancestors()]
        return Department.objects.filter(Q(region__path__startswith=mine[0].path) | Q(region__in=above))
    tops = top_regions() if getattr(user, "is_superuser", False) else places(user)
    paths = {p for region in tops for p in _path_prefixes(region.path)}
    return Department.objects.filter(region__path__in=paths, region__level__in=ABOVE_COUNTY)


def _path_prefixes(path: str) -> list[str]:
    codes = path.strip("/").split("/")
    return ["".join(f"{c}/" for c in codes[: n + 1]) for n in range(len(codes))]


# --- the region filter ---------------------------------------------------------------------------------------


def _tops(user, deepest: str) -> list[Region]:
    """The outermost places of the user (the roots for a superuser), lifted to `deepest`'s level when below it."""
    if getattr(user, "is_superuser", False):
        found = list(Region.objects.filter(parent__isnull=True))
    else:
        found = places(user) if getattr(user, "is_authenticated", False) else []
    lifted = []
    for place in found:
        region: Region | None = place
        if DEPTH[place.level] > DEPTH[deepest]:
            region = next((r for r in place.ancestors() if r.level == deepest), None)
        if region is not None:
            lifted.append(region)
    unique = sorted({r.pk: r for r in lifted}.values(), key=lambda r: r.path)
    return [r for r in unique if not any(o.pk != r.pk and r.path.startswith(o.path) for o in unique)]


def region_choices(user, selected: Region | None = None, deepest: str = RegionLevel.VILLAGE) -> list[tuple[str, str]]:
    """(code, label) of the regions a filter offers `user`: their own places; below them the cities and
    counties of an office above the county, the towns of a county, the villages of a town — the villages of
    a county's town only once that town is `selected` (or the user's own). Nothing below `deepest`.
    One query a level."""
    tops = _tops(user, deepest)
    chosen = selected.path if selected is not None and any(selected.path.startswith(t.path) for t in tops) else ""

    def expands(region: Region, top: bool = False, single: bool = False) -> bool:
        if DEPTH[region.level] >= DEPTH[deepest]:
            return False
        above_county = DEPTH[region.level] < DEPTH[RegionLevel.COUNTY]
        return top or single or above_county or chosen.startswith(region.path)

    children: dict[int, list[Region]] = {}
    frontier = [t for t in tops if expands(t, top=True)]
    while frontier:
        by_parent: dict[int, list[Region]] = {}
        for child in Region.objects.filter(parent__in=frontier).order_by("code"):
            by_parent.setdefault(child.parent_id or 0, []).append(child)
        following = []
        for parent in frontier:
            kids = children[parent.pk] = by_parent.get(parent.pk, [])
            following += [k for k in kids if expands(k, single=len(kids) == 1)]
        frontier = following
    out: list[tuple[str, str]] = []

    def emit(region: Region, depth: int) -> None:
        kids = children.get(region.pk)
        whole = WHOLE.get(region.level) if kids else None
        label = str(whole) % {"name": region.name, "town": region.name} if whole else region.name
        out.append((region.code, INDENT * depth + label))
        for kid in kids or ():
            emit(kid, depth + 1)

    for top in tops:
        emit(top, 0)
    return out


def selected_region(value) -> Region | None:
    if isinstance(value, Region):
        return value
    code = str(value or "").strip()
    # region codes are digits (GB/T 2260 and below): anything else, a NUL byte included, names no region
    return Region.objects.filter(code=code).first() if code.isascii() and code.isdigit() and len(code) <= 15 else None


def sector_options(all_label) -> Callable[[], list[tuple[str, str]]]:
    """A sector filter's options ("all", then each sector), read once when the select is written: a list page whose
    filter form is kept (core.templatetags.tables) does not read them."""
    return functools.cache(lambda: [("", str(all_label)), *Sector.objects.values_list("code", "name")])


def offer_regions(form, name: str, user, *, deepest: str = RegionLevel.VILLAGE, all_label=None) -> None:
    """Give the filter form's region select `name` the user's regions (`region_choices`, read when the select is
    written) and let it fetch the villages of a town when one is chosen (htmx; without script the submitted page
    lists them)."""
    if name not in form.fields:
        return
    data = getattr(form, "data", None) or {}
    all_label = str(all_label or _("All regions"))
    widget = form.fields[name].widget
    # read when the select is written (not at all for a kept filter form)
    widget.choices = functools.cache(
        lambda: [("", all_label), *region_choices(user, selected_region(data.get(name)), deepest)]
    )
    query = urlencode({"field": name, "deepest": deepest, "all": all_label})
    widget.attrs.update(
        {
            "hx-get": f"{reverse('org:region_options')}?{query}",
            "hx-trigger": "change",
            "hx-target": "this",
            "hx-swap": "innerHTML",
            "hx-push-url": "false",
        }
    )
