"""The API contract: /api/v1/people/ (the ID number accepted whole, read masked; the training standing computed),
/training-records/ (hours < 0 → 400), /certificates/ (expires_on and next_review_on computed), /permits/ (an
uncertified worker → 400 with the reason), the certification rate; field-level 400s with nothing stored, 403 for
read-only roles, 404 outside the jurisdiction, and the lists each role sees."""

from __future__ import annotations

import datetime as dt

import pytest

from anjian.people.models import Certificate, Permit, Person, TrainingRecord

from .conftest import certificate, id_number, person, training

pytestmark = pytest.mark.usefixtures("frozen", "english")
D = dt.date
PEOPLE, TRAINING, CERTIFICATES, PERMITS = (
    "/api/v1/people/", "/api/v1/training-records/", "/api/v1/certificates/", "/api/v1/permits/",
)  # fmt: skip


def refused(response, field: str) -> str:
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    return str(errors[field])


def test_a_person_is_created_and_read_masked_with_the_standing(api_for, world):
    api = api_for("qiye1")
    body = {"enterprise": world.enterprises["shop"].pk, "name": "王国平", "id_number": id_number(1), "post": "店主",
            "categories": ["principal"], "appointed_on": "2024-03-01"}  # fmt: skip
    created = api.post(PEOPLE, body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["id_number"] == id_number(1)[:4] + "*" * 10 + id_number(1)[-4:]
    assert id_number(1) not in created.content.decode()
    assert data["categories"] == ["principal"] and data["assessment_due_on"] == "2024-09-01"
    training(world, Person.objects.get(), 40, D(2024, 4, 1))
    detail = api.get(f"{PEOPLE}{data['id']}/").json()
    # 烟花爆竹 is one of the training's high-risk sectors: 48 hours asked of a principal.
    assert (detail["training_required_hours"], detail["training_hours"], detail["training_short_hours"]) == (48, 40, 8)
    assert detail["compliance"] == "short"
    listed = api.get(PEOPLE).json()["results"]
    assert listed[0]["id_number"] == data["id_number"] and id_number(1) not in str(listed)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id_number": "360732198001010015"}, "id_number"),
        ({"id_number": 360732198001010014}, "id_number"),
        ({"categories": ["boss"]}, "categories"),
        ({"categories": "principal"}, "categories"),
        ({"enterprise": "abc"}, "enterprise"),
        ({"enterprise": 10**20}, "enterprise"),
        ({"name": "张\u0007三"}, "name"),
        ({"started_on": "9999-12-31"}, "started_on"),
    ],
)
def test_bad_people_are_refused_by_field(api_for, world, changes, field):
    body = {"enterprise": world.enterprises["mine"].pk, "name": "张三", "id_number": id_number(2)} | changes
    refused(api_for("gaoxing").post(PEOPLE, body, format="json"), field)
    assert not Person.objects.exists()


def test_filters_and_jurisdiction(api_for, world):
    made = {
        "mine": person(world, "mine", 1, ["principal"], post="总经理", name="李四"),
        "welder": person(world, "mine", 2, ["special_operation"], operation_type="welding", post="电焊工"),
        "site": person(world, "site", 3, ["safety_manager"]),
        "shop": person(world, "shop", 4, ["principal"]),
    }

    def ids(username, query=""):
        response = api_for(username).get(PEOPLE + query)
        assert response.status_code == 200, response.content
        return {r["id"] for r in response.json()["results"]}

    every = {p.pk for p in made.values()}
    assert ids("county") == ids("leader") == every
    assert ids("gaoxing") == {made["mine"].pk, made["welder"].pk, made["shop"].pk}
    assert ids("yingji") == {made["mine"].pk, made["welder"].pk, made["shop"].pk}  # its sectors
    assert ids("qiye1") == {made["shop"].pk}
    assert ids("grid1") == {made["site"].pk}
    assert ids("expert1") == set()
    assert ids("county", f"?enterprise={world.enterprises['mine'].pk}") == {made["mine"].pk, made["welder"].pk}
    assert ids("county", "?name=李") == {made["mine"].pk}
    assert ids("county", "?post=电焊") == {made["welder"].pk}
    assert ids("county", "?category=principal&category=safety_manager") == {
        made["mine"].pk,
        made["site"].pk,
        made["shop"].pk,
    }
    assert ids("county", "?compliance=short") == every and ids("county", "?compliance=compliant") == set()
    assert ids("county", "?town=360732104000") == ids("gaoxing")
    assert ids("county", "?sector=construction") == {made["site"].pk}
    assert ids("county", "?operation_type=welding&working=true") == {made["welder"].pk}
    assert api_for("county").get(PEOPLE + "?town=nowhere").status_code == 400
    assert api_for("county").get(PEOPLE + "?category=boss").status_code == 400
    assert api_for("county").get(PEOPLE + "?enterprise=abc").status_code == 400
    assert api_for("qiye1").get(f"{PEOPLE}{made['mine'].pk}/").status_code == 404
    assert api_for("qiye1").get(f"{PEOPLE}abc/").status_code == 404
    response = api_for("qiye1").patch(f"{PEOPLE}{made['mine'].pk}/", {"post": "x"}, format="json")
    assert response.status_code == 404
    response = api_for("leader").patch(f"{PEOPLE}{made['mine'].pk}/", {"post": "x"}, format="json")
    assert response.status_code == 403


