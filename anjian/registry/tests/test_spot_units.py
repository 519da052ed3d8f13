"""A grid worker records a hazard at a place not yet in the registry; the town completes the entry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from anjian.core.testing import make_user
from anjian.hazards.models import Hazard
from anjian.org.choices import Role
from anjian.registry.models import Enterprise

pytestmark = pytest.mark.django_db

NEW = reverse("hazards:new")
API = "/api/v1/hazards/"
STALL = {"new_unit_name": "张三水果摊", "new_unit_kind": "stall", "new_unit_address": "城南社区菜市场东门"}
HAZARD = {"description": "摊位私拉电线，插线板浸水", "source": "grid_patrol"}


@pytest.fixture
def lianjiang(world):
    """The town government of 潋江镇, where grid1 patrols."""
    return make_user("lianjiang", Role.TOWN, region=world.regions["360732100000"])


def test_a_grid_worker_records_a_hazard_at_a_stall_not_in_the_registry(world, client_for):
    client = client_for("grid1")
    page = client.get(NEW).content.decode()
    assert 'name="new_unit_name"' in page and 'value="stall"' in page
    response = client.post(NEW, {**HAZARD, **STALL})
    hazard = Hazard.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("hazards:detail", args=[hazard.pk])
    stall = hazard.unit
    assert (stall.name, stall.kind, stall.address) == ("张三水果摊", "stall", "城南社区菜市场东门")
    assert stall.needs_completion and stall.credit_code is None
    assert stall.grid == world.regions["lj_grid1"] and stall.region == world.regions["lj_village"]
    assert stall.responsible_town == world.regions["360732100000"] and stall.sector.code == "village_area"
    assert hazard.grid == world.regions["lj_grid1"] and hazard.level == "grid"
    detail = client.get(response["Location"]).content.decode()
    assert "张三水果摊" in detail and ("待乡镇完善" in detail or "for the town to complete" in detail)
    # The grid worker sees the new place among the units of the grid from now on.
    assert "张三水果摊" in client.get(reverse("hazards:unit_search"), {"unit_q": "水果"}).content.decode()


def test_the_place_needs_a_name_a_kind_and_an_address(world, client_for):
    client = client_for("grid1")
    response = client.post(NEW, {**HAZARD, **STALL, "new_unit_address": ""})
    assert response.status_code == 200 and "new_unit_address" in response.context["form"].errors
    assert "摊位私拉电线" in response.content.decode()
    response = client.post(NEW, {**HAZARD, **STALL, "new_unit_kind": "enterprise"})
    assert "new_unit_kind" in response.context["form"].errors
    both = client.post(NEW, {**HAZARD, **STALL, "unit": world.enterprises["site"].pk})
    assert "unit" in both.context["form"].errors
    known = client.post(NEW, {**HAZARD, **STALL, "new_unit_name": "潋江镇城南安置房项目"})
    assert "new_unit_name" in known.context["form"].errors  # already in the registry: choose it
    assert not Hazard.objects.exists() and Enterprise.objects.count() == len(world.enterprises)


def test_a_refused_hazard_leaves_no_place_behind(world, client_for):
    response = client_for("grid1").post(NEW, {**STALL, "description": "", "source": "grid_patrol"})
    assert response.status_code == 200 and "description" in response.context["form"].errors
    assert not Enterprise.objects.filter(name="张三水果摊").exists()


def test_only_grid_workers_and_towns_record_new_places(world, client_for):
    assert 'name="new_unit_name"' not in client_for("county").get(NEW).content.decode()
    assert 'name="new_unit_name"' not in client_for("qiye1").get(NEW).content.decode()
    assert 'name="new_unit_name"' in client_for("gaoxing").get(NEW).content.decode()


def test_the_town_completes_what_grid_workers_recorded(world, lianjiang, client_for):
    client_for("grid1").post(
        NEW, {**HAZARD, **STALL, "new_unit_kind": "self_built_house", "new_unit_name": "李四自建房"}
    )
    house = Enterprise.objects.get(name="李四自建房")
    assert house.sector.code == "self_built_house"
    town = client_for("lianjiang")
    listing = town.get(reverse("registry:enterprise_list"))
    page = listing.content.decode()
    assert "to-complete" in page and "needs_completion=true" in page
    todo = town.get(reverse("registry:enterprise_list"), {"needs_completion": "true"})
    assert [r.record for r in todo.context["table"].page.object_list] == [house]
    detail = town.get(reverse("registry:enterprise_detail", args=[house.pk])).content.decode()
    assert "needs-completion" in detail and reverse("registry:enterprise_edit", args=[house.pk]) in detail
    form = town.get(reverse("registry:enterprise_edit", args=[house.pk]))
    data = {k: v for k, v in form.context["form"].initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        region=house.region_id,
        grid=house.grid_id,
        sector=house.sector_id,
        responsible_unit="360732100000",
        principal="李四",
        principal_phone="13907970000",
    )
    data.pop("needs_completion")
    response = town.post(reverse("registry:enterprise_edit", args=[house.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    house.refresh_from_db()
    assert not house.needs_completion and house.principal == "李四"
    assert (
        not town.get(reverse("registry:enterprise_list"), {"needs_completion": "true"})
        .context["table"]
        .page.object_list
    )


def test_the_api_records_a_hazard_at_a_new_place(world, api_for):
    body = {**HAZARD, "new_unit": {"name": "城南路K3路段", "kind": "road_section", "address": "城南路与环城路交叉口"}}
    response = api_for("grid1").post(API, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    road = Enterprise.objects.get(pk=data["unit"])
    assert data["unit_name"] == "城南路K3路段" and road.needs_completion and road.sector.code == "road_traffic"
    assert data["sector"] == "road_traffic"
    listed = api_for("county").get("/api/v1/enterprises/", {"needs_completion": "true"}).json()
    assert [e["name"] for e in listed["results"]] == ["城南路K3路段"] and listed["results"][0]["needs_completion"]


@pytest.mark.parametrize(
    ("username", "body", "field"),
    [
        ("grid1", {"new_unit": {"name": "王五摊位", "kind": "stall"}}, "new_unit"),
        ("grid1", {"new_unit": {"name": "王五摊位", "kind": "factory", "address": "x"}}, "new_unit"),
        ("grid1", {}, "unit"),
        ("grid1", {"unit": 1, "new_unit": {"name": "王五摊位", "kind": "stall", "address": "x"}}, "unit"),
        ("qiye1", {"new_unit": {"name": "王五摊位", "kind": "stall", "address": "x"}}, "new_unit"),
        ("grid1", {"new_unit": {"name": "潋江镇城南安置房项目", "kind": "stall", "address": "x"}}, "new_unit"),
    ],
)
def test_the_api_refuses_an_incomplete_or_unallowed_new_place(world, api_for, username, body, field):
    response = api_for(username).post(API, {**HAZARD, **body}, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not Hazard.objects.exists() and Enterprise.objects.count() == len(world.enterprises)
