"""The risk API as an outside tool uses it: points with measures, the assessment contract (every band
boundary of LEC and LS, the factor tables, raise-only, immutability), site plans and zones, major hazard
sources, the regional figures, and the package files (they open, with the right rows)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from anjian.risk import services
from anjian.risk.models import CountySetting, HazardousSubstance, RiskAssessment, RiskPoint, RiskZone

pytestmark = pytest.mark.django_db

POINTS = "/api/v1/risk-points/"
ASSESSMENTS = "/api/v1/assessments/"
SOURCES = "/api/v1/major-hazard-sources/"


@pytest.fixture
def point(world) -> RiskPoint:
    return services.save_point(
        world.users["qiye1"],
        RiskPoint(
            enterprise=world.enterprises["shop"],
            name="成品储存区",
            kind="place",
            hazard_factors="烟花爆竹成品堆放",
            accident_types=["fire", "other_explosion"],
            responsible_person="王国平",
            emergency_phone="13907971001",
        ),
    )


def assess(api, point, expect=201, **body) -> dict:
    """Band tests re-assess one point, often lower: each gives a reason (the lowering rule has its own tests)."""
    body.setdefault("lowered_reason", "复核后重新评估")
    response = api.post(ASSESSMENTS, {"risk_point": point.pk, **body}, format="json")
    assert response.status_code == expect, response.content
    return response.json()


def level_by_bands(d: float, lower_inclusive: bool = False) -> str:
    """LEC bands of shared/data/README.md: > 320 red, 160–320 orange, 70–160 yellow, < 70 blue."""
    for threshold, level in ((320, "red"), (160, "orange"), (70, "yellow")):
        if d > threshold or (lower_inclusive and d == threshold):
            return level
    return "blue"


# Each threshold's nearest reachable products below, at (only 70 is reachable) and above.
LEC_CASES = [
    (("3", "3", "7"), 63),
    (("10", "1", "7"), 70),
    (("10", "0.5", "15"), 75),
    (("10", "1", "15"), 150),
    (("10", "6", "3"), 180),
    (("10", "10", "3"), 300),
    (("3", "3", "40"), 360),
    (("0.1", "0.5", "1"), 0.05),
    (("10", "10", "100"), 10000),
]


@pytest.mark.parametrize(("factors", "d"), LEC_CASES)
def test_lec_boundaries(api_for, point, factors, d):
    l, e, c = factors  # noqa: E741
    data = assess(api_for("qiye1"), point, method="LEC", l=l, e=e, c=c)
    assert float(data["score"]) == d
    assert data["level"] == data["computed_level"] == level_by_bands(d)
    point.refresh_from_db()
    assert point.level == data["level"]


def test_lec_lower_bound_setting_puts_70_in_the_upper_band(api_for, point):
    CountySetting.objects.create(lec_boundary="lower")
    assert assess(api_for("qiye1"), point, method="LEC", l="10", e="1", c="7")["level"] == "yellow"
    assert assess(api_for("qiye1"), point, method="LEC", l="3", e="3", c="7")["level"] == "blue"
    CountySetting.objects.update(lec_boundary="upper")
    assert assess(api_for("qiye1"), point, method="LEC", l="10", e="1", c="7")["level"] == "blue"


def ls_band(r: int, nine_general: bool = False) -> str:
    if r >= 20:
        return "red"
    if r >= (10 if nine_general else 9):
        return "orange"
    return "yellow" if r >= 4 else "blue"


@pytest.mark.parametrize("l", [1, 2, 3, 4, 5])
def test_ls_every_cell_of_the_matrix(api_for, point, l):  # noqa: E741
    api = api_for("qiye1")
    for s in (1, 2, 3, 4, 5):
        data = assess(api, point, method="LS", l=l, s=s)
        assert (float(data["score"]), data["level"]) == (l * s, ls_band(l * s)), (l, s)


def test_ls_nine_general_variant(api_for, point):
    CountySetting.objects.create(ls_variant="nine_general")
    assert assess(api_for("qiye1"), point, method="LS", l=3, s=3)["level"] == "yellow"
    assert assess(api_for("qiye1"), point, method="LS", l=2, s=5)["level"] == "orange"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"method": "LEC", "l": "4", "e": "6", "c": "15"}, "l"),
        ({"method": "LEC", "l": "3", "e": "5", "c": "15"}, "e"),
        ({"method": "LEC", "l": "3", "e": "6", "c": "20"}, "c"),
        ({"method": "LEC", "l": "3", "e": "6"}, "c"),
        ({"method": "LS", "l": 6, "s": 2}, "l"),
        ({"method": "LS", "l": 2, "s": 0}, "s"),
        ({"method": "LS", "l": 2}, "s"),
        ({"method": "LS", "l": "2.5", "s": 2}, "l"),
        ({"method": "XYZ", "l": 1, "s": 1}, "method"),
        ({"method": "LS", "l": "abc", "s": 1}, "l"),
    ],
)
def test_a_factor_outside_the_table_is_400_keyed_by_the_factor(api_for, point, body, field):
    response = api_for("qiye1").post(ASSESSMENTS, {"risk_point": point.pk, **body}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not RiskAssessment.objects.exists()


def test_raise_only(api_for, point):
    api = api_for("qiye1")
    response = api.post(ASSESSMENTS, {"risk_point": point.pk, "method": "LS", "l": 4, "s": 4, "level": "yellow"})
    assert response.status_code == 400 and "level" in response.json()
    response = api.post(ASSESSMENTS, {"risk_point": point.pk, "method": "LS", "l": 4, "s": 4, "level": "red"})
    assert response.status_code == 400 and "raised_reason" in response.json()
    data = assess(api, point, method="LS", l=4, s=4, level="red", raised_reason="临近居民区")
    assert (data["computed_level"], data["level"], data["raised_reason"]) == ("orange", "red", "临近居民区")
    assert assess(api, point, method="LS", l=4, s=4, level="orange")["level"] == "orange"  # the computed level


def test_a_major_hazard_source_makes_the_point_red(api_for, point):
    api = api_for("qiye1")
    assert api.patch(f"{POINTS}{point.pk}/", {"holds_major_hazard_source": True}, format="json").status_code == 200
    data = assess(api, point, method="LS", l=1, s=1)
    assert (data["computed_level"], data["level"]) == ("blue", "red")


def test_assessments_are_immutable_and_kept(api_for, point):
    api = api_for("county")
    first = assess(api_for("qiye1"), point, method="LS", l=2, s=2)
    assess(api, point, method="LS", l=5, s=5)
    url = f"{ASSESSMENTS}{first['id']}/"
    assert api.put(url, {"risk_point": point.pk, "method": "LS", "l": 1, "s": 1}, format="json").status_code == 405
    assert api.patch(url, {"l": 1}, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    data = api.get(url).json()
    assert (data["level"], data["assessed_by"], data["method"]) == ("yellow", "qiye1", "LS")
    listed = api.get(ASSESSMENTS, {"risk_point": point.pk}).json()["results"]
    assert [a["level"] for a in listed] == ["red", "yellow"]
    latest = api.get(f"{POINTS}{point.pk}/").json()["latest_assessment"]
    assert (latest["level"], latest["score"]) == ("red", "25.00")


def test_a_point_with_assessments_is_not_deleted_and_its_assessments_stay(api_for, point):
    """The assessments are kept for ever (and have history): deleting their point is refused with the reason."""
    from anjian.risk.models import RiskAssessment

    assess(api_for("qiye1"), point, method="LS", l=2, s=2)
    refused = api_for("county").delete(f"{POINTS}{point.pk}/")
    assert refused.status_code == 400 and "assessments" in str(refused.json()) or "评估" in str(refused.json())
    assert RiskAssessment.objects.filter(risk_point=point).count() == 1
    assert RiskAssessment.history.filter(risk_point_id=point.pk).count() == 1


# --- Risk points ------------------------------------------------------------------------------------


def test_risk_point_crud_with_measures(api_for, world):
    api = api_for("qiye1")
    body = {
        "enterprise": world.enterprises["shop"].pk,
        "name": "装卸作业",
        "kind": "activity",
        "location": "店后院",
        "accident_types": ["fire", "vehicle"],
        "plan_x": 0.25,
        "plan_y": 0.5,
        "control_level": "company",
        "measures": [{"kind": "management", "text": "装卸时禁止烟火"}, {"kind": "emergency", "text": "立即报警"}],
    }
    response = api.post(POINTS, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["enterprise_name"] == world.enterprises["shop"].name and data["level"] == ""
    assert data["latest_assessment"] is None and len(data["measures"]) == 2
    url = f"{POINTS}{data['id']}/"
    replaced = api.patch(url, {"measures": [{"kind": "training", "text": "岗前培训"}]}, format="json").json()
    assert replaced["measures"] == [{"kind": "training", "text": "岗前培训"}]
    kept = api.patch(url, {"name": "装卸作业（后院）"}, format="json").json()
    assert kept["measures"] == replaced["measures"] and kept["name"] == "装卸作业（后院）"
    moved = api.patch(url, {"enterprise": world.enterprises["mine"].pk}, format="json")
    assert moved.status_code == 400 and "enterprise" in moved.json()
    assert api.delete(url).status_code == 204
    assert not RiskPoint.objects.filter(pk=data["id"]).exists()


@pytest.mark.parametrize(
    ("value", "status"), [(["fire", "meteor"], 400), ("fire", 400), ([1], 400), (["drowning", "drowning"], 201)]
)
def test_accident_types_are_gb6441_codes(api_for, world, value, status):
    body = {"enterprise": world.enterprises["shop"].pk, "name": "x", "kind": "place", "accident_types": value}
    response = api_for("qiye1").post(POINTS, body, format="json")
    assert response.status_code == status, response.content
    if status == 400:
        assert "accident_types" in response.json()
    else:
        assert response.json()["accident_types"] == ["drowning"]


def test_filters_and_the_general_and_above_database(api_for, world, point):
    api = api_for("county")
    services.assess(world.users["county"], point, "LS", {"l": 1, "s": 2})  # blue
    other = services.save_point(
        world.users["county"], RiskPoint(enterprise=world.enterprises["mine"], name="井口", kind="place")
    )
    services.assess(world.users["county"], other, "LS", {"l": 2, "s": 3})  # yellow
    names = lambda **q: {p["name"] for p in api.get(POINTS, q).json()["results"]}  # noqa: E731
    assert names(min_level="yellow") == {"井口"}
    assert names(level=["blue", "yellow"]) == {"井口", "成品储存区"}
    assert names(sector="non_coal_mine") == {"井口"}
    assert names(region="360732104000") == {"井口", "成品储存区"}
    assert names(region="360732100000") == set()
    assert names(search="烟花爆竹成品") == {"成品储存区"}
    assert names(search="矿业") == {"井口"}
    assert names(enterprise=world.enterprises["shop"].pk) == {"成品储存区"}
    assert api.get(POINTS, {"level": "purple"}).status_code == 400


# --- Site plans, zones, the package ------------------------------------------------------------------


def png(colour="white", size=(200, 120)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return SimpleUploadedFile("plan.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def site_plan(api_for, world, point):
    url = f"/api/v1/enterprises/{world.enterprises['shop'].pk}/site-plan/"
    response = api_for("qiye1").put(url, {"file": png()}, format="multipart")
    assert response.status_code == 201, response.content
    return response.json()


def test_site_plan_upload_and_zones(api_for, world, point, site_plan):
    shop = world.enterprises["shop"].pk
    api = api_for("qiye1")
    assert site_plan["url"] and (site_plan["width"], site_plan["height"]) == (200, 120)
    assert api.get(f"/api/v1/enterprises/{shop}/site-plan/").json()["url"] == site_plan["url"]
    again = api.put(f"/api/v1/enterprises/{shop}/site-plan/", {"file": png("grey")}, format="multipart")
    assert again.status_code == 200
    junk = SimpleUploadedFile("plan.png", b"not an image", content_type="image/png")
    bad = api.put(f"/api/v1/enterprises/{shop}/site-plan/", {"file": junk}, format="multipart")
    assert bad.status_code == 400 and "file" in bad.json()

    zones = f"/api/v1/enterprises/{shop}/risk-zones/"
    services.assess(world.users["qiye1"], point, "LS", {"l": 4, "s": 4})
    body = {"polygon": [[0.1, 0.1], [0.5, 0.1], [0.5, 0.6]], "risk_point": point.pk, "label": "储存区"}
    created = api.post(zones, body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["effective_level"] == "orange"
    zone_id = created.json()["id"]
    line = api.post(zones, {"polygon": [[0, 0], [0.5, 0.5], [1, 1]]}, format="json")
    assert line.status_code == 400 and "polygon" in line.json()
    outside = api.post(zones, {"polygon": [[0, 0], [1.5, 0], [1, 1]]}, format="json")
    assert outside.status_code == 400 and "polygon" in outside.json()
    other = services.save_point(
        world.users["county"], RiskPoint(enterprise=world.enterprises["mine"], name="井口", kind="place")
    )
    foreign = api_for("county").post(zones, {**body, "risk_point": other.pk}, format="json")
    assert foreign.status_code == 400 and "risk_point" in foreign.json()
    updated = api.put(f"{zones}{zone_id}/", {**body, "risk_point": None, "level": "blue"}, format="json")
    assert updated.status_code == 200 and updated.json()["effective_level"] == "blue"
    assert [z["id"] for z in api.get(zones).json()] == [zone_id]
    assert api_for("leader").delete(f"{zones}{zone_id}/").status_code == 403
    assert api_for("grid1").get(zones).status_code == 404  # the shop is not in the grid worker's grid
    assert api.delete(f"{zones}{zone_id}/").status_code == 204
    assert not RiskZone.objects.exists()


def test_zones_need_a_site_plan_and_the_map_needs_one(api_for, world, point):
    shop = world.enterprises["shop"].pk
    api = api_for("qiye1")
    response = api.post(f"/api/v1/enterprises/{shop}/risk-zones/", {"polygon": [[0, 0], [1, 0], [1, 1]]}, format="json")
    assert response.status_code == 400
    assert api.get(f"/api/v1/enterprises/{shop}/site-plan/").status_code == 404
    assert api.get(f"/api/v1/enterprises/{shop}/risk-package/four-colour-map.png").status_code == 404


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def test_package_files_open(api_for, world, point, site_plan):
    from openpyxl import load_workbook

    services.assess(world.users["qiye1"], point, "LS", {"l": 4, "s": 4})
    api = api_for("qiye1")
    base = f"/api/v1/enterprises/{world.enterprises['shop'].pk}/risk-package/"
    for suffix in ("/", ""):
        response = api.get(f"{base}four-colour-map.png{suffix}")
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        Image.open(io.BytesIO(response.content)).verify()
    for name in ("four-colour-map.pdf", "notice-boards.pdf", "responsibility-list.pdf", "measures-list.pdf",
                 "emergency-list.pdf"):  # fmt: skip
        response = api.get(f"{base}{name}")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", name
        assert api.get(f"{base}{name}".removesuffix("/")).status_code == 200
        if name != "four-colour-map.pdf":
            assert "成品储存区" in _pdf_text(response.content), name
    response = api.get(f"{base}lists.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert any("成品储存区" in c for c in cells)
    board = api.get(f"{POINTS}{point.pk}/notice-board.pdf")
    assert board.status_code == 200 and "成品储存区" in _pdf_text(board.content)
    assert api.get(f"{POINTS}{point.pk}/notice-board.pdf/").status_code == 200
    assert api.get(f"{base}nothing.pdf").status_code == 404
    assert api_for("grid1").get(f"{base}lists.xlsx").status_code == 404  # outside the grid worker's grid


# --- Major hazard sources and the regional figures ---------------------------------------------------


def test_major_hazard_source_identification(api_for, world):
    chlorine = HazardousSubstance.objects.create(name="氯", cas="7782-50-5", critical_quantity=5, beta=2)
    ammonia = HazardousSubstance.objects.create(name="氨", cas="7664-41-7", critical_quantity=10, beta=2)
    api = api_for("yingji")
    body = {
        "enterprise": world.enterprises["park_chem"].pk,
        "name": "液氯储罐区",
        "exposed_people": 20,
        "holdings": [{"substance": "氯", "quantity": "2"}, {"substance": ammonia.pk, "quantity": "4"}],
    }
    response = api.post(SOURCES, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert float(data["ratio_sum"]) == pytest.approx(2 / 5 + 4 / 10) and data["identified"] is False
    url = f"{SOURCES}{data['id']}/"
    data = api.patch(url, {"holdings": [{"substance": chlorine.pk, "quantity": "6"}]}, format="json").json()
    assert float(data["ratio_sum"]) == pytest.approx(6 / 5) and data["identified"] is True
    assert data["grade"] in {"1", "2", "3", "4"} and [h["substance"] for h in data["holdings"]] == ["氯"]
    unknown = api.patch(url, {"holdings": [{"substance": "unobtainium", "quantity": "1"}]}, format="json")
    assert unknown.status_code == 400 and "holdings" in unknown.json()
    found = api.get("/api/v1/substances/", {"search": "7664"}).json()["results"]
    assert [s["name"] for s in found] == ["氨"]
    assert api.delete(url).status_code == 405


def test_regional_figures(api_for, world, point):
    services.assess(world.users["qiye1"], point, "LS", {"l": 4, "s": 4})
    api = api_for("county")
    towns = {t["code"]: t for t in api.get(f"{POINTS}regional/").json()}
    gaoxing = towns["360732104000"]
    assert gaoxing["level"] == "orange" and gaoxing["counts"]["orange"] == 1
    table = api.get(f"{POINTS}regional/town-sector/").json()
    row = next(r for r in table["rows"] if r["code"] == "360732104000")
    cell = row["cells"][[s["code"] for s in table["sectors"]].index("fireworks")]
    assert (cell["sector"], cell["level"], cell["counts"]["orange"]) == ("fireworks", "orange", 1)
    assert row["level"] == "orange" and len(row["cells"]) == len(table["sectors"])
    assert not any(
        t["counts"]["orange"] for t in api_for("yingji").get(f"{POINTS}regional/?sector=construction").json()
    )
