"""A unit's page leads to everything of that unit, and each list it leads to shows that unit only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from anjian.core.testing import make_user
from anjian.hazards import services as hazard_services
from anjian.inspections import services as inspection_services
from anjian.inspections.choices import ActionKind, VisitKind
from anjian.org.choices import Role
from anjian.risk import services as risk_services
from anjian.risk.models import RiskPoint

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="([^"]+)" data-link="(\w+)"')
COUNT = re.compile(r'data-link="(\w+)"[^>]*>\s*<span>[^<]*</span><span class="badge[^"]*">(\d+)</span>')


@pytest.fixture
def records(world):
    """The shop's records of every kind, and one hazard of another unit."""
    shop = world.enterprises["shop"]
    yingji, gaoxing, qiye1 = world.users["yingji"], world.users["gaoxing"], world.users["qiye1"]
    hazard_services.register_hazard(gaoxing, shop, description="店内堆放超量", source="department_inspection")
    hazard_services.register_hazard(gaoxing, world.enterprises["mine"], description="矿山隐患", source="supervision")
    risk_services.save_point(
        qiye1, RiskPoint(enterprise=shop, name="成品储存区", kind="place", accident_types=["fire"])
    )
    second = make_user("yingji2", Role.DEPARTMENT, department=world.departments["yingji"])
    today = timezone.localdate()
    visit = inspection_services.create_inspection(
        yingji, unit=shop, kind=VisitKind.ROUTINE, visit_date=today, inspectors=[yingji, second]
    )
    inspection_services.record_action(
        yingji,
        unit=shop,
        kind=ActionKind.PENALTY,
        decided_on=today,
        description="超量储存",
        inspection=visit,
        target="unit",
        unit_amount_wan="0.5",
    )
    return shop


def test_the_unit_page_links_to_everything_of_the_unit(world, records, client_for):
    client = client_for("county")
    shop = records
    page = client.get(reverse("registry:enterprise_detail", args=[shop.pk])).content.decode()
    links = {key: url.replace("&amp;", "&") for url, key in LINK.findall(page)}
    assert set(links) >= {"hazards", "risk_points", "risk_package", "inspections", "enforcement_actions", "signboard"}
    assert dict(COUNT.findall(page)) == {
        "hazards": "1",
        "risk_points": "1",
        "inspections": "1",
        "enforcement_actions": "1",
        # the unit's people, hot-work permits and emergency records: none in this world
        "people": "0",
        "permits": "0",
        "emergency_plans": "0",
        "emergency_drills": "0",
        "emergency_accidents": "0",
    }
    for key, url in links.items():
        response = client.get(url)
        assert response.status_code == 200, key
        if key in ("hazards", "risk_points", "inspections", "enforcement_actions"):
            body = response.content.decode()
            assert "unit-filter" in body and shop.name in body, key
            assert {
                r.record.unit_id if hasattr(r.record, "unit_id") else r.record.enterprise_id
                for r in response.context["table"].page.object_list
            } == {shop.pk}, key
    hazards = client.get(links["hazards"]).context["table"].page.object_list
    assert [r.record.description for r in hazards] == ["店内堆放超量"]  # not the mine's
    assert client.get(links["signboard"])["Content-Type"] == "application/pdf"


def test_the_links_count_what_the_user_may_see(world, records, client_for):
    shop = records
    page = client_for("qiye1").get(reverse("registry:enterprise_detail", args=[shop.pk])).content.decode()
    assert dict(COUNT.findall(page))["hazards"] == "1"
    # A unit outside the jurisdiction: its filtered list shows nothing and does not name it.
    site = world.enterprises["site"]
    response = client_for("gaoxing").get(reverse("hazards:list"), {"unit": site.pk})
    assert response.status_code == 200 and not list(response.context["table"].page.object_list)
    assert site.name not in response.content.decode()
    # Back from a filtered list to every unit.
    response = client_for("county").get(reverse("hazards:list"), {"unit": shop.pk, "grade": ""})
    cleared = re.search(r'unit-filter.*?href="\?([^"]*)"', response.content.decode(), re.S).group(1)
    assert "unit=" not in cleared
