"""/api/v1/work-records/ and /api/v1/technical-inspectors/: field-level 400s with nothing saved, 403 for roles
that may not write, 404 outside the jurisdiction, and the lists each role sees."""

from __future__ import annotations

import datetime as dt

import pytest

from anjian.worklog.models import TechnicalInspector, WorkRecord

from .conftest import COUNTY, GAOXING, LIANJIANG, TODAY, record

pytestmark = pytest.mark.usefixtures("frozen")

URL = "/api/v1/work-records/"
ROSTER = "/api/v1/technical-inspectors/"
BODY = {"date": "2024-06-01", "kind": "principal_study", "title": "专题研究重大事故隐患排查整治"}


def refused(response, field: str) -> str:
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == [field], errors
    return errors[field][0]


def test_each_writing_role_records_its_own_work(api_for, world):
    town = api_for("gaoxing").post(URL, BODY, format="json")
    assert town.status_code == 201, town.content
    body = town.json()
    assert (body["region"], body["department"], body["unit_name"], body["kind"]) == (
        GAOXING,
        None,
        "高兴镇",
        "principal_study",
    )
    dept = api_for("yingji").post(URL, {**BODY, "kind": "staff_training", "people": 25}, format="json").json()
    assert (dept["region"], dept["department"], dept["people"]) == (COUNTY, "yingji", 25)
    office = api_for("county").post(URL, {**BODY, "department": "zhujian"}, format="json")
    assert office.status_code == 201 and office.json()["department"] == "zhujian"
    guided = {**BODY, "kind": "town_guidance", "town": LIANJIANG, "region": COUNTY}
    assert api_for("county").post(URL, guided, format="json").json()["town"] == LIANJIANG


@pytest.mark.parametrize("username", ["leader", "grid1", "qiye1", "expert1"])
def test_roles_that_may_not_write_get_403(api_for, world, username):
    api = api_for(username)
    assert api.post(URL, BODY, format="json").status_code == 403
    assert api.post(URL, {}, format="json").status_code == 403  # before any field error
    roster = {"name": "李明", "kind": "full_time", "since": "2024-03-01"}
    assert api.post(ROSTER, roster, format="json").status_code == 403
    assert not WorkRecord.objects.exists() and not TechnicalInspector.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": (TODAY + dt.timedelta(days=1)).isoformat()}, "date"),
        ({"date": "1999-12-31"}, "date"),
        ({"date": "2024-02-30"}, "date"),
        ({"kind": "staff_training"}, "people"),
        ({"kind": "staff_training", "people": 100_001}, "people"),
        ({"kind": "accountability", "people": -1}, "people"),
        ({"people": 3}, "people"),
        ({"kind": "town_admonition", "town": LIANJIANG}, "town"),
        ({"kind": "town_admonition", "town": "360732999999"}, "town"),
        ({"kind": "briefing", "enterprise": 10**9}, "enterprise"),
        ({"region": LIANJIANG}, "region"),
        ({"department": "yingji"}, "department"),
        ({"title": "题" * 201}, "title"),
        ({"note": "述" * 2001}, "note"),
        ({"participants": "张三\u0007"}, "participants"),
        ({"kind": "meeting"}, "kind"),
    ],
)
def test_bad_values_are_refused_by_field_and_nothing_is_saved(api_for, world, changes, field):
    refused(api_for("gaoxing").post(URL, {**BODY, **changes}, format="json"), field)
    assert not WorkRecord.objects.exists()


def test_lists_follow_the_jurisdiction_and_filter(api_for, world):
    made = {
        "county": record(world.users["county"], kind="office_meeting").pk,
        "yingji": record(world.users["yingji"], date=dt.date(2024, 5, 1)).pk,
        "gaoxing": record(world.users["gaoxing"]).pk,
        "lianjiang": record(world.users["county"], region=world.regions[LIANJIANG]).pk,
    }

    def ids(username, query=""):
        response = api_for(username).get(URL + query)
        assert response.status_code == 200, response.content
        return {r["id"] for r in response.json()["results"]}

    assert ids("county") == ids("leader") == set(made.values())
    assert ids("gaoxing") == {made["gaoxing"]}
    assert ids("yingji") == {made["yingji"]}
    assert ids("grid1") == ids("qiye1") == ids("expert1") == set()
    assert ids("county", f"?town={GAOXING}") == {made["gaoxing"]}
    assert ids("county", "?department=yingji") == {made["yingji"]}
    assert ids("county", "?county_office=true") == {made["county"]}
    assert ids("county", "?kind=office_meeting") == {made["county"]}
    assert ids("county", "?date_to=2024-05-31") == {made["yingji"]}
    assert api_for("county").get(URL + "?town=nowhere").status_code == 400


