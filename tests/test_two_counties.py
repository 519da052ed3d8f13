"""One deployment, two counties (兴国县 and 于都县 under 赣州市, 江西省): every per-county page answers for the county of
the user or the one they choose among theirs, with each county's own figures; the offices above see both."""

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from anjian.core.testing import XINGGUO, YUDU

LOCAL = ZoneInfo("Asia/Shanghai")
XINGGUO_TOWNS = 26  # reference/regions-xingguo.csv
YUDU_TOWNS = ["360731100000", "360731104000"]  # 贡江镇, 罗坳镇


@pytest.fixture
def records(two_counties, time_machine):
    """In each county: hazards (one of them major) and assessed risk points; 兴国县 holds more of both."""
    from anjian.hazards import services as hazards
    from anjian.risk import services as risk
    from anjian.risk.models import RiskPoint

    time_machine.move_to(dt.datetime(2026, 5, 12, 10, tzinfo=LOCAL), tick=False)
    w = two_counties
    u, e = w.users, w.enterprises
    for user, unit in (("gaoxing", "shop"), ("yingji", "mine"), ("grid1", "site"), ("yd_town", "yd_shop")):
        hazards.register_hazard(u[user], e[unit], description="消防通道堵塞", source="supervision")
    major = hazards.register_hazard(u["yd_yingji"], e["yd_mine"], description="采空区未治理", source="supervision")
    hazards.perform(u["yd_yingji"], major, "assess", grade="major", major_reason="按判定标准")
    for office, unit, factors in (
        ("county", "mine", {"l": 4, "s": 5}),  # red in 高兴镇
        ("county", "site", {"l": 1, "s": 2}),  # blue in 潋江镇
        ("yd_office", "yd_mine", {"l": 3, "s": 4}),  # orange in 罗坳镇
    ):
        point = risk.save_point(u[office], RiskPoint(enterprise=e[unit], name="作业区", kind="place"))
        risk.assess(u[office], point, "LS", factors)
    return w


def select(html: str, name: str) -> list[str]:
    found = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S)
    return re.findall(r'<option value="([^"]*)"', found.group(0)) if found else []


def test_the_regional_map_of_each_county(records, client_for):
    yudu = client_for("yd_office").get(reverse("risk:regional_map"))
    assert yudu.status_code == 200 and select(yudu.content.decode(), "county") == []  # one county: no choice
    assert {t.code: t.level for t in yudu.context["towns"]} == {"360731100000": "", "360731104000": "orange"}
    assert [row.region.code for row in yudu.context["rows"]] == YUDU_TOWNS
    province = client_for("province")
    page = province.get(reverse("risk:regional_map"), {"county": XINGGUO})
    towns = {t.code: t.level for t in page.context["towns"]}
    assert page.status_code == 200 and select(page.content.decode(), "county") == [YUDU, XINGGUO]
    assert len(towns) == XINGGUO_TOWNS and towns["360732104000"] == "red" and towns["360732100000"] == "blue"
    assert {t.code for t in province.get(reverse("risk:regional_map"), {"county": YUDU}).context["towns"]} == set(
        YUDU_TOWNS
    )
    refused = client_for("county").get(reverse("risk:regional_map"), {"county": YUDU})
    assert refused.status_code == 400 and {t.code for t in refused.context["towns"]} >= {"360732104000"}


