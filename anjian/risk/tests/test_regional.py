"""The regional view: towns coloured by their highest level, town × sector, the risk database, the map."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from anjian.org import services as org_services
from anjian.org.choices import RegionKind, RegionLevel
from anjian.org.models import Region
from anjian.risk import regional, services
from anjian.risk.models import RegionMap, RiskPoint

SEAT, GAOXING, PARK = "360732100000", "360732104000", "360732400000"


def add_point(world, key, name, factors, method="LS"):
    county = world.users["county"]
    point = services.save_point(county, RiskPoint(enterprise=world.enterprises[key], name=name, kind="place"))
    services.assess(county, point, method, factors)
    point.refresh_from_db()
    return point


@pytest.fixture
def points(world):
    return [
        add_point(world, "mine", "采场", {"l": 4, "s": 5}),  # red, 高兴镇
        add_point(world, "shop", "成品仓库", {"l": 2, "s": 3}),  # yellow, 高兴镇
        add_point(world, "shop", "销售区", {"l": 1, "s": 2}),  # blue, 高兴镇
        add_point(world, "site", "塔吊", {"l": 3, "s": 4}),  # orange, 潋江镇
        add_point(world, "school", "食堂", {"l": 1, "s": 3}),  # blue, 潋江镇
    ]


def by_code(levels):
    return {t.code: t for t in levels}


def test_each_town_takes_the_highest_level_of_its_points(world, points):
    assert [p.level for p in points] == ["red", "yellow", "blue", "orange", "blue"]
    towns = by_code(regional.town_levels())
    assert len(towns) == Region.objects.filter(level=RegionLevel.TOWN).count()
    assert towns[GAOXING].level == "red"
    assert towns[GAOXING].counts == {"red": 1, "orange": 0, "yellow": 1, "blue": 1}
    assert (towns[SEAT].level, towns[SEAT].total) == ("orange", 2)
    assert (towns[PARK].level, towns[PARK].total) == ("", 0)  # no points: no colour


def test_the_map_follows_new_assessments(world, points):
    services.assess(world.users["county"], points[0], "LS", {"l": 1, "s": 1}, lowered_reason="复核：已落实管控措施")
    towns = by_code(regional.town_levels())
    assert towns[GAOXING].level == "yellow"
    only_school = RiskPoint.objects.filter(enterprise=world.enterprises["school"])
    assert by_code(regional.town_levels(only_school))[SEAT].level == "blue"


def test_town_by_sector_table(world, points):
    sectors, rows = regional.town_sector_table()
    assert len(sectors) == 15
    column = {s.code: i for i, s in enumerate(sectors)}
    row = next(r for r in rows if r.region.code == GAOXING)
    assert row.cells[column["non_coal_mine"]].level == "red"
    assert row.cells[column["fireworks"]].level == "yellow"
    assert row.cells[column["fireworks"]].counts["blue"] == 1
    assert row.cells[column["school"]].level == ""
    assert (row.overall.level, row.overall.total) == ("red", 3)
    seat = next(r for r in rows if r.region.code == SEAT)
    assert seat.cells[column["construction"]].level == "orange"


def test_risk_database_is_general_and_above_within_jurisdiction(world, points):
    names = [p.name for p in regional.risk_database(world.users["county"])]
    assert names == ["采场", "塔吊", "成品仓库"]  # red, orange, yellow; blue excluded
    assert [p.name for p in regional.risk_database(world.users["gaoxing"])] == ["采场", "成品仓库"]
    assert [p.name for p in regional.risk_database(world.users["qiye1"])] == ["成品仓库"]


def test_risk_database_of_a_grid_worker(world, points):
    assert list(regional.risk_database(world.users["grid1"])) == [points[3]]


def feature(name, code=None, ring=None):
    ring = ring or [[115.1, 26.1], [115.2, 26.1], [115.2, 26.2], [115.1, 26.1]]
    props = {"name": name} | ({"code": code} if code else {})
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_an_unknown_town_or_a_bad_shape_is_refused(world):
    with pytest.raises(ValidationError, match="火星镇"):
        regional.validate_geojson({"type": "FeatureCollection", "features": [feature("潋江镇"), feature("火星镇")]})
    with pytest.raises(ValidationError):
        regional.validate_geojson({"type": "FeatureCollection", "features": [feature("潋江镇", ring=[[1, 2]])]})
    with pytest.raises(ValidationError):
        regional.validate_geojson({"type": "Feature"})
    with pytest.raises(ValidationError):
        regional.validate_geojson(b"not json")
    clean = regional.validate_geojson({"type": "FeatureCollection", "features": [feature("", code=GAOXING)]})
    assert clean["features"][0]["properties"]["name"] == "高兴镇"


def test_the_synthetic_map_covers_every_town_and_loads_once(world):
    org_services.add_region(
        world.regions["360732000000"],
        "360732500000",
        "兴国县城市社区管委会",
        RegionLevel.TOWN,
        RegionKind.COMMUNITY_COMMITTEE,
    )
    data = json.loads((Path(settings.REFERENCE_DATA_DIR) / regional.SYNTHETIC_MAP).read_text(encoding="utf-8"))
    assert "SYNTHETIC" in data["description"]
    towns = {t.code: t.name for t in regional.towns()}
    assert len(towns) == 27
    assert {(f["properties"]["code"], f["properties"]["name"]) for f in data["features"]} == set(towns.items())
    for f in data["features"]:
        for lon, lat in f["geometry"]["coordinates"][0]:
            assert 115.0 < lon < 115.7 and 25.95 < lat < 26.65
    first = regional.load_region_map(user=world.users["county"])
    second = regional.load_region_map()
    assert RegionMap.objects.count() == 1 and first.pk == second.pk
    assert len(second.geojson["features"]) == 27
