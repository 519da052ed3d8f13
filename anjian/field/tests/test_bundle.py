"""The bundle a phone keeps for working offline: the user's own units only, a fixed number of queries."""

from __future__ import annotations

import pytest
from django.test import override_settings

from anjian.inspections.models import Checklist, ChecklistItem
from anjian.registry.models import Enterprise

pytestmark = pytest.mark.django_db

URL = "/api/v1/field/bundle/"


def names(body: dict) -> set[str]:
    return {u["name"] for u in body["units"]}


def test_a_grid_worker_gets_only_the_units_of_their_grid(world, api_for):
    response = api_for("grid1").get(URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store" and response["ETag"]
    body = response.json()
    assert names(body) == {"潋江镇城南安置房项目"}
    unit = body["units"][0]
    assert unit["sector_code"] == "construction" and unit["grid"] == "城南社区第1网格" and unit["town"] == "潋江镇"
    assert body["user"]["roles"] == ["grid_worker"] and body["truncated"] is False
    assert any(code == "grid_patrol" for code, _label in body["sources"])


def test_a_town_gets_its_own_units_and_not_another_towns(world, api_for):
    body = api_for("gaoxing").get(URL).json()
    assert names(body) == {"王国平烟花爆竹零售店", "兴国县某某矿业有限公司"}
    assert "潋江镇城南安置房项目" not in names(body)


def test_the_checklists_are_those_of_the_units_sectors_and_the_general_one(world, api_for):
    general = Checklist.objects.create(name="企业主体责任落实抽查")
    ChecklistItem.objects.create(checklist=general, text="是否建立全员安全生产责任制", order=1)
    Checklist.objects.create(name="建筑施工检查表", sector=world.sectors["construction"])
    Checklist.objects.create(name="烟花爆竹检查表", sector=world.sectors["fireworks"])
    Checklist.objects.create(name="停用的表", sector=world.sectors["construction"], is_active=False)
    body = api_for("grid1").get(URL).json()
    assert {c["title"] for c in body["checklists"]} == {"企业主体责任落实抽查", "建筑施工检查表"}
    items = next(c for c in body["checklists"] if c["title"] == "企业主体责任落实抽查")["items"]
    assert [i["text"] for i in items] == ["是否建立全员安全生产责任制"]


def test_an_unchanged_bundle_answers_304_to_its_etag(world, api_for):
    api = api_for("grid1")
    tag = api.get(URL)["ETag"]
    assert api.get(URL, HTTP_IF_NONE_MATCH=tag).status_code == 304
    Enterprise.objects.filter(pk=world.enterprises["site"].pk).update(address="城南大道1号")
    changed = api.get(URL, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed.json()["units"][0]["address"] == "城南大道1号"


@override_settings(ANJIAN_FIELD_BUNDLE_MAX=3)
def test_a_county_office_gets_the_first_units_by_name_and_truncated(world, api_for):
    body = api_for("county").get(URL).json()
    every = sorted(Enterprise.objects.values_list("name", flat=True))
    assert [u["name"] for u in body["units"]] == every[:3] and body["truncated"] is True


def test_the_number_of_queries_does_not_grow_with_the_units(world, api_for, django_assert_max_num_queries):
    api = api_for("county")
    api.get(URL)  # the token and session are settled
    site = world.enterprises["site"]
    Enterprise.objects.bulk_create(
        Enterprise(name=f"个体工商户{n:03}", region=site.region, grid=site.grid, sector=site.sector) for n in range(120)
    )
    with django_assert_max_num_queries(10):
        body = api.get(URL).json()
    assert len(body["units"]) == 125
