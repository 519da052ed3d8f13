"""The pages: every list, form and record page opens for whoever may see it (404 outside the jurisdiction), a unit
records its drill from its phone, refusals come back on the form with nothing saved, lists cost the same queries
whatever their length, and the exports open as workbooks."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from anjian.emergency import services
from anjian.emergency.models import Accident, Drill, DrillRequirement, EmergencyPlan

from .conftest import NOW, TODAY, accident, held, plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
LISTS = ["drills", "frequency", "overview", "places", "plans", "accidents"]


@pytest.fixture
def records(world):
    county, qiye = world.users["county"], world.users["qiye1"]
    own_plan = plan(qiye)
    drill = held(qiye, plan=own_plan, unscripted=True, filed_on=TODAY - dt.timedelta(days=3))
    mine_drill = held(world.users["yingji"], world.enterprises["mine"])
    found = accident(county, world.enterprises["mine"], deaths=1)
    place = services.name_place(county, enterprise=world.enterprises["school"], people=800,
                                counted_from=dt.date(2024, 7, 1), required_by=dt.date(2024, 11, 30))  # fmt: skip
    return {"plan": own_plan, "drill": drill, "mine_drill": mine_drill, "accident": found, "place": place}


@pytest.mark.parametrize("username", ["county", "leader", "yingji", "gaoxing", "grid1", "qiye1", "expert1"])
def test_every_list_opens_for_every_role(world, records, client_for, username):
    client = client_for(username)
    for name in LISTS:
        response = client.get(reverse(f"emergency:{name}"))
        assert response.status_code == 200, (name, username)


def test_record_pages_open_within_the_jurisdiction_and_404_outside(world, records, client_for):
    pages = [
        ("drill", records["drill"].pk), ("plan", records["plan"].pk), ("accident", records["accident"].pk),
    ]  # fmt: skip
    county = client_for("county")
    for name, pk in pages:
        assert county.get(reverse(f"emergency:{name}", args=[pk])).status_code == 200
    assert county.get(reverse("emergency:drill_edit", args=[records["drill"].pk])).status_code == 200
    assert county.get(reverse("emergency:plan_revise", args=[records["plan"].pk])).status_code == 200
    assert county.get(reverse("emergency:accident_edit", args=[records["accident"].pk])).status_code == 200
    other = client_for("grid1")  # the shop and the mine are not in its grid
    for name, pk in pages:
        assert other.get(reverse(f"emergency:{name}", args=[pk])).status_code == 404
    shop = client_for("qiye1")
    assert shop.get(reverse("emergency:drill", args=[records["mine_drill"].pk])).status_code == 404
    assert shop.get(reverse("emergency:accident", args=[records["accident"].pk])).status_code == 404


def test_forms_open_for_those_who_record(world, client_for):
    for username in ("county", "yingji", "gaoxing", "qiye1"):
        client = client_for(username)
        assert client.get(reverse("emergency:drill_new")).status_code == 200
        assert client.get(reverse("emergency:plan_new")).status_code == 200
    assert client_for("county").get(reverse("emergency:accident_new")).status_code == 200
    assert client_for("county").get(reverse("emergency:places_name")).status_code == 200
    assert client_for("qiye1").get(reverse("emergency:accident_new")).status_code == 403
    assert client_for("yingji").get(reverse("emergency:places_name")).status_code == 403
    assert client_for("leader").get(reverse("emergency:drill_new")).status_code == 403


def test_a_unit_records_its_drill_from_its_phone(world, client_for):
    client = client_for("qiye1")
    page = client.get(reverse("emergency:drill_new")).content.decode()
    assert 'name="owner"' in page and 'type="hidden"' in page  # its own unit, not a choice
    data = {"owner": "unit", "unit": world.enterprises["shop"].pk, "kind": "fire", "held_on": "2024-07-10",
            "participants": "8", "place": "门店", "evaluation": "熟悉疏散路线"}  # fmt: skip
    response = client.post(reverse("emergency:drill_new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    drill = Drill.objects.get()
    assert (drill.enterprise, drill.participants, drill.state, drill.created_by.username) == (
        world.enterprises["shop"],
        8,
        "evaluated",
        "qiye1",
    )


def test_a_refused_drill_comes_back_on_the_form(world, client_for):
    client = client_for("qiye1")
    data = {"owner": "unit", "unit": world.enterprises["shop"].pk, "kind": "fire",
            "held_on": (TODAY + dt.timedelta(days=1)).isoformat(), "participants": "8"}  # fmt: skip
    response = client.post(reverse("emergency:drill_new"), data)
    assert response.status_code == 400
    assert "held_on" in response.context["form"].errors
    data = {"owner": "unit", "unit": world.enterprises["shop"].pk, "kind": "fire", "held_on": "2024-07-01",
            "participants": "8", "place": "门\u0007店"}  # fmt: skip
    assert client.post(reverse("emergency:drill_new"), data).status_code == 400
    assert not Drill.objects.exists()


def test_an_office_records_a_plan_and_revises_it(world, client_for):
    client = client_for("yingji")
    data = {"owner": f"d{world.departments['yingji'].pk}", "title": "危险化学品事故专项应急预案", "kind": "special",
            "version": "2023版", "issued_on": "2023-05-01"}  # fmt: skip
    response = client.post(reverse("emergency:plan_new"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    first = EmergencyPlan.objects.get()
    response = client.post(reverse("emergency:plan_revise", args=[first.pk]),
                           {"title": first.title, "version": "2024版", "issued_on": "2024-07-01"})  # fmt: skip
    assert response.status_code == 302
    assert EmergencyPlan.objects.filter(current=True).get().supersedes == first


def test_an_accident_with_a_contradicting_grade_is_refused_on_the_form(world, client_for):
    client = client_for("county")
    data = {"occurred_at": "2024-07-01T09:30", "unit": world.enterprises["mine"].pk, "deaths": "3",
            "serious_injuries": "0", "direct_loss": "20", "grade": "general", "summary": "冒顶",
            "reporting": "reported", "investigation_status": "investigating"}  # fmt: skip
    response = client.post(reverse("emergency:accident_new"), data)
    assert response.status_code == 400
    assert "第三条" in str(response.context["form"].errors["grade"])
    data["grade"] = ""
    assert client.post(reverse("emergency:accident_new"), data).status_code == 302
    assert Accident.objects.get().grade == "larger"


def test_the_office_names_places_from_the_candidates(world, client_for):
    from anjian.registry.models import Enterprise

    Enterprise.objects.filter(pk=world.enterprises["school"].pk).update(staff_count=120)
    client = client_for("county")
    page = client.get(reverse("emergency:places_name")).content.decode()
    assert world.enterprises["school"].name in page and world.enterprises["shop"].name not in page
    data = {"name": "1", "units": [world.enterprises["school"].pk], "counted_from": "2024-07-01",
            "required_by": "2024-11-30", "source": "兴安办〔2024〕80号"}  # fmt: skip
    assert client.post(reverse("emergency:places_name"), data).status_code == 302
    assert DrillRequirement.objects.get().people == 120


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_lists_cost_the_same_queries_whatever_their_length(world, client_for):
    client = client_for("county")
    held(world.users["county"], world.enterprises["school"])
    accident(world.users["county"], world.enterprises["mine"])
    plan(world.users["county"], world.enterprises["site"])
    before = {name: _queries(client, reverse(f"emergency:{name}")) for name in LISTS}
    for n in range(15):
        held(world.users["county"], world.enterprises["school"], dt.date(2024, 1, 1) + dt.timedelta(days=n))
        accident(world.users["county"], world.enterprises["mine"], occurred_at=NOW - dt.timedelta(days=n + 1))
        plan(world.users["county"], world.enterprises["site"], title=f"预案{n}")
    after = {name: _queries(client, reverse(f"emergency:{name}")) for name in LISTS}
    assert after == before


@pytest.mark.parametrize(("name", "title"), [("drills", "应急演练台账"), ("plans", "生产安全事故应急预案台账"),
                                             ("accidents", "生产安全事故台账"), ("places", "人员密集场所应急演练完成情况")])  # fmt: skip
def test_the_exports_are_workbooks_with_their_rows(world, records, client_for, name, title):
    response = client_for("county").get(reverse(f"emergency:{name}") + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == title
    assert sheet.max_row >= 3


def test_a_unit_page_links_to_its_drills(world, records, client_for):
    page = client_for("county").get(reverse("registry:enterprise_detail", args=[world.enterprises["shop"].pk]))
    assert reverse("emergency:drills") + f"?enterprise={world.enterprises['shop'].pk}" in page.content.decode()


def test_the_office_withdraws_a_place_and_others_may_not(world, records, client_for):
    place = records["place"]
    url = reverse("emergency:place_withdraw", args=[place.pk])
    assert client_for("yingji").post(url).status_code in (403, 404)
    page = client_for("county").get(reverse("emergency:places")).content.decode()
    assert url in page
    assert url not in client_for("gaoxing").get(reverse("emergency:places")).content.decode()
    assert client_for("county").post(url).status_code == 302
    assert not DrillRequirement.objects.exists()
    assert DrillRequirement.history.filter(history_type="-").count() == 1