def test_the_regional_map_api_and_upload_per_county(records, api_for, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from anjian.risk.models import RegionMap

    api = api_for("province")
    rows = api.get("/api/v1/risk-points/regional/", {"county": YUDU}).json()
    assert [(r["code"], r["level"]) for r in rows] == [("360731100000", ""), ("360731104000", "orange")]
    assert api_for("county").get("/api/v1/risk-points/regional/", {"county": YUDU}).status_code == 400
    ring = [[115, 26], [115.1, 26], [115.1, 26.1], [115, 26]]
    feature = {
        "type": "Feature",
        "properties": {"name": "贡江镇"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    body = json.dumps({"type": "FeatureCollection", "features": [feature]}, ensure_ascii=False)
    upload = SimpleUploadedFile("map.geojson", body.encode(), "application/geo+json")
    posted = client_for("yd_office").post(reverse("risk:region_map_upload"), {"county": YUDU, "geojson": upload})
    assert posted.status_code == 302 and RegionMap.objects.get().region.code == YUDU
    upload = SimpleUploadedFile("map.geojson", body.encode(), "application/geo+json")
    denied = client_for("county").post(reverse("risk:region_map_upload"), {"county": YUDU, "geojson": upload})
    assert denied.status_code == 403


def test_the_quota_and_the_statistics_of_each_county(records, client_for):
    quota = client_for("yd_office").get(reverse("hazards:quota"))
    rows = {r.unit.code: r.found for r in quota.context["rows"]}
    assert rows == {"yd_yingji": 1, "360731100000": 0, "360731104000": 0}
    province = client_for("province")
    chosen = {r.unit.code for r in province.get(reverse("hazards:quota"), {"county": XINGGUO}).context["rows"]}
    assert "yingji" in chosen and "yd_yingji" not in chosen
    stats = province.get(reverse("hazards:stats"), {"county": YUDU})
    assert stats.status_code == 200 and stats.context["figures"]["found"] == 2
    assert select(stats.content.decode(), "county") == [YUDU, XINGGUO]
    assert province.get(reverse("hazards:stats"), {"county": XINGGUO}).context["figures"]["found"] == 3
    assert client_for("county").get(reverse("hazards:stats")).context["figures"]["found"] == 3
    assert client_for("yd_yingji").get(reverse("hazards:stats")).context["figures"]["found"] == 2


def test_the_ledger_is_titled_by_the_office_s_region(records, client_for):
    from openpyxl import load_workbook

    from anjian.core.xlsx import CONTENT_TYPE  # noqa: F401  (the ledger is an xlsx)

    def title(username):
        response = client_for(username).get(reverse("hazards:ledger"))
        assert response.status_code == 200
        import io

        sheet = load_workbook(io.BytesIO(response.content)).active
        return sheet.cell(1, 1).value

    assert "于都县" in title("yd_office") and "兴国县" in title("county") and "江西省" in title("province")


def test_the_dashboard_of_each_county(records, client_for):
    def found(client, status=200, **params):
        page = client.get(reverse("dashboards:county"), params)
        assert page.status_code == status
        return page, {c["key"]: c["value"] for c in page.context["cards"]}["hazards.found"]

    page, n = found(client_for("yd_office"))
    assert page.context["query"].region.code == YUDU and n == 2
    assert [r.code for r in page.context["regions"]] == [YUDU, *YUDU_TOWNS]
    province = client_for("province")
    page, n = found(province)
    assert page.context["query"].region.code == "360000000000" and n == 5  # both counties
    assert [r.code for r in page.context["regions"]] == ["360000000000", YUDU, XINGGUO]  # no towns yet
    page, n = found(province, region=XINGGUO)
    assert n == 3 and len(page.context["regions"]) == 3 + XINGGUO_TOWNS  # the chosen county's towns
    assert {row["code"] for row in page.context["charts"]["towns"]} >= {"360732104000"}
    page, n = found(province, region="360731104000")
    assert n == 1 and [r.code for r in page.context["regions"]][-2:] == YUDU_TOWNS
    page, n = found(client_for("county"), 400, region=YUDU)  # not theirs: their own county, with the reason
    assert page.context["query"].region.code == XINGGUO and page.context["errors"] and n == 3


def test_a_campaign_per_county_with_each_county_s_figures(records, client_for):
    from anjian.campaigns import services
    from anjian.campaigns.models import Campaign

    w = records
    xingguo = services.start_from_template(w.users["county"], "major-hazards-2023", region=w.regions[XINGGUO])
    yudu = services.start_from_template(w.users["yd_office"], "major-hazards-2023", region=w.regions[YUDU])
    assert {p.name for p in yudu.participants.all()} >= {"贡江镇", "罗坳镇", "于都县应急管理局"}
    assert not {p.name for p in yudu.participants.all()} & {"高兴镇", "兴国县应急管理局"}
    for username, campaign in (("yd_office", yudu), ("province", yudu), ("province", xingguo), ("county", xingguo)):
        page = client_for(username).get(reverse("campaigns:dispatch", args=[campaign.pk]))
        assert page.status_code == 200, username
    assert client_for("county").get(reverse("campaigns:dispatch", args=[yudu.pk])).status_code == 404
    month = services.open_periods(yudu)[-1]
    rollup = services.rollup(w.users["province"], yudu, month)
    units = {row.name: row.values["units"] for row in rollup.rows}
    assert units["于都县应急管理局"] == 2  # its fireworks shop and its mine, not 兴国县's units of the same sectors
    assert Campaign.objects.count() == 2


def test_emergency_pages_per_county(records, client_for):
    yudu = client_for("yd_office").get(reverse("emergency:overview"))
    assert yudu.status_code == 200 and select(yudu.content.decode(), "county") == []
    province = client_for("province")
    page = province.get(reverse("emergency:overview"), {"county": YUDU})
    assert page.status_code == 200 and select(page.content.decode(), "county") == [YUDU, XINGGUO]
    assert "贡江镇" in page.content.decode() and "高兴镇" not in page.content.decode()
    assert "高兴镇" in province.get(reverse("emergency:overview"), {"county": XINGGUO}).content.decode()
    names = client_for("yd_office").get(reverse("emergency:places_name"))
    assert select(names.content.decode(), "town") == ["", YUDU, *YUDU_TOWNS]
    drills = client_for("yd_office").get(reverse("emergency:drills"))
    assert drills.status_code == 200 and select(drills.content.decode(), "region") == ["", YUDU, *YUDU_TOWNS]


def test_list_filters_offer_the_user_s_own_jurisdiction(records, client_for):
    gaoxing = client_for("gaoxing")
    for url in ("registry:enterprise_list", "hazards:list", "risk:point_list", "inspections:list"):
        assert select(gaoxing.get(reverse(url)).content.decode(), "region") == ["", "360732104000", "360732104201"]
    assert select(client_for("yd_town").get(reverse("people:list")).content.decode(), "town") == ["", "360731100000"]
    office = select(client_for("yd_office").get(reverse("hazards:list")).content.decode(), "region")
    assert office == ["", YUDU, *YUDU_TOWNS]
    province = select(client_for("province").get(reverse("hazards:list")).content.decode(), "region")
    assert province == ["", "360000000000", "360700000000", YUDU, XINGGUO]
