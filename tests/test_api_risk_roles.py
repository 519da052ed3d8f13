"""Who writes which risk record, role × endpoint (anjian/risk/rules.py, the README's "Roles and jurisdiction").

Each role works on an enterprise it sees: the county office, the department, the town and the enterprise
write the whole risk package; an expert writes assessments only, of the units assigned to them; the grid
worker and the leader only read. A refusal is a 403 and changes nothing.
"""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from anjian.core.testing import make_user
from anjian.org.choices import Role
from anjian.risk import rules, services
from anjian.risk.models import MajorHazardSource, RiskAssessment, RiskPoint, RiskZone, SitePlan
from anjian.risk.rules import Record
from anjian.risk.siteplans import store_site_plan

pytestmark = pytest.mark.django_db

EVERY = set(Record)
# user → (the enterprise of the test world it works on, what it may write there)
ROLES = {
    "county": ("shop", EVERY),
    "yingji": ("shop", EVERY),
    "gaoxing": ("shop", EVERY),
    "qiye1": ("shop", EVERY),
    "expert1": ("park_chem", {Record.ASSESSMENT}),
    "grid1": ("site", set()),
    "leader": ("shop", set()),
}


def png(colour: str = "white") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), colour).save(out, "PNG")
    return SimpleUploadedFile("plan.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def package(world):
    """For each enterprise the roles work on: a risk point, a major hazard source, a site plan with a zone."""
    county = world.users["county"]
    made = {}
    for key in {key for key, _writes in ROLES.values()}:
        enterprise = world.enterprises[key]
        point = services.save_point(county, RiskPoint(enterprise=enterprise, name="储存区", kind="place"))
        source = MajorHazardSource.objects.create(
            enterprise=enterprise, name="罐区", region=enterprise.region, sector=enterprise.sector
        )
        plan = SitePlan.objects.create(enterprise=enterprise, image=store_site_plan(png(), county))
        zone = RiskZone.objects.create(site_plan=plan, polygon=[[0.1, 0.1], [0.6, 0.1], [0.6, 0.5]], label="储存区")
        made[key] = {"enterprise": enterprise, "point": point, "source": source, "zone": zone}
    return made


def state(records: dict) -> tuple:
    """What the endpoints could change, read back from the database."""
    enterprise = records["enterprise"]
    return (
        list(RiskPoint.objects.filter(enterprise=enterprise).values_list("name", flat=True).order_by("pk")),
        RiskAssessment.objects.filter(risk_point__enterprise=enterprise).count(),
        list(MajorHazardSource.objects.filter(enterprise=enterprise).values_list("name", flat=True).order_by("pk")),
        SitePlan.objects.get(enterprise=enterprise).image_id,
        list(RiskZone.objects.filter(site_plan__enterprise=enterprise).values_list("label", flat=True)),
    )


POLYGON = [[0.2, 0.2], [0.7, 0.2], [0.7, 0.6]]
# endpoint → (the record it writes, how to call it)
ENDPOINTS = {
    "create point": (
        Record.POINT,
        lambda api, r: api.post(
            "/api/v1/risk-points/", {"enterprise": r["enterprise"].pk, "name": "新点", "kind": "post"}, format="json"
        ),
    ),
    "change point": (
        Record.POINT,
        lambda api, r: api.patch(f"/api/v1/risk-points/{r['point'].pk}/", {"name": "改名"}, format="json"),
    ),
    "delete point": (Record.POINT, lambda api, r: api.delete(f"/api/v1/risk-points/{r['point'].pk}/")),
    "assess": (
        Record.ASSESSMENT,
        lambda api, r: api.post(
            "/api/v1/assessments/", {"risk_point": r["point"].pk, "method": "LS", "l": 2, "s": 3}, format="json"
        ),
    ),
    "create source": (
        Record.SOURCE,
        lambda api, r: api.post(
            "/api/v1/major-hazard-sources/", {"enterprise": r["enterprise"].pk, "name": "新罐区"}, format="json"
        ),
    ),
    "change source": (
        Record.SOURCE,
        lambda api, r: api.patch(f"/api/v1/major-hazard-sources/{r['source'].pk}/", {"name": "改名"}, format="json"),
    ),
    "site plan": (
        Record.SITE_PLAN,
        lambda api, r: api.put(
            f"/api/v1/enterprises/{r['enterprise'].pk}/site-plan/", {"file": png("grey")}, format="multipart"
        ),
    ),
    "create zone": (
        Record.SITE_PLAN,
        lambda api, r: api.post(
            f"/api/v1/enterprises/{r['enterprise'].pk}/risk-zones/",
            {"polygon": POLYGON, "label": "新区"},
            format="json",
        ),
    ),
    "change zone": (
        Record.SITE_PLAN,
        lambda api, r: api.patch(
            f"/api/v1/enterprises/{r['enterprise'].pk}/risk-zones/{r['zone'].pk}/", {"label": "改名"}, format="json"
        ),
    ),
    "delete zone": (
        Record.SITE_PLAN,
        lambda api, r: api.delete(f"/api/v1/enterprises/{r['enterprise'].pk}/risk-zones/{r['zone'].pk}/"),
    ),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("username", ROLES)
def test_each_role_writes_exactly_its_records(api_for, package, username, endpoint):
    key, writes = ROLES[username]
    record, call = ENDPOINTS[endpoint]
    records = package[key]
    before = state(records)
    response = call(api_for(username), records)
    if record in writes:
        assert response.status_code in (200, 201, 204), response.content
        assert state(records) != before
    else:
        assert response.status_code == 403, response.content
        assert state(records) == before


def test_an_expert_assesses_only_the_units_assigned_to_them(api_for, world, package):
    api = api_for("expert1")
    shop_point = package["shop"]["point"]  # the shop is not assigned to expert1: it does not exist for them
    response = api.post("/api/v1/assessments/", {"risk_point": shop_point.pk, "method": "LS", "l": 2, "s": 3})
    assert response.status_code == 400 and "risk_point" in response.json()
    park = world.enterprises["park_chem"].pk
    refused = api.post("/api/v1/risk-points/", {"enterprise": park, "name": "x", "kind": "post"}, format="json")
    assert refused.status_code == 403
    with pytest.raises(PermissionDenied, match="专家只能为分配给本人的单位录入风险评价"):
        services.check_manage(world.users["expert1"], world.enterprises["park_chem"], Record.POINT)


def test_a_second_role_does_not_widen_what_an_expert_writes(world, package):
    """An expert who is also a grid worker sees the grid's units, but assesses only the assigned ones."""
    user = make_user("expert2", Role.EXPERT)
    user.assignments.create(role=Role.GRID_WORKER, region=world.regions["lj_grid1"])
    site, park = world.enterprises["site"], world.enterprises["park_chem"]
    park.experts.add(user)
    assert rules.may_write(user, park, Record.ASSESSMENT) and not rules.may_write(user, site, Record.ASSESSMENT)
    assert not rules.may_write(user, park, Record.POINT)
    assert set(rules.writable_enterprises(user, type(site).objects.all(), Record.ASSESSMENT)) == {park}


# --- The web pages follow the same rules --------------------------------------------------------------------


def test_on_the_web_an_expert_assesses_but_does_not_edit(client_for, package):
    client = client_for("expert1")
    point = package["park_chem"]["point"]
    page = client.get(reverse("risk:point_detail", args=[point.pk])).content.decode()
    assert reverse("risk:assess", args=[point.pk]) in page
    assert reverse("risk:point_edit", args=[point.pk]) not in page
    assert client.get(reverse("risk:point_edit", args=[point.pk])).status_code == 403
    assert client.get(reverse("risk:point_new")).status_code == 403
    response = client.post(reverse("risk:assess", args=[point.pk]), {"method": "LS", "ls_l": "2", "s": "3"})
    assert response.status_code == 302
    assert RiskAssessment.objects.filter(risk_point=point, assessed_by__username="expert1").exists()


def test_on_the_web_the_enterprise_keeps_its_own_package(client_for, package):
    client = client_for("qiye1")
    point = package["shop"]["point"]
    page = client.get(reverse("risk:point_detail", args=[point.pk])).content.decode()
    assert reverse("risk:point_edit", args=[point.pk]) in page and reverse("risk:assess", args=[point.pk]) in page
    shop = package["shop"]["enterprise"]
    assert client.post(reverse("risk:site_plan_upload", args=[shop.pk]), {"plan": png("blue")}).status_code == 302
