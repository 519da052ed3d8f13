"""Rules of the organisation: loading the reference data and building the region tree."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .choices import RegionKind, RegionLevel
from .models import Region, Sector

_LEVEL_KIND = {
    "province": (RegionLevel.PROVINCE, RegionKind.PROVINCE),
    "city": (RegionLevel.CITY, RegionKind.CITY),
    "county": (RegionLevel.COUNTY, RegionKind.COUNTY),
    "park": (RegionLevel.TOWN, RegionKind.PARK),
}


def _reference(name: str) -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / name


@transaction.atomic
def load_sectors() -> list[Sector]:
    """The 15 sectors of seed 004 (二)1, idempotent on code."""
    sectors = []
    with _reference("sectors.csv").open(encoding="utf-8") as f:
        for order, row in enumerate(csv.DictReader(f), start=1):
            sector, _ = Sector.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "high_risk": row["high_risk"] == "yes",
                    "source": row["source"],
                    "order": order,
                },
            )
            sectors.append(sector)
    return sectors


def town_kind(code: str, name: str) -> RegionKind:
    """Township numbers 100-199 are 镇, 200-399 乡, 400-599 parks (reference/README)."""
    number = int(code[6:9])
    if number >= 400:
        return RegionKind.PARK
    if name.endswith("管委会"):
        return RegionKind.COMMUNITY_COMMITTEE
    return RegionKind.TOWN if number < 200 else RegionKind.TOWNSHIP


def government_name(name: str, kind: str) -> str:
    if kind in (RegionKind.TOWN, RegionKind.TOWNSHIP):
        return f"{name}人民政府"
    if kind == RegionKind.PARK:
        return f"{name}管委会"
    if kind == RegionKind.COUNTY:
        return f"{name}人民政府"
    return name


@transaction.atomic
def load_regions(path: Path | None = None) -> dict[str, Region]:
    """The province, city, county and towns of reference/regions-xingguo.csv, idempotent on code."""
    by_code: dict[str, Region] = {}
    with (path or _reference("regions-xingguo.csv")).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["level"] == "town":
                level, kind = RegionLevel.TOWN, town_kind(row["code"], row["name"])
            else:
                level, kind = _LEVEL_KIND[row["level"]]
            region = Region.objects.filter(code=row["code"]).first() or Region(code=row["code"])
            region.name, region.level, region.kind = row["name"], level, kind
            region.parent = by_code.get(row["parent_code"]) if row["parent_code"] else None
            region.government_name = government_name(row["name"], kind)
            region.save()
            by_code[region.code] = region
    return by_code


def add_region(parent: Region, code: str, name: str, level: str, kind: str) -> Region:
    """Create or update one region under `parent` (villages, grids, committees)."""
    region = Region.objects.filter(code=code).first() or Region(code=code)
    region.name, region.level, region.kind, region.parent = name, level, kind, parent
    region.government_name = government_name(name, kind)
    region.full_clean(exclude=["path"])
    region.save()
    return region
