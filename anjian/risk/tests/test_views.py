"""The risk pages for every user of the test world: visibility, refusals, forms, the zone editor, the map."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from anjian.core.testing import VISIBLE_ENTERPRISES
from anjian.risk import services
from anjian.risk.models import RiskPoint, RiskZone, SitePlan

pytestmark = pytest.mark.django_db

USERS = sorted(VISIBLE_ENTERPRISES)
READ_ONLY = {"leader", "grid1"}  # may look, never change risk records
LIST = reverse("risk:point_list")


@pytest.fixture
def points(world):
    """One assessed point per enterprise of the world, by enterprise key."""
    county = world.users["county"]
    result = {}
    for key, enterprise in world.enterprises.items():
        point = services.save_point(
            county,
            RiskPoint(enterprise=enterprise, name=f"风险点-{key}", kind="place", accident_types=["fire"]),
        )
        services.assess(county, point, "LEC", {"l": 3, "e": 6, "c": 7})  # 126: yellow
        result[key] = point
    return result


def png(width=400, height=300) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return SimpleUploadedFile("plan.png", out.getvalue(), content_type="image/png")


@pytest.mark.parametrize("username", USERS)
def test_list_shows_exactly_the_points_of_the_jurisdiction(client_for, points, username):
    page = client_for(username).get(LIST).content.decode()
    shown = {key for key, p in points.items() if p.name in page}
    assert shown == VISIBLE_ENTERPRISES[username]


@pytest.mark.parametrize("username", USERS)
def test_detail_is_404_outside_the_jurisdiction(client_for, points, username):
    client = client_for(username)
    for key, point in points.items():
        response = client.get(reverse("risk:point_detail", args=[point.pk]))
        assert response.status_code == (200 if key in VISIBLE_ENTERPRISES[username] else 404), key


@pytest.mark.parametrize("username", USERS)
def test_forms_refuse_read_only_roles_and_hide_what_lies_outside(client_for, points, username):
    client = client_for(username)
    no_points = READ_ONLY | {"expert1"}  # an expert assesses, never edits points (risk/rules.py)
    for key, point in points.items():
        for name in ("risk:point_edit", "risk:assess"):
            status = client.get(reverse(name, args=[point.pk])).status_code
            if username in READ_ONLY or (name == "risk:point_edit" and username in no_points):
                assert status == 403, (name, key)
            else:
                assert status == (200 if key in VISIBLE_ENTERPRISES[username] else 404), (name, key)
    assert client.get(reverse("risk:point_new")).status_code == (403 if username in no_points else 200)


def test_detail_shows_facts_measures_and_every_assessment(client_for, world, points):
    point = points["shop"]
    point.measures.create(kind="engineering", text="安装可燃气体报警器")
    services.assess(world.users["county"], point, "LS", {"l": 5, "s": 4})
    page = client_for("qiye1").get(reverse("risk:point_detail", args=[point.pk])).content.decode()
    assert "火灾" in page and "安装可燃气体报警器" in page
    assert page.count('class="badge risk-level risk-level-') >= 4  # header + two assessments × two levels
    assert "L=5 S=4" in page and "L=3 E=6 C=7" in page
    assert reverse("risk:notice_board", args=[point.pk]) in page


def test_enterprise_creates_a_point_with_accident_types_and_measures(client_for, world):
    client = client_for("qiye1")
    data = {
        "enterprise": world.enterprises["shop"].pk,
        "name": "成品储存区",
        "kind": "place",
        "accident_types": ["explosive_explosion", "fire"],
        "measures-TOTAL_FORMS": "3",
        "measures-INITIAL_FORMS": "0",
        "measures-0-kind": "engineering",
        "measures-0-text": "设置防爆照明",
        "measures-1-kind": "",
        "measures-1-text": "",
        "measures-2-kind": "",
        "measures-2-text": "",
    }
    response = client.post(reverse("risk:point_new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    point = RiskPoint.objects.get(name="成品储存区")
    assert point.accident_types == ["explosive_explosion", "fire"]
    assert point.region == world.enterprises["shop"].region
    assert list(point.measures.values_list("text", flat=True)) == ["设置防爆照明"]


def test_enterprise_cannot_create_for_another_enterprise(client_for, world):
    data = {"enterprise": world.enterprises["mine"].pk, "name": "x", "kind": "place", "measures-TOTAL_FORMS": "0"}
    data["measures-INITIAL_FORMS"] = "0"
    response = client_for("qiye1").post(reverse("risk:point_new"), data)
    assert response.status_code == 200 and "enterprise" in response.context["form"].errors
    assert not RiskPoint.objects.filter(name="x").exists()


def test_assessment_shows_the_computed_level(client_for, points):
    point = points["shop"]
    client = client_for("qiye1")
    form = client.get(reverse("risk:assess", args=[point.pk])).content.decode()
    assert "完全可以预料" in form and "连续暴露" in form and "大灾难" in form
    response = client.post(reverse("risk:assess", args=[point.pk]), {"method": "LEC", "l": "3", "e": "6", "c": "40"})
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.level == "red"
    page = client.get(reverse("risk:point_detail", args=[point.pk])).content.decode()
    assert "risk-level-red" in page and "720" in page


def test_lowering_the_level_is_refused_in_chinese_and_the_input_kept(client_for, points):
    point = points["shop"]
    data = {"method": "LEC", "l": "3", "e": "6", "c": "40", "level": "yellow", "raised_reason": "试试"}
    response = client_for("qiye1").post(reverse("risk:assess", args=[point.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "不能低于" in page
    assert '<option value="40" selected>' in page and "试试" in page
    point.refresh_from_db()
    assert point.level == "yellow"  # unchanged from the fixture's assessment


def test_raising_needs_a_reason_and_lands(client_for, points):
    point, client = points["shop"], client_for("qiye1")
    url = reverse("risk:assess", args=[point.pk])
    data = {"method": "LS", "ls_l": "2", "s": "2", "level": "orange"}
    assert "raised_reason" in client.post(url, data).context["form"].errors
    assert client.post(url, {**data, "raised_reason": "临近学校"}).status_code == 302
    point.refresh_from_db()
    assert point.level == "orange"


def test_a_factor_outside_the_table_is_refused(client_for, points):
    url = reverse("risk:assess", args=[points["shop"].pk])
    response = client_for("qiye1").post(url, {"method": "LEC", "l": "4", "e": "6", "c": "40"})
    assert response.status_code == 200 and "l" in response.context["form"].errors


def test_zone_editor_saves_a_polygon(client_for, world, points):
    client = client_for("qiye1")
    shop = world.enterprises["shop"]
    url = reverse("risk:package", args=[shop.pk])
    assert client.post(reverse("risk:site_plan_upload", args=[shop.pk]), {"plan": png()}).status_code == 302
    page = client.get(url).content.decode()
    assert "zone-editor.js" in page and reverse("risk:site_plan_image", args=[shop.pk]) in page
    assert client.get(reverse("risk:site_plan_image", args=[shop.pk]))["Content-Type"] == "image/png"
    zones = [{"points": [[0.1, 0.1], [0.5, 0.1], [0.5, 0.4]], "risk_point": points["shop"].pk, "label": "仓库"}]
    response = client.post(reverse("risk:zones", args=[shop.pk]), {"zones": json.dumps(zones)})
    assert response.status_code == 302
    zone = RiskZone.objects.get(site_plan=SitePlan.objects.get(enterprise=shop))
    assert zone.polygon == [[0.1, 0.1], [0.5, 0.1], [0.5, 0.4]] and zone.risk_point == points["shop"]
    # Another enterprise's point, or a line instead of an area: refused, nothing changed.
    bad = [{"points": [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]], "risk_point": points["mine"].pk}]
    assert client.post(reverse("risk:zones", args=[shop.pk]), {"zones": json.dumps(bad)}).status_code == 400
    assert RiskZone.objects.count() == 1
    # A read-only role sees the package but may not change it.
    assert client_for("leader").get(url).status_code == 200
    leader = client_for("leader").post(reverse("risk:zones", args=[shop.pk]), {"zones": "[]"})
    assert leader.status_code == 403


def test_package_downloads_are_offered_and_hidden_outside(client_for, world, points):
    shop = world.enterprises["shop"]
    page = client_for("qiye1").get(reverse("risk:package", args=[shop.pk])).content.decode()
    for name in ("notice-boards.pdf", "lists.xlsx", "list-responsibility.pdf"):
        assert reverse("risk:download", args=[shop.pk, name]) in page
    assert client_for("grid1").get(reverse("risk:package", args=[shop.pk])).status_code == 404
    response = client_for("qiye1").get(reverse("risk:notice_board", args=[points["shop"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def store_town_map(world) -> None:
    """A square per town of the county, side by side: enough GeoJSON for the page."""
    from anjian.risk.models import RegionMap
    from anjian.risk.regional import towns, validate_geojson

    features = []
    for i, town in enumerate(towns()):
        x, y = 115 + (i % 5) * 0.1, 26 + (i // 5) * 0.1
        ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
        geometry = {"type": "Polygon", "coordinates": [ring]}
        features.append({"type": "Feature", "properties": {"name": town.name, "code": town.code}, "geometry": geometry})
    data = validate_geojson({"type": "FeatureCollection", "features": features})
    RegionMap.objects.create(region=world.regions["360732000000"], geojson=data, uploaded_by=world.users["county"])


@pytest.mark.parametrize("username", ["county", "gaoxing"])
def test_regional_map_renders_the_geojson_and_the_levels(client_for, world, points, username):
    store_town_map(world)
    services.assess(world.users["county"], points["mine"], "LEC", {"l": 10, "e": 10, "c": 40})  # red, 高兴镇
    response = client_for(username).get(reverse("risk:regional_map"))
    assert response.status_code == 200
    data = response.context["map_data"]
    assert data["geojson"]["type"] == "FeatureCollection"
    gaoxing = next(t for t in data["towns"] if t["code"] == "360732104000")
    assert gaoxing["level"] == "red" and gaoxing["counts"]["red"] == 1
    page = response.content.decode()
    assert "echarts.min.js" in page and 'id="region-map-data"' in page
    assert "risk-cell-red" in page
    lianjiang = next(t for t in data["towns"] if t["code"] == "360732100000")
    assert lianjiang["level"] == ("yellow" if username == "county" else "")  # a town sees its own points only


def test_regional_map_is_not_for_enterprises_and_the_upload_for_the_county_office(client_for, world):
    assert client_for("qiye1").get(reverse("risk:regional_map")).status_code == 403
    upload = SimpleUploadedFile("m.geojson", b'{"type": "FeatureCollection", "features": []}')
    assert client_for("gaoxing").post(reverse("risk:region_map_upload"), {"geojson": upload}).status_code == 403
    upload.seek(0)
    response = client_for("county").post(reverse("risk:region_map_upload"), {"geojson": upload})
    assert response.status_code == 400 and response.context["form"].errors


def test_list_query_count_does_not_grow_with_page_size(client_for, world, points):
    county = world.users["county"]
    for n in range(12):
        services.save_point(county, RiskPoint(enterprise=world.enterprises["mine"], name=f"巷道{n}", kind="place"))
    client = client_for("county")
    counts = []
    for size in (2, 20):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST, {"per_page": size}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_database_lists_general_and_above_only(client_for, world, points):
    blue = services.save_point(
        world.users["county"], RiskPoint(enterprise=world.enterprises["mine"], name="低风险办公室", kind="place")
    )
    services.assess(world.users["county"], blue, "LEC", {"l": 1, "e": 1, "c": 1})
    page = client_for("county").get(reverse("risk:database")).content.decode()
    assert "风险点-mine" in page and "低风险办公室" not in page


def test_reviews_page_records_a_review_and_shows_the_schedule(client_for, world):
    client = client_for("county")
    page = client.get(reverse("risk:reviews"))
    assert page.status_code == 200 and page.context["schedule"]
    data = {"kind": "half_yearly", "held_on": "2024-06-30", "participants": "县安委办、应急局", "region": ""}
    data["region"] = world.regions["360732100000"].parent_id
    assert client.post(reverse("risk:reviews"), data).status_code == 302
    assert client_for("leader").post(reverse("risk:reviews"), data).status_code == 403
