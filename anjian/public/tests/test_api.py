"""The API contract: the public POST (JSON or multipart with photos) answering 201 with a tracking code and a secret,
the lookup with X-Report-Secret (404 for a wrong one), 429 with a Chinese message for a burst and never a 5xx; the
staff's reports (never an identity), transitions, the one-step hazard and the logged reveal; the rewards."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from anjian.public.models import IdentityView, PublicReport, Reward

from .conftest import GAOXING, NOW, PHONE, grant_reveal, photo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
URL = "/api/v1/public/reports/"
BODY = {
    "description": "居民楼一楼商铺存放大量烟花爆竹",
    "town": GAOXING,
    "address": "圩上街12号",
    "sector": "fireworks",
}


def public() -> APIClient:
    return APIClient()


def test_anyone_reports_and_follows_it_with_the_code_and_the_secret(world):
    created = public().post(URL, BODY, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert set(body) == {"tracking_code", "secret", "state"} and body["state"] == "received"
    assert created["Cache-Control"] == "no-store"
    found = public().get(f"{URL}{body['tracking_code']}/", HTTP_X_REPORT_SECRET=body["secret"])
    assert found.status_code == 200
    status = found.json()
    assert status["state"] == "received" and status["town"] == "高兴镇" and status["steps"][0]["action"] == "submit"
    for secret in ("WRONG-SECRET", ""):
        assert public().get(f"{URL}{body['tracking_code']}/", HTTP_X_REPORT_SECRET=secret).status_code == 404
    assert public().get(f"{URL}{body['tracking_code']}/").status_code == 404
    assert public().get(f"{URL}JB2222222222/", HTTP_X_REPORT_SECRET=body["secret"]).status_code == 404


def test_a_named_report_with_photos_in_multipart(world):
    data = {
        **BODY,
        "anonymous": "false",
        "name": "赵举报",
        "phone": PHONE,
        "photos": [photo(gps=True), photo(colour="red")],
    }
    created = public().post(URL, data, format="multipart")
    assert created.status_code == 201, created.content
    report = PublicReport.objects.get()
    assert not report.anonymous and report.photos.count() == 2 and PHONE not in created.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**BODY, "town": "360732000000"}, "town"),
        ({**BODY, "description": ""}, "description"),
        ({**BODY, "anonymous": False, "name": "赵举报"}, "phone"),
        ({**BODY, "latitude": 123}, "latitude"),
        ({**BODY, "observed_on": "2030-01-01"}, "observed_on"),
    ],
)
def test_bad_input_is_refused_by_field(world, data, field):
    refused = public().post(URL, data, format="json")
    assert refused.status_code == 400 and field in refused.json(), refused.content
    assert PublicReport.objects.count() == 0


def test_malformed_uploads_are_refused(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    junk = SimpleUploadedFile("x.jpg", b"\xff\xd8\xff\xe0 truncated", content_type="image/jpeg")
    refused = public().post(URL, {**BODY, "photos": [junk]}, format="multipart")
    assert refused.status_code == 400 and "photos" in refused.json()
    svg = SimpleUploadedFile("x.svg", b"<svg onload='alert(1)'/>", content_type="image/svg+xml")
    assert public().post(URL, {**BODY, "photos": [svg]}, format="multipart").status_code == 400
    assert public().post(URL, "{not json", content_type="application/json").status_code == 400
    assert PublicReport.objects.count() == 0


def test_a_filled_honeypot_is_refused(world):
    assert public().post(URL, {**BODY, "website": "http://spam.example"}, format="json").status_code == 400
    assert PublicReport.objects.count() == 0


def test_a_burst_from_one_client_is_throttled_politely_and_never_fails(world):
    """100 reports in a minute from one address: the first ten are taken, the rest answer 429 in Chinese."""
    client = public()
    answers = [client.post(URL, BODY, format="json", REMOTE_ADDR="203.0.113.9") for _ in range(100)]
    codes = [a.status_code for a in answers]
    assert codes.count(201) == 10 and codes.count(429) == 90 and max(codes) < 500
    first = answers[10]
    assert first.status_code == 429 and 0 < int(first["Retry-After"]) <= 60
    assert "举报" in first.json()["detail"] and "分钟" in first.json()["detail"] and "12350" in first.json()["detail"]
    refused = client.post(URL, BODY, format="json", REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429 and "小时" in refused.json()["detail"]  # a hundred: the day's budget is spent
    other = client.post(URL, BODY, format="json", REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 201  # another client keeps its own budget
    # A forged X-Forwarded-For does not buy a new budget (no trusted proxy is configured).
    forged = client.post(URL, BODY, format="json", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert forged.status_code == 429
    assert PublicReport.objects.count() == 11


def test_lookups_are_throttled_too(world, settings):
    settings.ANJIAN_PUBLIC_LOOKUP_RATES = "5/min"
    codes = [public().get(f"{URL}JB2222222222/", HTTP_X_REPORT_SECRET="X").status_code for _ in range(8)]
    assert codes == [404] * 5 + [429] * 3


def test_the_reporter_answers_a_question(world, api_for):
    body = public().post(URL, BODY, format="json").json()
    report = PublicReport.objects.get()
    asked = api_for("gaoxing").post(f"/api/v1/reports/{report.pk}/transitions/",
                                    {"action": "ask", "public_text": "具体在几楼？"}, format="json")  # fmt: skip
    assert asked.status_code == 201, asked.content
    url = f"{URL}{body['tracking_code']}/answers/"
    assert public().post(url, {"text": "二楼"}, format="json", HTTP_X_REPORT_SECRET="nope").status_code == 404
    answered = public().post(url, {"text": "二楼仓库"}, format="json", HTTP_X_REPORT_SECRET=body["secret"])
    assert answered.status_code == 201 and answered.json()["awaiting_answer"] is False
    assert answered.json()["steps"][-1] == {**answered.json()["steps"][-1], "from_reporter": True, "text": "二楼仓库"}
    assert (
        public().post(url, {"text": "再说一次"}, format="json", HTTP_X_REPORT_SECRET=body["secret"]).status_code == 400
    )


def test_the_staff_work_the_queue_through_the_api(world, api_for):
    body = public().post(URL, {**BODY, "anonymous": False, "name": "赵举报", "phone": PHONE}, format="json").json()
    report = PublicReport.objects.get()
    town = api_for("gaoxing")
    listed = town.get("/api/v1/reports/", {"state": "received"}).json()
    assert listed["count"] == 1 and "name" not in listed["results"][0] and "phone" not in listed["results"][0]
    assert api_for("qiye1").get("/api/v1/reports/").json()["count"] == 0
    assert api_for("qiye1").get(f"/api/v1/reports/{report.pk}/").status_code == 404
    assert api_for("grid1").post(f"/api/v1/reports/{report.pk}/transitions/", {"action": "acknowledge"},
                                 format="json").status_code == 404  # fmt: skip
    assert api_for("leader").post(f"/api/v1/reports/{report.pk}/transitions/", {"action": "acknowledge"},
                                  format="json").status_code == 403  # fmt: skip
    step = town.post(f"/api/v1/reports/{report.pk}/transitions/", {"action": "acknowledge"}, format="json")
    assert step.status_code == 201 and step.json()["state"] == "acknowledged"
    assert "open_hazard" in step.json()["allowed_actions"]
    wrong = town.post(f"/api/v1/reports/{report.pk}/transitions/", {"action": "acknowledge"}, format="json")
    assert wrong.status_code == 400
    bad_unit = town.post(
        f"/api/v1/reports/{report.pk}/hazard/", {"unit": world.enterprises["school"].pk}, format="json"
    )
    assert bad_unit.status_code == 400 and "unit" in bad_unit.json()
    opened = town.post(f"/api/v1/reports/{report.pk}/hazard/", {"unit": world.enterprises["shop"].pk}, format="json")
    assert opened.status_code == 201, opened.content
    hazard = opened.json()["hazard"]
    assert opened.json()["report"]["hazard"] == hazard and opened.json()["report"]["state"] == "hazard_opened"
    linked = api_for("county").get(f"/api/v1/hazards/{hazard}/").json()
    assert linked["source"] == "public_report" and linked["public_report"] == report.pk  # linked both ways
    status = public().get(f"{URL}{body['tracking_code']}/", HTTP_X_REPORT_SECRET=body["secret"]).json()
    assert status["state"] == "hazard_opened" and status["hazard_state"] == "rectifying"
    # The reveal: permission, reason, log.
    assert town.post(f"/api/v1/reports/{report.pk}/reveal/", {"reason": "核实"}, format="json").status_code == 403
    grant_reveal(world.users["county"])
    county = api_for("county")
    assert county.post(f"/api/v1/reports/{report.pk}/reveal/", {}, format="json").status_code == 400
    shown = county.post(f"/api/v1/reports/{report.pk}/reveal/", {"reason": "发放奖励前核实身份"}, format="json")
    assert shown.json()["phone"] == PHONE and IdentityView.objects.get().reason == "发放奖励前核实身份"


def test_rewards_through_the_api(world, api_for):
    from anjian.inspections import services as inspections

    public().post(URL, BODY, format="json")
    report = PublicReport.objects.get()
    town, county = api_for("gaoxing"), api_for("county")
    town.post(f"/api/v1/reports/{report.pk}/transitions/", {"action": "acknowledge"}, format="json")
    town.post(f"/api/v1/reports/{report.pk}/hazard/", {"unit": world.enterprises["shop"].pk}, format="json")
    action = inspections.record_action(world.users["yingji"], unit=world.enterprises["shop"], kind="penalty",
                                       decided_on=dt.date(2024, 7, 10), description="违法储存烟花爆竹",
                                       target="unit", unit_amount_wan="3")  # fmt: skip
    early = town.post("/api/v1/rewards/", {"report": 999999, "basis": "illegal_operation"}, format="json")
    assert early.status_code == 400 and "report" in early.json()
    proposed = town.post("/api/v1/rewards/", {"report": report.pk, "basis": "illegal_operation",
                                              "enforcement_action": action.pk}, format="json")  # fmt: skip
    assert proposed.status_code == 201, proposed.content
    reward = proposed.json()
    assert (reward["amount"], reward["state"], reward["approved_by"], reward["paid_on"]) == (
        "4500.00",
        "proposed",
        None,
        None,
    )
    assert reward["proposed"] and reward["proposed_by"] == "gaoxing"
    assert town.post(f"/api/v1/rewards/{reward['id']}/approve/", {}, format="json").status_code == 403
    approved = county.post(f"/api/v1/rewards/{reward['id']}/approve/", {}, format="json")
    assert approved.status_code == 201 and approved.json()["approved_by"] == "county"
    bad = town.post(f"/api/v1/rewards/{reward['id']}/pay/", {"paid_on": "2030-01-01", "means": "cash"}, format="json")
    assert bad.status_code == 400 and "paid_on" in bad.json()
    paid = town.post(f"/api/v1/rewards/{reward['id']}/pay/", {"paid_on": "2024-07-15", "means": "cash"}, format="json")
    assert paid.status_code == 201 and paid.json()["paid_on"] == "2024-07-15" and paid.json()["state"] == "paid"
    listed = county.get("/api/v1/rewards/", {"state": "paid"}).json()
    assert listed["count"] == 1 and listed["results"][0]["amount"] == "4500.00"
    assert api_for("qiye1").get("/api/v1/rewards/").json()["count"] == 0
    assert Reward.objects.get().paid_on == NOW.date()


def test_the_county_figures(world, api_for):
    public().post(URL, BODY, format="json")
    stats = api_for("county").get("/api/v1/reports/stats/", {"date_from": "2024-07-01"})
    assert stats.status_code == 200
    body = stats.json()
    assert body["values"]["public.reports"] == "1" and body["labels"]["public.rewards_paid"] == "举报奖励"
    assert body["by_month"] == [["2024-07-01", 1]]
    assert [row[1:] for row in body["breakdowns"]["town"]] == [["高兴镇", 1]]
    assert api_for("county").get("/api/v1/reports/stats/", {"date_from": "x"}).status_code == 400
    assert api_for("county").get("/api/v1/reports/stats/", {"region": "abc"}).status_code == 400
