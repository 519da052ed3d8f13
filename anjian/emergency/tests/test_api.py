"""/api/v1/drills/, /emergency-plans/, /accidents/ and /drill-requirements/: the contract (`enterprise`, `kind`,
`unscripted`, `date`, `participants`, `evaluation`), field-level 400s with nothing stored, 403 for roles that may
not write, 404 and 400 outside the jurisdiction, and the lists each role sees."""

from __future__ import annotations

import datetime as dt

import pytest

from anjian.emergency.models import Accident, Drill, DrillRequirement, EmergencyPlan

from .conftest import TODAY, accident, held, plan

pytestmark = pytest.mark.usefixtures("frozen")

DRILLS, PLANS, ACCIDENTS, PLACES = (
    "/api/v1/drills/",
    "/api/v1/emergency-plans/",
    "/api/v1/accidents/",
    "/api/v1/drill-requirements/",
)


def body(world, **changes) -> dict:
    base = {"enterprise": world.enterprises["shop"].pk, "kind": "fire", "unscripted": False, "date": "2024-07-10",
            "participants": 12, "evaluation": "撤离用时3分钟"}  # fmt: skip
    return {**base, **changes}


def refused(response, field: str) -> str:
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    return errors[field][0]


def test_a_unit_posts_its_held_drill(api_for, world):
    response = api_for("qiye1").post(DRILLS, body(world), format="json")
    assert response.status_code == 201, response.content
    got = response.json()
    assert (got["enterprise"], got["kind"], got["date"], got["participants"], got["state"]) == (
        world.enterprises["shop"].pk,
        "fire",
        "2024-07-10",
        12,
        "evaluated",
    )
    assert got["title"] == "火灾应急演练" and got["organiser"] == "enterprise" and not got["late_filing"]
    detail = api_for("qiye1").get(f"{DRILLS}{got['id']}/").json()
    assert detail["id"] == got["id"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"participants": -1}, "participants"),
        ({"participants": 0}, "participants"),
        ({"participants": 20_001}, "participants"),
        ({"participants": None}, "participants"),
        ({"date": (TODAY + dt.timedelta(days=1)).isoformat()}, "date"),
        ({"date": "1999-12-31"}, "date"),
        ({"date": "2024-02-30"}, "date"),
        ({"date": "9999-12-31"}, "date"),
        ({"kind": "volcano"}, "kind"),
        ({"enterprise": "abc"}, "enterprise"),
        ({"enterprise": 10**30}, "enterprise"),
        ({"enterprise": 987654}, "enterprise"),
        ({"evaluation": "好\u0007"}, "evaluation"),
        ({"evaluation": "述" * 2001}, "evaluation"),
        ({"title": "\x00"}, "title"),
        ({"plan": 123456}, "plan"),
        ({"planned_on": "2026-12-31", "date": None}, "planned_on"),
        ({"region": "360732999999"}, "region"),
        ({"department": ["yingji"]}, "department"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_stored(api_for, world, changes, field):
    refused(api_for("county").post(DRILLS, body(world, **changes), format="json"), field)
    assert not Drill.objects.exists()


def test_another_jurisdictions_unit_is_a_400_on_the_field(api_for, world):
    response = api_for("gaoxing").post(DRILLS, body(world, enterprise=world.enterprises["site"].pk), format="json")
    refused(response, "enterprise")
    response = api_for("qiye1").post(DRILLS, body(world, enterprise=world.enterprises["mine"].pk), format="json")
    refused(response, "enterprise")
    assert not Drill.objects.exists()


@pytest.mark.parametrize("username", ["leader", "grid1", "expert1"])
def test_readers_get_403(api_for, world, username):
    api = api_for(username)
    assert api.post(DRILLS, body(world), format="json").status_code == 403
    assert api.post(DRILLS, {}, format="json").status_code == 403
    assert api.post(ACCIDENTS, {}, format="json").status_code == 403
    assert api.post(PLANS, {}, format="json").status_code == 403
    assert not Drill.objects.exists()


def test_each_role_lists_what_it_sees(api_for, world):
    held(world.users["qiye1"])  # the shop (高兴镇, fireworks: 应急局's sector)
    held(world.users["county"], world.enterprises["site"])  # 潋江镇, construction
    held(world.users["county"], world.enterprises["school"])  # 潋江镇, school
    held(world.users["gaoxing"])  # the town's own
    seen = {u: {d["organiser_name"] for d in api_for(u).get(DRILLS).json()["results"]} for u in world.users}
    shop, site, school = (world.enterprises[k].name for k in ("shop", "site", "school"))
    assert seen["county"] == seen["leader"] and {shop, site, school} < seen["county"] and len(seen["county"]) == 4
    assert seen["qiye1"] == {shop}
    assert shop in seen["yingji"] and site not in seen["yingji"]
    assert seen["grid1"] == {site}
    assert seen["expert1"] == set()
    assert shop in seen["gaoxing"] and site not in seen["gaoxing"] and len(seen["gaoxing"]) == 2


def test_a_drill_outside_the_jurisdiction_is_404(api_for, world):
    drill = held(world.users["county"], world.enterprises["site"])
    assert api_for("qiye1").get(f"{DRILLS}{drill.pk}/").status_code == 404
    assert api_for("qiye1").patch(f"{DRILLS}{drill.pk}/", {"participants": 3}, format="json").status_code == 404


def test_patch_carries_a_planned_drill_to_held_and_refuses_a_future_day(api_for, world):
    api = api_for("qiye1")
    planned = api.post(DRILLS, {"kind": "earthquake", "unscripted": True, "planned_on": "2024-08-01"}, format="json")
    assert planned.status_code == 201, planned.content
    url = f"{DRILLS}{planned.json()['id']}/"
    assert api.patch(url, {"filed_on": "2024-07-14"}, format="json").json()["state"] == "filed"
    refused(api.patch(url, {"date": "2024-07-16", "participants": 5}, format="json"), "date")
    done = api.patch(url, {"date": "2024-07-15", "participants": 5}, format="json").json()
    assert (done["state"], done["late_filing"]) == ("held", False)


def test_the_drill_filters(api_for, world):
    held(world.users["county"], world.enterprises["school"], unscripted=True, filed_on=dt.date(2024, 7, 1))
    held(world.users["county"], world.enterprises["site"], kind="earthquake")
    api = api_for("county")
    assert api.get(DRILLS, {"kind": "earthquake"}).json()["count"] == 1
    assert api.get(DRILLS, {"unscripted": "true"}).json()["count"] == 1
    assert api.get(DRILLS, {"late_filing": "true"}).json()["count"] == 1
    assert api.get(DRILLS, {"region": "360732100000"}).json()["count"] == 2
    assert api.get(DRILLS, {"enterprise": world.enterprises["school"].pk}).json()["count"] == 1
    assert api.get(DRILLS, {"region": "999"}).status_code == 400
    assert api.get(DRILLS, {"enterprise": "x"}).status_code == 400


# --- plans, accidents, places --------------------------------------------------------------------------------


def test_plans_are_recorded_filed_and_revised(api_for, world):
    api = api_for("qiye1")
    made = api.post(PLANS, {"title": "综合应急预案", "kind": "comprehensive", "version": "2022版",
                            "issued_on": "2022-03-01", "filed_on": "2022-03-20", "filed_with": "yingji"}, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    assert made.json()["review_due"] == "2025-03-01"
    refused(api.post(PLANS, {"title": "x", "kind": "onsite", "version": "1", "issued_on": "2030-01-01"}, format="json"),
            "issued_on")  # fmt: skip
    revised = api.post(
        f"{PLANS}{made.json()['id']}/revise/", {"version": "2024版", "issued_on": "2024-07-01"}, format="json"
    )
    assert revised.status_code == 201, revised.content
    assert revised.json()["supersedes"] == made.json()["id"]
    assert api.get(PLANS, {"current": "true"}).json()["count"] == 1
    old = api.post(f"{PLANS}{made.json()['id']}/revise/", {"version": "x", "issued_on": "2024-07-01"}, format="json")
    assert old.status_code == 403  # a superseded version is kept as it was


def test_accidents_refuse_a_contradicting_grade(api_for, world):
    api = api_for("county")
    data = {"occurred_at": "2024-07-01T10:00:00+08:00", "enterprise": world.enterprises["mine"].pk, "deaths": 3,
            "summary": "冒顶事故", "grade": "general"}  # fmt: skip
    assert "第三条" in refused(api.post(ACCIDENTS, data, format="json"), "grade")
    del data["grade"]
    made = api.post(ACCIDENTS, data, format="json")
    assert made.status_code == 201 and made.json()["grade"] == "larger"
    refused(api.post(ACCIDENTS, {**data, "deaths": -2}, format="json"), "deaths")
    refused(api.post(ACCIDENTS, {**data, "occurred_at": "2099-01-01T00:00:00+08:00"}, format="json"), "occurred_at")
    refused(api.post(ACCIDENTS, {**data, "direct_loss": "1e12"}, format="json"), "direct_loss")
    assert Accident.objects.count() == 1
    assert api_for("qiye1").get(ACCIDENTS).json()["count"] == 0
    assert api_for("yingji").get(ACCIDENTS).json()["count"] == 1


def test_only_the_office_names_places_and_their_status_is_given(api_for, world):
    data = {"enterprise": world.enterprises["school"].pk, "people": 900, "counted_from": "2024-07-01",
            "required_by": "2024-11-30"}  # fmt: skip
    assert api_for("yingji").post(PLACES, data, format="json").status_code == 403
    refused(api_for("county").post(PLACES, {**data, "people": 49}, format="json"), "people")
    made = api_for("county").post(PLACES, data, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "pending" and made.json()["source"] == "兴安办〔2024〕80号"
    held(world.users["county"], world.enterprises["school"], dt.date(2024, 7, 12))
    assert api_for("county").get(f"{PLACES}{made.json()['id']}/").json()["status"] == "held"
    assert DrillRequirement.objects.count() == 1


def test_photos_are_added_to_a_drill(api_for, world):
    import io

    from PIL import Image

    drill = held(world.users["qiye1"])
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    out.seek(0)
    out.name = "drill.png"
    response = api_for("qiye1").post(f"{DRILLS}{drill.pk}/photos/", {"file": out}, format="multipart")
    assert response.status_code == 201, response.content
    assert drill.photos.count() == 1
    bad = io.BytesIO(b"not a photo")
    bad.name = "x.png"
    refused(api_for("qiye1").post(f"{DRILLS}{drill.pk}/photos/", {"file": bad}, format="multipart"), "file")


def test_a_plan_of_another_unit_is_404_and_a_superseded_one_is_kept(api_for, world):
    mine_plan = plan(world.users["yingji"], world.enterprises["mine"])
    assert api_for("qiye1").get(f"{PLANS}{mine_plan.pk}/").status_code == 404
    assert api_for("yingji").patch(f"{PLANS}{mine_plan.pk}/", {"version": "x" * 21}, format="json").status_code == 400
    assert EmergencyPlan.objects.get().version == "2023版"
    found = accident(world.users["county"], world.enterprises["mine"])
    assert api_for("gaoxing").get(f"{ACCIDENTS}{found.pk}/").status_code == 200  # the mine lies in 高兴镇
    assert api_for("grid1").get(f"{ACCIDENTS}{found.pk}/").status_code == 404
