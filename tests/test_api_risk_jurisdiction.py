"""Every user of the test world against the risk endpoints: a record is seen exactly where its enterprise is.

One risk point (assessed) and one major hazard source per enterprise of the world; what each user sees of
them follows VISIBLE_ENTERPRISES. Outside the jurisdiction every endpoint answers 404 (never the record's
data); inside, the leader and the grid worker read but never write (403), and an expert writes only
assessments (risk points and sources: 403, see anjian/risk/rules.py).
"""

import pytest

from anjian.core.testing import VISIBLE_ENTERPRISES
from anjian.risk import services
from anjian.risk.models import MajorHazardSource, RiskAssessment, RiskPoint

pytestmark = pytest.mark.django_db

USERS = sorted(VISIBLE_ENTERPRISES)
UNITS = sorted(VISIBLE_ENTERPRISES["county"])
READ_ONLY = {"leader", "grid1"}
NO_POINTS = READ_ONLY | {"expert1"}  # roles that never write risk points or major hazard sources


@pytest.fixture
def records(world) -> dict[str, dict]:
    county = world.users["county"]
    made = {}
    for key in UNITS:
        enterprise = world.enterprises[key]
        point = services.save_point(county, RiskPoint(enterprise=enterprise, name=f"{key}的风险点", kind="place"))
        assessment = services.assess(county, point, "LS", {"l": 2, "s": 3})
        source = MajorHazardSource.objects.create(
            enterprise=enterprise, name=f"{key}的储罐区", region=enterprise.region, sector=enterprise.sector
        )
        made[key] = {"risk-points": point, "assessments": assessment, "major-hazard-sources": source}
    return made


RESOURCES = ["risk-points", "assessments", "major-hazard-sources"]


def _all_results(api, url):
    results, page = [], url
    while page:
        response = api.get(page)
        assert response.status_code == 200, response.content
        results.extend(response.json()["results"])
        page = response.json()["next"]
    return results


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_lists_show_exactly_the_jurisdiction(api_for, records, username, resource):
    seen = {r["id"] for r in _all_results(api_for(username), f"/api/v1/{resource}/")}
    assert seen == {records[k][resource].pk for k in VISIBLE_ENTERPRISES[username]}


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("key", UNITS)
def test_detail_inside_is_200_outside_is_404(api_for, records, username, resource, key):
    record = records[key][resource]
    response = api_for(username).get(f"/api/v1/{resource}/{record.pk}/")
    if key in VISIBLE_ENTERPRISES[username]:
        assert response.status_code == 200
        assert response.json()["id"] == record.pk
    else:
        assert response.status_code == 404
        assert f"{key}的" not in response.content.decode()


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("key", UNITS)
def test_changing_a_point_inside_outside_and_read_only(api_for, records, username, key):
    point = records[key]["risk-points"]
    response = api_for(username).patch(f"/api/v1/risk-points/{point.pk}/", {"location": "新位置"}, format="json")
    if username in NO_POINTS:
        assert response.status_code == 403
    elif key not in VISIBLE_ENTERPRISES[username]:
        assert response.status_code == 404
    else:
        assert response.status_code == 200, response.content
    point.refresh_from_db()
    assert point.location == ("新位置" if response.status_code == 200 else "")


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("key", UNITS)
def test_assessing_inside_is_201_outside_is_400_read_only_is_403(api_for, records, username, key):
    point = records[key]["risk-points"]
    body = {"risk_point": point.pk, "method": "LS", "l": 5, "s": 5}
    response = api_for(username).post("/api/v1/assessments/", body, format="json")
    if username in READ_ONLY:
        assert response.status_code == 403
    elif key in VISIBLE_ENTERPRISES[username]:
        assert response.status_code == 201, response.content
    else:
        assert response.status_code == 400 and "risk_point" in response.json()
    assert RiskAssessment.objects.filter(risk_point=point).count() == (2 if response.status_code == 201 else 1)


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("key", UNITS)
def test_creating_points_and_sources(api_for, world, username, key):
    api = api_for(username)
    enterprise = world.enterprises[key].pk
    point = api.post("/api/v1/risk-points/", {"enterprise": enterprise, "name": "新点", "kind": "post"}, format="json")
    source = api.post("/api/v1/major-hazard-sources/", {"enterprise": enterprise, "name": "新单元"}, format="json")
    for response in (point, source):
        if username in NO_POINTS:
            assert response.status_code == 403
        elif key in VISIBLE_ENTERPRISES[username]:
            assert response.status_code == 201, response.content
        else:
            assert response.status_code == 400 and "enterprise" in response.json()


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("key", UNITS)
def test_deleting_a_point(api_for, records, username, key):
    point = records[key]["risk-points"]
    response = api_for(username).delete(f"/api/v1/risk-points/{point.pk}/")
    if username in NO_POINTS:
        expected = 403
    elif key not in VISIBLE_ENTERPRISES[username]:
        expected = 404
    elif point.assessments.exists():
        expected = 400  # its assessments are kept for ever: the point stays
    else:
        expected = 204
    assert response.status_code == expected, response.content
    assert RiskPoint.objects.filter(pk=point.pk).exists() == (expected != 204)


@pytest.mark.parametrize("username", USERS)
def test_package_and_regional_stay_inside(api_for, world, records, username):
    api = api_for(username)
    for key in UNITS:
        response = api.get(f"/api/v1/enterprises/{world.enterprises[key].pk}/risk-package/lists.xlsx")
        assert response.status_code == (200 if key in VISIBLE_ENTERPRISES[username] else 404), key
    towns = api.get("/api/v1/risk-points/regional/").json()
    assert sum(sum(t["counts"].values()) for t in towns) == len(VISIBLE_ENTERPRISES[username])


def test_anonymous_sees_nothing(world, records):
    from rest_framework.test import APIClient

    point = records["shop"]["risk-points"]
    for url in ["/api/v1/risk-points/", f"/api/v1/risk-points/{point.pk}/", "/api/v1/assessments/"]:
        response = APIClient().get(url)
        assert response.status_code == 401
        assert point.name not in response.content.decode()
