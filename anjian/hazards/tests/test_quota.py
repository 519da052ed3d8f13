"""The quarterly quota of 高府发〔2023〕14号 三(三)10: each department and town is credited with the major
hazards it found itself, in the quarter asked for (`?quarter=2026Q1`)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from anjian.core.testing import XINGGUO
from anjian.hazards import services
from anjian.hazards.choices import QUARTERLY_MAJOR_QUOTA
from anjian.hazards.quota import Quarter, parse_quarter, quarterly_quota

LOCAL = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 5, 12, 10, 0, tzinfo=LOCAL)  # mid second quarter
GAOXING, LIANJIANG, PARK = "360732104000", "360732100000", "360732400000"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START)
    return time_machine


def major(user, unit, source="department_inspection", found_at=None, grader=None):
    h = services.register_hazard(user, unit, description="重大隐患", source=source, found_at=found_at)
    services.perform(grader or user, h, "assess", grade="major", major_reason="按事故教训认定")
    return h


@pytest.fixture
def found(world, clock):
    """Major hazards found by a department, a town, a grid worker, the county office and the unit itself."""
    users, units = world.users, world.enterprises
    major(users["yingji"], units["mine"])  # lies in 高兴镇, found by 应急管理局
    major(users["gaoxing"], units["shop"])  # found by 高兴镇
    major(users["grid1"], units["site"], source="grid_patrol")  # a grid worker of 潋江镇
    major(users["county"], units["school"], source="supervision")  # the county office: nobody's quota
    major(users["qiye1"], units["shop"], source="self_check", grader=users["gaoxing"])  # the shop's own check
    major(users["yingji"], units["park_chem"], found_at=dt.datetime(2026, 3, 31, 23, 0, tzinfo=LOCAL))
    general = services.register_hazard(users["gaoxing"], units["shop"], description="一般", source="grid_patrol")
    services.perform(users["gaoxing"], general, "assess", grade="general")


def by_unit(rows) -> dict:
    return {(r.unit_kind, r.unit.code): r for r in rows}


def test_a_unit_is_credited_with_the_major_hazards_it_found_not_those_in_its_area(world, found):
    rows = by_unit(quarterly_quota(None, world.regions[XINGGUO]))
    assert rows[("department", "yingji")].found == 1
    assert rows[("department", "yingji")].short == QUARTERLY_MAJOR_QUOTA - 1
    assert rows[("town", GAOXING)].found == 1  # not the mine's (应急管理局) nor the shop's own
    assert rows[("town", LIANJIANG)].found == 1  # its grid worker's
    assert rows[("town", PARK)].found == 0 and rows[("department", "zhujian")].found == 0
    shorts = [r.short for r in quarterly_quota(None, world.regions[XINGGUO])]
    assert shorts == sorted(shorts, reverse=True)


def test_a_past_quarter_can_be_chosen(world, found):
    rows = by_unit(quarterly_quota(Quarter(2026, 1), world.regions[XINGGUO]))
    assert rows[("department", "yingji")].found == 1  # the park's, found on 31 March
    assert rows[("town", PARK)].found == 0 and rows[("town", GAOXING)].found == 0
    assert all(r.found == 0 for r in quarterly_quota(Quarter(2025, 4), world.regions[XINGGUO]))


def test_quarters_are_written_as_year_q_number_and_must_have_begun(clock):
    assert parse_quarter("2026Q1") == Quarter(2026, 1) and parse_quarter(" 2025q4 ") == Quarter(2025, 4)
    assert parse_quarter("") == parse_quarter(None) == Quarter(2026, 2)
    assert (Quarter(2026, 2).first_day, Quarter(2026, 2).last_day) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert Quarter(2026, 1).previous() == Quarter(2025, 4) and Quarter(2025, 4).next() == Quarter(2026, 1)
    for text, code in [("2026Q5", "invalid"), ("Q3 2026", "invalid"), ("2026-07", "invalid"), ("1999Q4", "too_early")]:
        with pytest.raises(ValidationError) as refused:
            parse_quarter(text)
        assert refused.value.code == code, text
    for text in ("2026Q3", "9999Q1"):
        with pytest.raises(ValidationError, match="2026Q2"):
            parse_quarter(text)


def test_the_page_shows_a_chosen_quarter_and_refuses_a_malformed_one(world, found, client_for):
    client = client_for("county")
    page = client.get(reverse("hazards:quota"), {"quarter": "2026Q1"})
    assert page.status_code == 200 and page.context["quarter"] == Quarter(2026, 1)
    assert by_unit(page.context["rows"])[("department", "yingji")].found == 1
    assert "2026年第1季度" in page.content.decode() and 'href="?quarter=2025Q4"' in page.content.decode()
    bad = client.get(reverse("hazards:quota"), {"quarter": "2026Q9"})
    assert bad.status_code == 400 and "例如2026Q3" in bad.content.decode()
    assert client.get(reverse("hazards:quota"), {"quarter": "2027Q1"}).status_code == 400


def test_the_page_is_for_those_measured_by_the_quota(world, client_for):
    assert client_for("gaoxing").get(reverse("hazards:quota")).status_code == 200
    assert client_for("qiye1").get(reverse("hazards:quota")).status_code == 403
    assert reverse("hazards:quota") not in client_for("qiye1").get(reverse("hazards:stats")).content.decode()


def test_the_api_takes_the_quarter_and_answers_400_by_field(world, found, api_for):
    api = api_for("county")
    rows = {r["unit"]: r for r in api.get("/api/v1/hazards/quota/", {"quarter": "2026Q1"}).json()}
    assert rows["兴国县应急管理局"]["found"] == 1 and rows["高兴镇"]["found"] == 0
    now = {r["unit"]: r for r in api.get("/api/v1/hazards/quota/").json()}
    assert now["高兴镇"]["found"] == 1 and now["潋江镇"]["found"] == 1
    response = api.get("/api/v1/hazards/quota/", {"quarter": "2026-Q1"})
    assert response.status_code == 400 and list(response.json()) == ["quarter"]


@pytest.fixture
def second_county(world, clock):
    """于都县 beside 兴国县: its department, its town, and a major hazard its department found there."""
    from anjian.core.testing import make_user
    from anjian.org.choices import RegionKind, RegionLevel, Role
    from anjian.org.models import Department, Region
    from anjian.registry.models import Enterprise

    yudu = Region.objects.create(code="360731000000", name="于都县", level=RegionLevel.COUNTY, kind=RegionKind.COUNTY)
    town = Region.objects.create(
        code="360731100000", name="贡江镇", level=RegionLevel.TOWN, kind=RegionKind.TOWN, parent=yudu
    )
    department = Department.objects.create(code="yd_yingji", name="于都县应急管理局", region=yudu)
    department.sectors.set([world.sectors["non_coal_mine"]])
    unit = Enterprise.objects.create(name="于都某矿业公司", region=town, sector=world.sectors["non_coal_mine"])
    users = {
        "yd_office": make_user("yd_office", Role.COUNTY_OFFICE, region=yudu),
        "yd_yingji": make_user("yd_yingji", Role.DEPARTMENT, department=department),
    }
    major(users["yd_yingji"], unit)
    return users


def test_each_county_sees_its_own_departments_and_towns_only(world, found, second_county, api_for, client_for):
    xingguo = {(r.unit_kind, r.unit.code) for r in client_for("county").get(reverse("hazards:quota")).context["rows"]}
    assert ("department", "yingji") in xingguo and ("town", GAOXING) in xingguo
    assert not {("department", "yd_yingji"), ("town", "360731100000")} & xingguo
    client = client_for("yd_office")
    rows = by_unit(client.get(reverse("hazards:quota")).context["rows"])
    assert set(rows) == {("department", "yd_yingji"), ("town", "360731100000")}
    assert rows[("department", "yd_yingji")].found == 1  # its own find, in its own county
    refused = client.get(reverse("hazards:quota"), {"county": "360732000000"})  # 兴国县 is not theirs
    assert refused.status_code == 400 and not refused.context["rows"]
    api = api_for("county")
    assert {r["unit"] for r in api.get("/api/v1/hazards/quota/").json()} >= {"兴国县应急管理局", "高兴镇"}
    response = api.get("/api/v1/hazards/quota/", {"county": "360731000000"})
    assert response.status_code == 400 and list(response.json()) == ["county"]


def test_a_user_of_several_counties_chooses_one(world, found, second_county, client):
    from anjian.org.models import User

    client.force_login(User.objects.create_superuser("root", password="x"))
    page = client.get(reverse("hazards:quota"), {"county": "360731000000", "quarter": "2026Q2"})
    html = page.content.decode()
    assert page.status_code == 200 and 'name="county"' in html and "于都县" in html and "兴国县" in html
    assert {r.unit.name for r in page.context["rows"]} == {"于都县应急管理局", "贡江镇"}
    assert "county=360731000000" in html  # the previous-quarter link keeps the county