def test_training_records_refuse_negative_hours(api_for, world):
    who = person(world, "mine", 1, ["new_staff"], started_on=D(2024, 7, 1))
    api = api_for("gaoxing")
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the reasons read in English (Chinese by default)
    body = {"person": who.pk, "kind": "initial", "course": "三级安全教育", "hours": -1, "date": "2024-06-28"}
    assert "more than 0" in refused(api.post(TRAINING, body, format="json"), "hours")
    refused(api.post(TRAINING, {**body, "hours": 24, "person": 10**9}, format="json"), "person")
    refused(api.post(TRAINING, {**body, "hours": 24, "person": "x"}, format="json"), "person")
    refused(api.post(TRAINING, {**body, "hours": 24, "date": "2024-07-16"}, format="json"), "date")
    refused(
        api.post(TRAINING, {**body, "hours": 24, "enterprise": world.enterprises["shop"].pk}, format="json"), "person"
    )
    assert not TrainingRecord.objects.exists()
    created = api.post(TRAINING, {**body, "hours": 72}, format="json")
    assert created.status_code == 201 and created.json()["hours"] == 72
    record = created.json()["id"]
    assert api.patch(f"{TRAINING}{record}/", {"hours": "12.5"}, format="json").json()["hours"] == 12.5
    assert api_for("qiye1").delete(f"{TRAINING}{record}/").status_code == 404
    assert api.delete(f"{TRAINING}{record}/").status_code == 204


def test_certificates_answer_the_computed_dates(api_for, world):
    who = person(world, "mine", 1, ["special_operation"], operation_type="welding")
    api = api_for("yingji")
    body = {"person": who.pk, "kind": "special_operation", "operation_type": "welding", "number": f"T{who.id_number}",
            "issuer": "赣州市应急管理局", "issued_on": "2023-03-01"}  # fmt: skip
    refused(api.post(CERTIFICATES, {**body, "expires_on": "2023-02-28"}, format="json"), "expires_on")
    refused(api.post(CERTIFICATES, {**body, "enterprise": world.enterprises["park_chem"].pk}, format="json"), "person")
    refused(api.post(CERTIFICATES, {**body, "kind": "licence"}, format="json"), "kind")
    assert not Certificate.objects.exists()
    created = api.post(CERTIFICATES, body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["expires_on"], data["next_review_on"], data["status"]) == ("2029-03-01", "2026-03-01", "valid")
    assert who.id_number not in created.content.decode() and data["number"] == f"T{who.masked_id_number}"
    reviewed = api.patch(f"{CERTIFICATES}{data['id']}/", {"long_review": True}, format="json")
    assert reviewed.status_code == 200 and reviewed.json()["next_review_on"] is None
    assert api_for("leader").post(CERTIFICATES, body, format="json").status_code == 403


def test_a_permit_for_a_worker_without_a_welding_certificate_is_refused(api_for, world):
    welder = person(world, "mine", 1, ["special_operation"], operation_type="welding")
    guardian = person(world, "mine", 2, ["safety_manager"])
    api = api_for("county")
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the reason read in English (Chinese by default)
    body = {"enterprise": world.enterprises["mine"].pk, "kind": "hot_work", "worker": welder.pk,
            "guardian": guardian.pk, "approver": guardian.pk, "place": "机修车间",
            "starts_at": "2024-07-16T08:00:00+08:00", "ends_at": "2024-07-16T17:00:00+08:00", "measures": "清理可燃物"}  # fmt: skip
    reason = refused(api.post(PERMITS, body, format="json"), "worker")
    assert "no special operations certificate for Welding and hot cutting" in reason
    assert not Permit.objects.exists()
    refused(api.post(PERMITS, {**body, "ends_at": "2024-07-16T07:00:00+08:00"}, format="json"), "ends_at")
    certificate(world, welder, D(2022, 5, 1))
    created = api.post(PERMITS, body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["worker_name"] == welder.name and welder.id_number not in created.content.decode()
    assert api.patch(f"{PERMITS}{created.json()['id']}/", {"place": "x"}, format="json").status_code == 405
    assert api_for("qiye1").get(PERMITS).json()["count"] == 0


def test_the_certification_rate_equals_its_rows(api_for, world):
    principal = person(world, "mine", 1, ["principal"])
    certificate(world, principal, D(2023, 1, 1), kind="safety_qualification")
    person(world, "mine", 2, ["special_operation"], operation_type="electrical")
    person(world, "school", 3, ["principal"])  # not a high-risk unit: no certificate asked
    rows = api_for("county").get(f"{PEOPLE}certification-rate/?by=enterprise").json()
    assert rows[0] == {"key": "", "label": "合计", "required": 2, "certified": 1, "rate": 50.0}
    assert rows[1]["label"] == world.enterprises["mine"].name
    assert api_for("county").get(f"{PEOPLE}certification-rate/?by=planet").status_code == 400
    assert api_for("qiye1").get(f"{PEOPLE}certification-rate/").json()[0]["required"] == 0
    welder = person(world, "mine", 4, ["special_operation"], operation_type="welding")
    welders = api_for("county").get(f"{PEOPLE}welders/?town=360732104000").json()
    assert [(w["id"], w["standing"]) for w in welders["results"]] == [(welder.pk, "uncertified")]
    assert api_for("county").get(f"{PEOPLE}welders/?standing=local").json()["count"] == 0


def test_the_schema_documents_the_endpoints(api_for, world):
    schema = api_for("county").get("/api/schema/?format=json").json()
    for path in (PEOPLE, TRAINING, CERTIFICATES, PERMITS, "/api/v1/absences/", f"{PEOPLE}certification-rate/"):
        assert path in schema["paths"], path
    assert set(schema["paths"][PERMITS]) == {"get", "post"}
    assert schema["paths"][f"{PEOPLE}{{id}}/"]["get"]["tags"] == ["people"]
