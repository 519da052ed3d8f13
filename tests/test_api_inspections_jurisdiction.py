"""Every user of the test world against every inspection and enforcement endpoint: a visit, an action and a
document are seen exactly where their unit is (VISIBLE_ENTERPRISES). Outside the jurisdiction every
endpoint answers 404 (never the record's data); inside, the leader, grid worker, enterprise and expert read
but never write (403), and only the visit's own inspectors record results and sign it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from anjian.core.testing import VISIBLE_ENTERPRISES
from anjian.inspections import services

pytestmark = pytest.mark.django_db

USERS = sorted(VISIBLE_ENTERPRISES)
UNITS = sorted(VISIBLE_ENTERPRISES["county"])
READ_ONLY = {"leader", "grid1", "qiye1", "expert1"}
ON_THE_VISITS = {"county", "yingji"}  # the inspectors of every visit below
RESOURCES = ("inspections", "enforcement-actions", "documents")


@pytest.fixture
def records(world) -> dict[str, dict]:
    """Per unit: a visit by the county office and the emergency bureau with a failed item, a penalty after
    it and a document. They are made in the name of 住建局 (which has no user in the world), so that what
    each user sees follows the units alone."""
    county, yingji, zhujian = world.users["county"], world.users["yingji"], world.departments["zhujian"]
    day = timezone.localdate() - dt.timedelta(days=3)
    made = {}
    for key in UNITS:
        unit = world.enterprises[key]
        visit = services.create_inspection(
            county, unit=unit, kind="routine", visit_date=day, inspectors=[county, yingji], department=zhujian
        )
        result = services.record_result(county, visit, result="fail", text=f"{key}未按规定开展应急演练")
        action = services.record_action(
            county,
            unit=unit,
            kind="penalty",
            decided_on=day,
            description=f"{key}的处罚",
            inspection=visit,
            target="unit",
            unit_amount_wan=Decimal("1"),
        )
        document = services.issue_document(
            county, department=zhujian, kind="penalty_decision", unit=unit, issued_on=day, action=action
        )
        made[key] = {
            "inspections": visit.pk,
            "result": result.pk,
            "enforcement-actions": action.pk,
            "documents": document.pk,
        }
    return made


def _all_ids(api, url) -> set[int]:
    ids, page = set(), url
    while page:
        response = api.get(page)
        assert response.status_code == 200, response.content
        ids |= {row["id"] for row in response.json()["results"]}
        page = response.json()["next"]
    return ids


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("resource", RESOURCES)
def test_lists_show_exactly_the_jurisdiction(api_for, records, username, resource):
    seen = _all_ids(api_for(username), f"/api/v1/{resource}/")
    assert seen == {records[k][resource] for k in VISIBLE_ENTERPRISES[username]}


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("key", UNITS)
def test_detail_inside_is_200_outside_is_404(api_for, records, username, key):
    api = api_for(username)
    for resource in RESOURCES:
        response = api.get(f"/api/v1/{resource}/{records[key][resource]}/")
        if key in VISIBLE_ENTERPRISES[username]:
            assert response.status_code == 200, (resource, response.content)
            assert response.json()["id"] == records[key][resource]
        else:
            assert response.status_code == 404, resource
            assert f"{key}的处罚" not in response.content.decode()
            assert f"{key}未按规定" not in response.content.decode()


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("key", UNITS)
def test_visit_actions_inside_follow_the_role_outside_are_404(api_for, records, username, key):
    api, visit = api_for(username), records[key]["inspections"]
    base = f"/api/v1/inspections/{visit}"
    responses = {
        "results": api.post(f"{base}/results/", {"result": "pass", "text": "台账齐全"}, format="json"),
        "hazard": api.post(f"{base}/results/{records[key]['result']}/hazard/"),
        "sign": api.post(f"{base}/sign/", {}, format="json"),
    }
    for name, response in responses.items():
        if key not in VISIBLE_ENTERPRISES[username]:
            assert response.status_code == 404, name
        elif username in ON_THE_VISITS:
            assert response.status_code == 201, (name, response.content)
        else:
            assert response.status_code == 403, (name, response.content)


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("key", UNITS)
def test_marking_a_typical_case_inside_follows_the_role_outside_is_404(api_for, records, username, key):
    url = f"/api/v1/enforcement-actions/{records[key]['enforcement-actions']}/typical/"
    response = api_for(username).post(url, {}, format="json")
    if key not in VISIBLE_ENTERPRISES[username]:
        assert response.status_code == 404
    elif username in READ_ONLY:
        assert response.status_code == 403
    else:
        assert response.status_code == 200, response.content
        assert response.json()["typical"] is True


def _creates(world, username: str, key: str) -> dict[str, dict]:
    unit = world.enterprises[key].pk
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    inspector = "county" if username == "leader" else username
    return {
        "inspections": {"unit": unit, "kind": "assistance", "visit_date": yesterday, "inspectors": [inspector]},
        "enforcement-actions": {"unit": unit, "kind": "admonition", "decided_on": yesterday, "description": "约谈"},
        "documents": {"department": "yingji", "kind": "inspection_record", "unit": unit, "issued_on": yesterday},
    }


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("key", UNITS)
def test_creating_inside_follows_the_role_outside_is_400_on_unit(api_for, world, username, key):
    api = api_for(username)
    for resource, body in _creates(world, username, key).items():
        response = api.post(f"/api/v1/{resource}/", body, format="json")
        if username in READ_ONLY:
            assert response.status_code == 403, (resource, response.content)
        elif key not in VISIBLE_ENTERPRISES[username]:
            assert response.status_code == 400, (resource, response.content)
            assert "unit" in response.json()
        elif resource == "documents" and username == "gaoxing":
            assert response.status_code == 400 and "department" in response.json()  # not its department
        else:
            assert response.status_code == 201, (resource, response.content)


@pytest.mark.parametrize("username", USERS)
def test_figures_stay_inside_the_jurisdiction(api_for, records, username):
    figures = api_for(username).get("/api/v1/statistics/supervision/").json()
    visible = len(VISIBLE_ENTERPRISES[username])
    assert (figures["units_inspected"], figures["visits"], figures["penalties"]) == (visible, visible, visible)
    assert (figures["documents"], figures["penalty_amount_wan"]) == (visible, f"{visible}.00")


def test_a_department_also_sees_its_own_visits_outside_its_sectors(api_for, world):
    """A visit made in a department's name is the department's, whatever the unit's sector."""
    county, yingji = world.users["county"], world.users["yingji"]
    day = timezone.localdate() - dt.timedelta(days=1)
    visit = services.create_inspection(
        county,
        unit=world.enterprises["site"],
        kind="joint",
        visit_date=day,
        inspectors=[county, yingji],
        department=world.departments["yingji"],
    )
    assert api_for("yingji").get(f"/api/v1/inspections/{visit.pk}/").status_code == 200
    assert api_for("gaoxing").get(f"/api/v1/inspections/{visit.pk}/").status_code == 404
