"""Creating and changing a major hazard source (a unit) from the web pages, then identifying it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from anjian.core.testing import VISIBLE_ENTERPRISES
from anjian.risk import major_sources, rules
from anjian.risk.models import HazardousSubstance, MajorHazardSource

pytestmark = pytest.mark.django_db

NEW = reverse("risk:source_new")
READ_ONLY = {"leader", "grid1", "expert1"}  # an expert writes assessments only


@pytest.fixture
def ammonia(db):
    major_sources.load_substances()
    return HazardousSubstance.objects.get(name="氨")


@pytest.fixture
def tank_farm(world):
    source = MajorHazardSource(enterprise=world.enterprises["park_chem"])
    return major_sources.save_source(world.users["county"], source, {"name": "液氨储罐区", "exposed_people": 10})


def test_county_creates_a_unit_and_it_is_identified_after_a_holding(world, client_for, ammonia):
    client = client_for("county")
    assert client.get(NEW).status_code == 200
    data = {"enterprise": world.enterprises["park_chem"].pk, "name": "液氨储罐区", "exposed_people": "120"}
    response = client.post(NEW, data)
    source = MajorHazardSource.objects.get(name="液氨储罐区")
    assert response.status_code == 302 and response["Location"] == reverse("risk:source_detail", args=[source.pk])
    enterprise = world.enterprises["park_chem"]
    assert (source.region, source.sector, source.exposed_people) == (enterprise.region, enterprise.sector, 120)
    assert not source.identified and source.ratio_sum == 0
    detail = reverse("risk:source_detail", args=[source.pk])
    assert client.post(detail, {"substance": ammonia.pk, "quantity": "20"}).status_code == 302  # Σ q/Q = 20/10 = 2
    source.refresh_from_db()
    assert source.identified and source.ratio_sum == 2
    assert source.r_value == 8 and source.grade == "4"  # α 2.0 (≥ 100 people) × β 2 × 2 = 8 → 四级


def test_the_list_offers_creation_to_writers_only(world, client_for):
    assert NEW in client_for("county").get(reverse("risk:source_list")).content.decode()
    assert NEW not in client_for("leader").get(reverse("risk:source_list")).content.decode()


@pytest.mark.parametrize("username", sorted(VISIBLE_ENTERPRISES))
def test_the_picker_holds_what_the_user_may_change(world, client_for, username):
    response = client_for(username).get(NEW)
    if username in READ_ONLY:
        assert response.status_code == 403
        return
    choices = set(response.context["form"].fields["enterprise"].queryset)
    expected = {e for k, e in world.enterprises.items() if k in VISIBLE_ENTERPRISES[username]}
    assert choices == expected
    assert all(rules.may_write(world.users[username], e, rules.Record.SOURCE) for e in choices)


def test_an_enterprise_cannot_create_for_another(world, client_for):
    data = {"enterprise": world.enterprises["park_chem"].pk, "name": "甲类仓库", "exposed_people": "0"}
    response = client_for("qiye1").post(NEW, data)
    assert response.status_code == 400 and "enterprise" in response.context["form"].errors
    assert not MajorHazardSource.objects.exists()


@pytest.mark.parametrize("username", sorted(READ_ONLY))
def test_read_only_roles_are_refused(world, client_for, tank_farm, username):
    client = client_for(username)
    data = {"enterprise": world.enterprises["site"].pk, "name": "x", "exposed_people": "0"}
    assert client.post(NEW, data).status_code == 403
    assert client.get(reverse("risk:source_edit", args=[tank_farm.pk])).status_code == 403
    assert not MajorHazardSource.objects.filter(name="x").exists()


@pytest.mark.parametrize("username", sorted(set(VISIBLE_ENTERPRISES) - READ_ONLY))
def test_editing_outside_the_jurisdiction_is_not_found(client_for, tank_farm, username):
    status = client_for(username).get(reverse("risk:source_edit", args=[tank_farm.pk])).status_code
    assert status == (200 if "park_chem" in VISIBLE_ENTERPRISES[username] else 404)


def test_editing_changes_people_and_grades_again(world, client_for, tank_farm, ammonia):
    major_sources.save_holding(world.users["county"], tank_farm, ammonia, 100)  # Σ = 10, α 1.0 → R = 20, 三级
    tank_farm.refresh_from_db()
    assert (tank_farm.r_value, tank_farm.grade) == (20, "3")
    url = reverse("risk:source_edit", args=[tank_farm.pk])
    client = client_for("yingji")  # the supervising department may change it
    page = client.get(url)
    assert "enterprise" not in page.context["form"].fields and "液氨储罐区" in page.content.decode()
    assert client.post(url, {"name": "液氨储罐区（一期）", "exposed_people": "150"}).status_code == 302
    tank_farm.refresh_from_db()
    assert (tank_farm.name, tank_farm.exposed_people, tank_farm.r_value, tank_farm.grade) == (
        "液氨储罐区（一期）",
        150,
        40,
        "3",
    )


def test_a_second_unit_of_the_same_name_is_refused_in_chinese(world, client_for, tank_farm):
    data = {"enterprise": world.enterprises["park_chem"].pk, "name": "液氨储罐区", "exposed_people": "0"}
    response = client_for("county").post(NEW, data)
    assert response.status_code == 400 and "该企业已有同名单元。" in response.content.decode()
    assert MajorHazardSource.objects.count() == 1


def test_save_source_checks_the_jurisdiction_and_keeps_the_enterprise(world, tank_farm):
    with pytest.raises(PermissionDenied):
        major_sources.save_source(
            world.users["qiye1"], MajorHazardSource(), {"enterprise": world.enterprises["park_chem"], "name": "x"}
        )
    with pytest.raises(PermissionDenied):
        major_sources.save_source(world.users["qiye1"], tank_farm, {"name": "改名"})
    with pytest.raises(ValidationError) as info:
        major_sources.save_source(world.users["county"], tank_farm, {"enterprise": world.enterprises["shop"]})
    assert "enterprise" in info.value.error_dict
    with pytest.raises(ValidationError) as info:
        major_sources.save_source(world.users["county"], MajorHazardSource(), {"name": "无企业"})
    assert "enterprise" in info.value.error_dict
    with pytest.raises(ValidationError) as info:
        major_sources.save_source(world.users["county"], tank_farm, {"name": "  "})
    assert "name" in info.value.error_dict