def test_detail_and_corrections(api_for, world):
    made = record(world.users["gaoxing"], title="初稿")
    theirs = record(world.users["yingji"])
    gaoxing = api_for("gaoxing")
    assert gaoxing.get(f"{URL}{made.pk}/").json()["title"] == "初稿"
    assert gaoxing.get(f"{URL}{theirs.pk}/").status_code == 404
    assert gaoxing.patch(f"{URL}{theirs.pk}/", {"title": "改"}, format="json").status_code == 404
    assert api_for("leader").patch(f"{URL}{made.pk}/", {"title": "改"}, format="json").status_code == 403
    assert api_for("grid1").patch(f"{URL}{made.pk}/", {"title": "改"}, format="json").status_code == 404
    refused(gaoxing.patch(f"{URL}{made.pk}/", {"date": "2099-01-01"}, format="json"), "date")
    response = gaoxing.patch(f"{URL}{made.pk}/", {"title": "定稿"}, format="json")
    assert response.status_code == 200 and response.json()["title"] == "定稿"
    assert api_for("county").patch(f"{URL}{made.pk}/", {"note": "已核"}, format="json").status_code == 200
    assert [h.history_user.username for h in made.history.order_by("history_id")] == ["gaoxing", "gaoxing", "county"]
    assert gaoxing.put(f"{URL}{made.pk}/", BODY, format="json").status_code == 405
    assert api_for("county").delete(f"{URL}{made.pk}/").status_code == 405


def test_the_roster_add_end_and_jurisdiction(api_for, world):
    yingji = api_for("yingji")
    body = {"name": "李明", "kind": "full_time", "since": "2024-03-01"}
    added = yingji.post(ROSTER, body, format="json")
    assert added.status_code == 201, added.content
    entry = added.json()
    assert (entry["department"], entry["region"], entry["serving"]) == ("yingji", COUNTY, True)
    refused(yingji.post(ROSTER, body, format="json"), "name")  # already serving
    refused(yingji.post(ROSTER, {**body, "name": "王五", "since": "2099-01-01"}, format="json"), "since")
    town = api_for("gaoxing").post(ROSTER, {**body, "name": "王芳", "kind": "part_time"}, format="json")
    assert town.status_code == 201 and town.json()["region"] == GAOXING
    url = f"{ROSTER}{entry['id']}/"
    assert api_for("gaoxing").patch(url, {"until": "2024-07-01"}, format="json").status_code == 404
    assert api_for("leader").patch(url, {"until": "2024-07-01"}, format="json").status_code == 403
    refused(yingji.patch(url, {"until": "2024-02-01"}, format="json"), "until")
    ended = yingji.patch(url, {"until": "2024-07-01"}, format="json")
    assert ended.status_code == 200 and ended.json()["serving"] is False and ended.json()["until"] == "2024-07-01"
    assert {r["name"] for r in api_for("county").get(ROSTER).json()["results"]} == {"李明", "王芳"}
    assert {r["name"] for r in api_for("county").get(ROSTER + "?serving=true").json()["results"]} == {"王芳"}
    assert {r["name"] for r in api_for("gaoxing").get(ROSTER).json()["results"]} == {"王芳"}


def test_the_schema_documents_the_endpoints_under_worklog(api_for, world):
    schema = api_for("county").get("/api/schema/?format=json").json()
    for path, methods in {
        "/api/v1/work-records/": {"get", "post"},
        "/api/v1/work-records/{id}/": {"get", "patch"},
        "/api/v1/technical-inspectors/": {"get", "post"},
        "/api/v1/technical-inspectors/{id}/": {"get", "patch"},
    }.items():
        operations = schema["paths"][path]
        assert set(operations) == methods, path
        assert all(op["tags"] == ["worklog"] for op in operations.values())
    components = schema["components"]["schemas"]
    assert {"WorkRecord", "WorkRecordWriteRequest", "TechnicalInspector", "TechnicalInspectorWriteRequest"} <= set(
        components
    )
