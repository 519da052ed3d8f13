"""The county's risk by town and by sector, and its map (seed 003 (八): 分区域分行业领域绘制安全生产风险
"四色图"并动态更新; seed 001 mines plan: 县级矿山企业一般及以上安全风险数据库).

Everything is computed from the points when asked, so the map follows every new assessment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import restrict
from anjian.org.models import Region, Sector

from .choices import LEVEL_RANK, RiskLevel
from .models import RegionMap, RiskPoint

LEVELS = [RiskLevel.RED, RiskLevel.ORANGE, RiskLevel.YELLOW, RiskLevel.BLUE]
DATABASE_LEVELS = [RiskLevel.RED, RiskLevel.ORANGE, RiskLevel.YELLOW]  # 一般及以上
SYNTHETIC_MAP = "xingguo-towns-synthetic.geojson"
SYNTHETIC_MAP_COUNTY = "360732000000"  # 兴国县, the demo county
GEOMETRY_TYPES = {"Polygon", "MultiPolygon"}


@dataclass
class Tally:
    """Points per level and the highest level among them ('' when there are none)."""

    counts: dict[str, int] = field(default_factory=lambda: {str(level): 0 for level in LEVELS})

    def add(self, level: str, n: int) -> None:
        self.counts[level] = self.counts.get(level, 0) + n

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def level(self) -> str:
        return next((str(level) for level in LEVELS if self.counts.get(level)), "")


@dataclass
class TownLevel(Tally):
    region: Region | None = None

    @property
    def code(self) -> str:
        return self.region.code

    @property
    def name(self) -> str:
        return self.region.name


@dataclass
class TownRow:
    region: Region
    cells: list[Tally]  # one per sector, in the order of the sectors returned
    overall: Tally


def towns(county: Region | None = None) -> list[Region]:
    """The town-level regions (镇, 乡, park, committee) of `county` (of every county when None), by code."""
    found = Region.objects.filter(level=RegionLevel.TOWN)
    return list((found if county is None else found.filter(parent=county)).order_by("code"))


def _rows(queryset: QuerySet | None, *fields: str):
    qs = RiskPoint.objects.all() if queryset is None else queryset
    qs = qs.exclude(level="").order_by()
    return qs.values("region__path", "level", *fields).annotate(n=Count("pk"))


def _town_of(path: str, town_list: list[Region]) -> Region | None:
    return next((t for t in town_list if path.startswith(t.path)), None)


def town_levels(queryset: QuerySet | None = None, county: Region | None = None) -> list[TownLevel]:
    """Each town of `county` with its points per level (by region path) and its highest level, the map's colour."""
    town_list = towns(county)
    result = {t.pk: TownLevel(region=t) for t in town_list}
    for row in _rows(queryset):
        town = _town_of(row["region__path"], town_list)
        if town is not None:
            result[town.pk].add(row["level"], row["n"])
    return [result[t.pk] for t in town_list]


def town_sector_table(
    queryset: QuerySet | None = None, county: Region | None = None
) -> tuple[list[Sector], list[TownRow]]:
    """Town × sector of `county`: in each cell the points per level and the highest; sectors in their usual order."""
    town_list = towns(county)
    sectors = list(Sector.objects.order_by("order", "code"))
    index = {s.pk: i for i, s in enumerate(sectors)}
    rows = {t.pk: TownRow(t, [Tally() for _ in sectors], Tally()) for t in town_list}
    for r in _rows(queryset, "sector_id"):
        town = _town_of(r["region__path"], town_list)
        if town is None or r["sector_id"] not in index:
            continue
        rows[town.pk].cells[index[r["sector_id"]]].add(r["level"], r["n"])
        rows[town.pk].overall.add(r["level"], r["n"])
    return sectors, [rows[t.pk] for t in town_list]


def level_order() -> Case:
    return Case(
        *[When(level=level, then=Value(rank)) for level, rank in LEVEL_RANK.items()],
        default=Value(9),
        output_field=IntegerField(),
    )


def risk_database(user) -> QuerySet:
    """Every point of 一般 (yellow) and above that `user` may see, highest first."""
    qs = RiskPoint.objects.filter(level__in=DATABASE_LEVELS).select_related("enterprise", "region", "sector")
    return restrict(user, qs).annotate(level_rank=level_order()).order_by("level_rank", "enterprise__name", "name")


# --- the county's town map ----------------------------------------------------------------------------


def _ring_ok(ring) -> bool:
    if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
        return False
    return all(
        isinstance(p, list | tuple)
        and len(p) >= 2
        and all(isinstance(c, int | float) and not isinstance(c, bool) for c in p[:2])
        for p in ring
    )


def _geometry_ok(geometry) -> bool:
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        return False
    coords = geometry.get("coordinates")
    polygons = [coords] if geometry["type"] == "Polygon" else coords
    if not isinstance(polygons, list) or not polygons:
        return False
    return all(isinstance(p, list) and p and all(_ring_ok(r) for r in p) for p in polygons)


def validate_geojson(data, county: Region | None = None) -> dict:
    """Check an uploaded town map of `county`: a FeatureCollection of (multi)polygons, each named by a town's
    name or 12-digit code; returns it with every feature's name and code set to the town's."""
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise ValidationError(_("The file is not valid JSON.")) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValidationError(_("The map must be a GeoJSON FeatureCollection."))
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise ValidationError(_("The map holds no features."))
    town_list = towns(county)
    by_name = {t.name: t for t in town_list}
    by_code = {t.code: t for t in town_list}
    unknown, bad_shape, seen = [], [], set()
    clean = []
    for i, feature in enumerate(features, 1):
        props = (feature.get("properties") or {}) if isinstance(feature, dict) else {}
        props = props if isinstance(props, dict) else {}
        label = str(props.get("name") or props.get("code") or f"#{i}")
        town = by_code.get(str(props.get("code") or "")) or by_name.get(str(props.get("name") or "").strip())
        if town is None:
            unknown.append(label)
            continue
        if not isinstance(feature, dict) or not _geometry_ok(feature.get("geometry")):
            bad_shape.append(label)
            continue
        seen.add(town.code)
        clean.append(
            {
                "type": "Feature",
                "properties": {**props, "name": town.name, "code": town.code},
                "geometry": feature["geometry"],
            }
        )
    if unknown:
        raise ValidationError(
            _("These features name no town of the county: %(names)s.") % {"names": ", ".join(unknown[:10])}
        )
    if bad_shape:
        raise ValidationError(
            _("These features are not closed polygons of [longitude, latitude]: %(names)s.")
            % {"names": ", ".join(bad_shape[:10])}
        )
    return {**{k: v for k, v in data.items() if k != "features"}, "type": "FeatureCollection", "features": clean}


def load_region_map(path: Path | str | None = None, user=None, county: Region | None = None) -> RegionMap:
    """Store a town map (by default the synthetic demo one, of 兴国县) as `county`'s RegionMap; idempotent."""
    path = Path(path) if path else Path(settings.REFERENCE_DATA_DIR) / SYNTHETIC_MAP
    county = county or Region.objects.get(code=SYNTHETIC_MAP_COUNTY)
    geojson = validate_geojson(path.read_bytes(), county)
    region_map, _created = RegionMap.objects.update_or_create(
        region=county, defaults={"geojson": geojson, "uploaded_by": user}
    )
    return region_map
