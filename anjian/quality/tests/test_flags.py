"""Flags are stored with the record, replaced when the record is saved again, reach the API and the form, and
are counted per unit by the figure exactly as the rows it links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from anjian.core.figures import Frame, get
from anjian.hazards import services
from anjian.hazards.tests.test_lifecycle import photo
from anjian.org.jurisdiction import restrict
from anjian.quality.models import Flag

pytestmark = pytest.mark.django_db
URL = "/api/v1/hazards/"


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def codes(warnings) -> list[str]:
    return sorted(w.code if hasattr(w, "code") else w["code"] for w in warnings)


def test_the_api_create_response_carries_the_warnings(api_for, world):
    body = {"unit": world.enterprises["site"].pk, "description": "存在隐患", "source": "grid_patrol"}
    response = api_for("grid1").post(URL, body, format="json")
    assert response.status_code == 201, response.content
    [warning] = response.json()["quality_warnings"]
    assert warning["code"] == "vague_description" and warning["message"]
    assert Flag.objects.get().hazard_id == response.json()["id"]


def test_a_concrete_hazard_carries_no_warnings(api_for, world):
    body = {"unit": world.enterprises["site"].pk, "description": "塔吊起重力矩限制器失效", "source": "grid_patrol"}
    response = api_for("grid1").post(URL, body, format="json")
    assert response.status_code == 201 and response.json()["quality_warnings"] == []


def test_a_plan_transition_carries_its_warnings_and_a_new_plan_replaces_them(api_for, world):
    api = api_for("county")
    body = {"unit": world.enterprises["school"].pk, "description": "消防通道堵塞", "source": "supervision"}
    hazard_id = api.post(URL, body, format="json").json()["id"]
    api.post(f"{URL}{hazard_id}/transitions/", {"action": "assess", "grade": "general"}, format="json")
    plan = {"action": "plan", "responsible_person": "王五", "measures": "加强管理", "deadline": str(days(10))}
    response = api.post(f"{URL}{hazard_id}/transitions/", plan, format="json")
    assert response.status_code == 201, response.content
    assert codes(response.json()["quality_warnings"]) == ["plan_no_funds", "vague_measures"]
    plan |= {"measures": "清理通道内堆放的纸箱12箱，设置禁止堆放标志", "funds": "300"}
    response = api.post(f"{URL}{hazard_id}/transitions/", plan, format="json")
    assert response.json()["quality_warnings"] == []
    assert not Flag.objects.filter(hazard_id=hazard_id, record="plan").exists()


def test_a_vague_fix_note_is_flagged_on_the_step(world):
    county = world.users["county"]
    h = services.register_hazard(county, world.enterprises["school"], description="消防通道堵塞", source="supervision")
    services.perform(county, h, "assess", grade="general")
    services.perform(county, h, "plan", responsible_person="王五", measures="清理纸箱12箱", deadline=days(10), funds=0)
    event = services.perform(world.users["county"], h, "progress", text="已整改")
    assert codes(event.quality_warnings) == ["vague_progress"]
    assert Flag.objects.get(hazard=h, record="step").event_id == event.pk


def test_a_reused_photo_is_flagged(world):
    county = world.users["county"]
    first = services.register_hazard(
        county, world.enterprises["school"], description="消防通道堵塞", source="supervision", photos=[photo("red")]
    )
    assert first.quality_warnings == []
    second = services.register_hazard(
        county,
        world.enterprises["site"],
        description="塔吊起重力矩限制器失效",
        source="supervision",
        photos=[photo("red")],
    )
    [warning] = second.quality_warnings
    assert warning.code == "photo_reused" and str(first.pk) in warning.message


def test_a_fix_photo_that_is_the_finding_photo_is_flagged(world):
    county = world.users["county"]
    h = services.register_hazard(
        county, world.enterprises["school"], description="消防通道堵塞", source="supervision", photos=[photo("blue")]
    )
    event = services.perform(county, h, "fix_on_spot", photos=[photo("blue")], comment="清理纸箱12箱")
    assert codes(event.quality_warnings) == ["photo_reused"]


def test_a_hazard_repeating_an_open_one_of_the_unit_is_flagged(world):
    county, school = world.users["county"], world.enterprises["school"]
    first = services.register_hazard(county, school, description="二楼仓库安全出口被货物堵塞", source="supervision")
    elsewhere = services.register_hazard(
        county, world.enterprises["site"], description="二楼仓库安全出口被货物堵塞", source="supervision"
    )
    assert elsewhere.quality_warnings == []  # another unit's hazard is not compared
    again = services.register_hazard(county, school, description="二楼仓库的安全出口被杂物堵塞", source="supervision")
    [warning] = again.quality_warnings
    assert warning.code == "repeated_hazard" and str(first.pk) in warning.message
    other = services.register_hazard(county, school, description="配电箱未设置漏电保护器", source="supervision")
    assert other.quality_warnings == []


def test_a_closed_hazard_is_not_repeated(world):
    county, school = world.users["county"], world.enterprises["school"]
    first = services.register_hazard(county, school, description="二楼仓库安全出口被货物堵塞", source="supervision")
    services.perform(county, first, "fix_on_spot", photos=[photo("green")], comment="清理货物20箱")
    again = services.register_hazard(county, school, description="二楼仓库安全出口被货物堵塞", source="supervision")
    assert again.quality_warnings == []


def test_the_figure_counts_per_unit_the_rows_it_links(world):
    county = world.users["county"]
    for unit, text in (("school", "存在隐患"), ("site", "有隐患"), ("site", "门坏了"), ("shop", "存在安全隐患")):
        services.register_hazard(county, world.enterprises[unit], description=text, source="supervision")
    figure = get("quality.flags")
    lianjiang, gaoxing = world.regions["360732100000"], world.regions["360732104000"]
    for region, expected in ((lianjiang, 3), (gaoxing, 1), (None, 4)):
        frame = Frame(county, region, None, days(-1), days(0))
        assert figure.value(frame) == figure.rows(frame).count() == expected
    by_unit = figure.values_by_unit(Frame(county, None, None, days(-1), days(0)), {"lj": (lianjiang, None)})
    assert by_unit == {"lj": 3}
    assert figure.value(Frame(county, None, None, days(1), days(2))) == 0  # another day's flags only
    assert restrict(world.users["gaoxing"], Flag.objects.all()).count() == 1


def test_the_form_shows_the_warnings_to_the_person_who_entered(world, client_for):
    county = world.users["county"]
    h = services.register_hazard(county, world.enterprises["school"], description="消防通道堵塞", source="supervision")
    services.perform(county, h, "assess", grade="general")
    client = client_for("county")
    url = reverse("hazards:act", args=[h.pk, "plan"])
    post = {"responsible_person": "王五", "measures": "加强管理", "deadline": days(10).isoformat()}
    response = client.post(url, post, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("alert-warning") >= 2 and "加强管理" in page


def test_the_registration_page_shows_the_warnings(world, client_for):
    client = client_for("grid1")
    data = {"unit": world.enterprises["site"].pk, "description": "存在安全隐患", "source": "grid_patrol"}
    response = client.post(reverse("hazards:new"), data, follow=True)
    assert response.status_code == 200
    warnings = [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and "存在安全隐患" in str(warnings[0])
    assert "alert-warning" in response.content.decode()
