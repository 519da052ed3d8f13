"""The inspections API as an outside tool uses it: a visit with two inspectors, its checklist results, a
failed item turned into a hazard, the signatures, then enforcement, numbered documents and the figures."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from anjian.core.testing import make_user
from anjian.hazards import services as hazard_services
from anjian.hazards.models import Hazard
from anjian.inspections import services
from anjian.inspections.models import (
    Checklist,
    ChecklistItem,
    EnforcementAction,
    EnforcementDocument,
    Inspection,
)
from anjian.inspections.tests.test_services import handwritten
from anjian.org.choices import Role

pytestmark = pytest.mark.django_db

URL = "/api/v1/inspections/"
ACTIONS = "/api/v1/enforcement-actions/"
DOCUMENTS = "/api/v1/documents/"
CHECKLISTS = "/api/v1/checklists/"
FIGURES = "/api/v1/statistics/supervision/"


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def photo(color="red") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, "JPEG")
    return SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def yingji2(world):
    """A second officer of the emergency management bureau: enforcement visits need two."""
    return make_user("yingji2", Role.DEPARTMENT, department=world.departments["yingji"])


@pytest.fixture
def checklist(world):
    cl = Checklist.objects.create(name="烟花爆竹检查表", sector=world.sectors["fireworks"])
    for order, text in enumerate(["主要负责人未带队检查", "超量储存", "未按规定开展应急演练"], start=1):
        ChecklistItem.objects.create(checklist=cl, order=order, text=text)
    return cl


def visit(api, unit, inspectors, expect=201, **extra) -> dict:
    body = {
        "unit": unit.pk,
        "kind": "routine",
        "visit_date": days_ago(1).isoformat(),
        "inspectors": inspectors,
        **extra,
    }
    response = api.post(URL, body, format="json")
    assert response.status_code == expect, response.content
    return response.json()


# --- Visits and the two-inspector rule ---------------------------------------------------------------


def test_an_enforcement_visit_needs_two_inspectors(api_for, world, yingji2):
    api, shop = api_for("yingji"), world.enterprises["shop"]
    errors = visit(api, shop, ["yingji"], expect=400)
    assert "inspectors" in errors
    assert not Inspection.objects.exists()
    data = visit(api, shop, ["yingji", "yingji2"], experts="张工")
    assert sorted(data["inspectors"]) == ["yingji", "yingji2"] and data["kind"] == "routine"
    assert (data["state"], data["department"], data["unit"], data["unit_name"]) == (
        "draft",
        "yingji",
        shop.pk,
        shop.name,
    )
    assert (data["region"], data["sector"], data["experts"]) == (shop.region.code, "fireworks", "张工")
    assert data["results"] == [] and data["signatures"] == [] and data["signed_at"] is None


def test_an_assistance_visit_may_have_one_inspector(api_for, world):
    data = visit(api_for("gaoxing"), world.enterprises["mine"], ["gaoxing"], kind="assistance")
    assert data["kind"] == "assistance" and data["town"] == "360732104000"


def test_inspectors_must_be_officers(api_for, world):
    errors = visit(api_for("county"), world.enterprises["shop"], ["county", "qiye1"], expect=400)
    assert "inspectors" in errors


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"unit": "abc"}, "unit"),
        ({"unit": 10**30}, "unit"),
        ({"kind": "raid"}, "kind"),
        ({"visit_date": "yesterday"}, "visit_date"),
        ({"visit_date": (timezone.localdate() + dt.timedelta(days=3)).isoformat()}, "visit_date"),
        ({"inspectors": ["county", "nobody"]}, "inspectors"),
        ({"inspectors": "county"}, "inspectors"),
        ({"checklist": 10**6}, "checklist"),
        ({"department": "nope"}, "department"),
        ({"town": "360732100001"}, "town"),  # a village, not a town
        ({"experts": "a\x00b"}, "experts"),
    ],
)
def test_invalid_visits_are_400_keyed_by_field(api_for, world, change, field):
    body = {"unit": world.enterprises["shop"].pk, "kind": "routine", "visit_date": days_ago(1).isoformat()}
    body = {**body, "inspectors": ["county", "yingji"], **change}
    response = api_for("county").post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_a_unit_outside_the_jurisdiction_is_400_on_unit(api_for, world):
    errors = visit(api_for("gaoxing"), world.enterprises["site"], ["gaoxing"], expect=400, kind="assistance")
    assert "unit" in errors


def test_visits_have_no_update_or_delete(api_for, world, yingji2):
    api = api_for("yingji")
    url = f"{URL}{visit(api, world.enterprises['shop'], ['yingji', 'yingji2'])['id']}/"
    assert api.put(url, {"summary": "改"}, format="json").status_code == 405
    assert api.patch(url, {"summary": "改"}, format="json").status_code == 405
    assert api.delete(url).status_code == 405


# --- Results, finding → hazard, signatures ------------------------------------------------------------


def test_results_then_a_finding_becomes_a_hazard(api_for, world, yingji2, checklist):
    api, shop = api_for("yingji"), world.enterprises["shop"]
    v = visit(api, shop, ["yingji", "yingji2"], checklist=checklist.pk)
    items = list(checklist.items.order_by("order"))
    ok = api.post(f"{URL}{v['id']}/results/", {"result": "pass", "item": items[0].pk}, format="json")
    assert ok.status_code == 201, ok.content
    assert ok.json()["text"] == items[0].text and ok.json()["hazard"] is None
    body = {"result": "fail", "item": items[1].pk, "note": "库房存放超量", "photo": photo()}
    failed = api.post(f"{URL}{v['id']}/results/", body, format="multipart")
    assert failed.status_code == 201, failed.content
    assert failed.json()["photo_url"]
    free = api.post(f"{URL}{v['id']}/results/", {"result": "na", "text": "液化气使用"}, format="json")
    assert free.status_code == 201 and free.json()["item"] is None

    response = api.post(f"{URL}{v['id']}/results/{failed.json()['id']}/hazard/")
    assert response.status_code == 201, response.content
    link = response.json()
    hazard = Hazard.objects.get(pk=link["id"])
    assert link["url"].endswith(f"/api/v1/hazards/{hazard.pk}/")
    assert (hazard.unit, hazard.source, hazard.sector.code) == (shop, "department_inspection", "fireworks")
    assert "超量储存" in hazard.description and "库房存放超量" in hazard.description
    assert hazard.photos.count() == 1
    assert api.get(link["url"]).status_code == 200
    # once only: asking again gives the same hazard
    again = api.post(f"{URL}{v['id']}/results/{failed.json()['id']}/hazard/")
    assert again.status_code == 201 and again.json()["id"] == hazard.pk
    detail = api.get(f"{URL}{v['id']}/").json()
    assert [r["result"] for r in detail["results"]] == ["pass", "fail", "na"]
    assert detail["results"][1]["hazard"] == hazard.pk


def test_only_a_failed_item_becomes_a_hazard(api_for, world, yingji2):
    api = api_for("yingji")
    v = visit(api, world.enterprises["shop"], ["yingji", "yingji2"])
    passed = api.post(f"{URL}{v['id']}/results/", {"result": "pass", "text": "台账齐全"}, format="json").json()
    response = api.post(f"{URL}{v['id']}/results/{passed['id']}/hazard/")
    assert response.status_code == 400 and "result" in response.json()
    assert not Hazard.objects.exists()


def test_a_result_of_another_visit_is_404(api_for, world, yingji2):
    api = api_for("yingji")
    first = visit(api, world.enterprises["shop"], ["yingji", "yingji2"])
    second = visit(api, world.enterprises["mine"], ["yingji", "yingji2"])
    failed = api.post(f"{URL}{first['id']}/results/", {"result": "fail", "text": "无证上岗"}, format="json").json()
    assert api.post(f"{URL}{second['id']}/results/{failed['id']}/hazard/").status_code == 404
    assert api.post(f"{URL}{first['id']}/results/999999/hazard/").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"result": "maybe", "text": "x"}, "result"),
        ({"result": "pass"}, "text"),
        ({"result": "pass", "item": "x"}, "item"),
        ({"result": "pass", "item": 10**6}, "item"),
        ({"result": "pass", "text": "a\x00b"}, "text"),
    ],
)
def test_invalid_results_are_400_keyed_by_field(api_for, world, yingji2, body, field):
    api = api_for("yingji")
    v = visit(api, world.enterprises["shop"], ["yingji", "yingji2"])
    response = api.post(f"{URL}{v['id']}/results/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_an_item_of_another_checklist_is_400(api_for, world, yingji2, checklist):
    api = api_for("yingji")
    other = Checklist.objects.create(name="其他")
    item = ChecklistItem.objects.create(checklist=other, text="别的")
    v = visit(api, world.enterprises["shop"], ["yingji", "yingji2"], checklist=checklist.pk)
    response = api.post(f"{URL}{v['id']}/results/", {"result": "pass", "item": item.pk}, format="json")
    assert response.status_code == 400 and "item" in response.json()


def test_a_photo_that_is_not_an_image_is_400_on_photo(api_for, world, yingji2):
    api = api_for("yingji")
    v = visit(api, world.enterprises["shop"], ["yingji", "yingji2"])
    bad = SimpleUploadedFile("p.jpg", b"not an image", content_type="image/jpeg")
    response = api.post(f"{URL}{v['id']}/results/", {"result": "fail", "text": "x", "photo": bad}, format="multipart")
    assert response.status_code == 400 and "photo" in response.json()


def test_signed_by_inspectors_and_representative_then_immutable(api_for, world, yingji2):
    one, two = api_for("yingji"), api_for("county")
    v = visit(one, world.enterprises["shop"], ["yingji", "yingji2"])
    sign = f"{URL}{v['id']}/sign/"
    assert two.post(sign, {}, format="json").status_code == 403  # the county office did not go on this visit
    data = one.post(sign, {}, format="json")
    assert data.status_code == 201, data.content
    assert [s["signer"] for s in data.json()["signatures"]] == ["yingji"] and data.json()["state"] == "draft"
    assert one.post(sign, {}, format="json").status_code == 400  # signs once
    errors = one.post(sign, {"role": "unit_representative"}, format="json")
    assert errors.status_code == 400 and "signer_name" in errors.json()
    typed = one.post(sign, {"role": "unit_representative", "signer_name": "王国平"}, format="json")
    assert typed.status_code == 400 and "signature" in typed.json()  # a typed name alone is not a signature
    body = {"role": "unit_representative", "signer_name": "王国平", "signature": handwritten()}
    by_hand = one.post(sign, body, format="multipart")
    assert by_hand.status_code == 201, by_hand.content
    representative = next(s for s in by_hand.json()["signatures"] if s["role"] == "unit_representative")
    assert representative["image_url"].endswith(".png") and representative["signer"] is None
    from rest_framework.test import APIClient

    from anjian.core import tokens

    api2 = APIClient()
    api2.credentials(HTTP_AUTHORIZATION=f"Token {tokens.issue(yingji2)[1]}")
    done = api2.post(sign, {}, format="json")
    assert done.status_code == 201, done.content
    detail = done.json()
    assert detail["state"] == "signed" and detail["signed_at"] and detail["unit_representative"] == "王国平"
    assert {s["role"] for s in detail["signatures"]} == {"inspector", "unit_representative"}
    # immutable once signed: no results (409, naming who signed), no signatures (400); no PUT/PATCH/DELETE (405)
    response = one.post(f"{URL}{v['id']}/results/", {"result": "pass", "text": "x"}, format="json")
    assert response.status_code == 409 and "王国平" in response.json()["signed_by"]
    assert one.post(sign, {"role": "unit_representative", "signer_name": "李"}, format="json").status_code == 400
    assert one.patch(f"{URL}{v['id']}/", {"summary": "改"}, format="json").status_code == 405
    assert one.get(f"{URL}{v['id']}/").json()["results"] == []


def test_no_signature_while_a_check_item_has_no_result(api_for, world, yingji2, checklist):
    api = api_for("yingji")
    v = visit(api, world.enterprises["shop"], ["yingji", "yingji2"], checklist=checklist.pk)
    first, *rest = checklist.items.order_by("order")
    api.post(f"{URL}{v['id']}/results/", {"result": "pass", "item": first.pk}, format="json")
    sign = f"{URL}{v['id']}/sign/"
    refused = api.post(sign, {}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 400, refused.content
    assert "有 2 项检查内容未填写结果" in refused.json()["results"][0] and rest[0].text in refused.json()["results"][0]
    body = {"role": "unit_representative", "signer_name": "王国平", "signature": handwritten()}
    assert "results" in api.post(sign, body, format="multipart").json()
    for item in rest:
        api.post(f"{URL}{v['id']}/results/", {"result": "na", "item": item.pk}, format="json")
    assert api.post(sign, {}, format="json").status_code == 201


def test_visits_filter(api_for, world, yingji2):
    api = api_for("county")
    visit(api, world.enterprises["shop"], ["county", "yingji"], department="yingji")
    visit(
        api,
        world.enterprises["site"],
        ["county", "yingji"],
        kind="special",
        visit_date=days_ago(40).isoformat(),
        department="zhujian",
    )

    def ids(**params):
        response = api.get(URL, params)
        assert response.status_code == 200, response.content
        return [row["unit"] for row in response.json()["results"]]

    shop, site = world.enterprises["shop"].pk, world.enterprises["site"].pk
    assert ids() == [shop, site]
    assert ids(kind="special") == [site]
    assert ids(region="360732104000") == [shop]
    assert ids(region="360732100001001") == [site]  # the site's grid
    assert ids(sector="construction") == [site]
    assert ids(date_from=days_ago(10).isoformat()) == [shop]
    assert ids(date_to=days_ago(10).isoformat()) == [site]
    assert ids(department="yingji") == [shop]
    assert ids(state="signed") == []
    assert ids(unit=site) == [site]
    for bad in ({"region": "nowhere"}, {"kind": "x"}, {"date_from": "soon"}, {"department": "x"}, {"unit": "a"}):
        assert api.get(URL, bad).status_code == 400, bad


# --- Checklists ----------------------------------------------------------------------------------------


def test_the_county_office_keeps_the_checklists(api_for, world):
    county = api_for("county")
    body = {
        "name": "建筑施工检查表",
        "sector": "construction",
        "items": [{"text": "临边防护"}, {"text": "特种作业持证"}],
    }
    made = county.post(CHECKLISTS, body, format="json")
    assert made.status_code == 201, made.content
    cl = made.json()
    assert cl["sector"] == "construction" and [i["text"] for i in cl["items"]] == ["临边防护", "特种作业持证"]
    changed = county.patch(
        f"{CHECKLISTS}{cl['id']}/",
        {"items": [{"text": "临边防护", "order": 1}, {"text": "塔吊", "order": 2}]},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert [i["text"] for i in changed.json()["items"]] == ["临边防护", "塔吊"]
    assert ChecklistItem.objects.filter(checklist_id=cl["id"]).count() == 2
    for username in ("leader", "yingji", "gaoxing", "grid1", "qiye1", "expert1"):
        api = api_for(username)
        assert api.get(f"{CHECKLISTS}{cl['id']}/").status_code == 200
        assert api.get(CHECKLISTS, {"sector": "construction"}).json()["count"] == 1
        assert api.post(CHECKLISTS, body, format="json").status_code == 403
        assert api.patch(f"{CHECKLISTS}{cl['id']}/", {"name": "x"}, format="json").status_code == 403
        assert api.delete(f"{CHECKLISTS}{cl['id']}/").status_code == 403
    assert county.delete(f"{CHECKLISTS}{cl['id']}/").status_code == 204
    assert not Checklist.objects.exists()


def test_a_checklist_used_by_a_visit_keeps_its_items(api_for, world, yingji2, checklist):
    api = api_for("county")
    v = visit(api, world.enterprises["shop"], ["county", "yingji"], checklist=checklist.pk)
    item = checklist.items.order_by("order").last()
    api.post(f"{URL}{v['id']}/results/", {"result": "pass", "item": item.pk}, format="json")
    response = api.patch(f"{CHECKLISTS}{checklist.pk}/", {"items": [{"text": "只留一条"}]}, format="json")
    assert response.status_code == 400
    assert checklist.items.count() == 3
    assert api.delete(f"{CHECKLISTS}{checklist.pk}/").status_code == 400


# --- Enforcement ---------------------------------------------------------------------------------------


def penalty(api, unit, expect=201, **extra) -> dict:
    body = {
        "unit": unit.pk,
        "kind": "penalty",
        "decided_on": days_ago(1).isoformat(),
        "description": "超量储存烟花爆竹",
        **extra,
    }
    response = api.post(ACTIONS, body, format="json")
    assert response.status_code == expect, response.content
    return response.json()


def test_one_case_two_penalties(api_for, world):
    """一案双罚: a penalty on both the unit and its principal names both fines."""
    api, shop = api_for("yingji"), world.enterprises["shop"]
    assert "principal_amount_wan" in penalty(api, shop, 400, target="both", unit_amount_wan="5")
    assert "unit_amount_wan" in penalty(api, shop, 400, target="both", principal_amount_wan="1")
    assert "target" in penalty(api, shop, 400, unit_amount_wan="5")
    assert "principal_amount_wan" in penalty(
        api, shop, 400, target="unit", unit_amount_wan="5", principal_amount_wan="1"
    )
    assert "unit_amount_wan" in penalty(api, shop, 400, target="unit", unit_amount_wan="-1")
    assert not EnforcementAction.objects.exists()
    data = penalty(api, shop, target="both", unit_amount_wan="5", principal_amount_wan="1.2")
    assert (data["target"], data["unit_amount_wan"], data["principal_amount_wan"]) == ("both", "5.00", "1.20")
    assert (data["department"], data["region"], data["sector"], data["typical"]) == (
        "yingji",
        shop.region.code,
        "fireworks",
        False,
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "fine"}, "kind"),
        ({"decided_on": "today"}, "decided_on"),
        ({"description": ""}, "description"),
        ({"unit_amount_wan": "lots"}, "unit_amount_wan"),
        ({"hazard": 10**6}, "hazard"),
        ({"inspection": "x"}, "inspection"),
        ({"kind": "judicial_referral", "target": ""}, "referred_people"),
        ({"kind": "admonition", "target": "", "unit_amount_wan": None, "referred_people": 2}, "referred_people"),
    ],
)
def test_invalid_actions_are_400_keyed_by_field(api_for, world, change, field):
    body = {
        "unit": world.enterprises["shop"].pk,
        "kind": "penalty",
        "decided_on": days_ago(1).isoformat(),
        "description": "x",
        "target": "unit",
        "unit_amount_wan": "1",
        **change,
    }
    if body["kind"] != "penalty":
        body.pop("unit_amount_wan", None)
    response = api_for("county").post(ACTIONS, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_a_referral_for_dangerous_operation_crime(api_for, world):
    body = {
        "unit": world.enterprises["mine"].pk,
        "kind": "judicial_referral",
        "decided_on": days_ago(2).isoformat(),
        "description": "擅自恢复作业，涉嫌危险作业罪",
        "dangerous_operation_crime": True,
        "referred_people": 2,
    }
    response = api_for("gaoxing").post(ACTIONS, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["dangerous_operation_crime"] is True and response.json()["referred_people"] == 2
    assert response.json()["town"] == "360732104000"


def test_warnings_of_a_draft_and_of_the_record(api_for, world):
    """A penalty for a major hazard the unit found itself, reported and is fixing: normally not penalised."""
    api, mine = api_for("county"), world.enterprises["mine"]
    county = world.users["county"]
    hazard = hazard_services.register_hazard(county, mine, description="安全出口不畅", source="self_check")
    hazard_services.perform(county, hazard, "assess", grade="major", major_reason="专家论证")
    hazard_services.perform(county, hazard, "report")
    plan = {"responsible_person": "李四", "measures": "疏通", "funds": Decimal("1000"), "contingency_plan": "停产"}
    deadline = timezone.localdate() + dt.timedelta(days=30)
    hazard_services.perform(county, hazard, "plan", deadline=deadline, **plan)
    hazard_services.perform(county, hazard, "progress", text="已清理一半", substantive=True)
    hazard.refresh_from_db()
    response = api.get(f"{ACTIONS}warnings/", {"unit": mine.pk, "kind": "penalty", "hazard": hazard.pk})
    assert response.status_code == 200, response.content
    expected = [str(w) for w in services.action_warnings(unit=mine, kind="penalty", hazard=hazard)]
    assert response.json() == {"warnings": expected}
    assert any("不予行政处罚" in w for w in expected)
    admonition = api.get(f"{ACTIONS}warnings/", {"unit": mine.pk, "kind": "admonition", "hazard": hazard.pk})
    assert not any("不予行政处罚" in w for w in admonition.json()["warnings"])
    data = penalty(api, mine, target="unit", unit_amount_wan="3", hazard=hazard.pk)
    assert data["warnings"] == expected == EnforcementAction.objects.get(pk=data["id"]).warnings
    for bad in (
        {"kind": "penalty"},
        {"unit": mine.pk, "kind": "x"},
        {"unit": mine.pk, "kind": "penalty", "hazard": "a"},
    ):
        response = api.get(f"{ACTIONS}warnings/", bad)
        assert response.status_code == 400, bad
    # a unit outside the caller's jurisdiction is unknown to them
    outside = api_for("grid1").get(f"{ACTIONS}warnings/", {"unit": mine.pk, "kind": "penalty"})
    assert outside.status_code == 400 and "unit" in outside.json()


def test_repeated_and_unfixed_findings_are_warned_about(api_for, world):
    """屡查屡犯 (penalised before for the same failed item) and 顶格处罚 (the item failed again)."""
    county, shop = world.users["county"], world.enterprises["shop"]
    api = api_for("county")
    visits = []
    for days in (200, 100, 5):
        v = services.create_inspection(
            county, unit=shop, kind="routine", visit_date=days_ago(days), inspectors=[county, world.users["yingji"]]
        )
        services.record_result(county, v, result="fail", text="超量储存烟花爆竹")
        visits.append(v)
    for v in visits[:2]:
        services.record_action(
            county,
            unit=shop,
            kind="penalty",
            decided_on=v.visit_date,
            description="超量储存",
            inspection=v,
            target="unit",
            unit_amount_wan=Decimal("1"),
        )
    response = api.get(f"{ACTIONS}warnings/", {"unit": shop.pk, "kind": "penalty", "inspection": visits[2].pk})
    assert response.status_code == 200, response.content
    warnings = response.json()["warnings"]
    assert warnings == [str(w) for w in services.action_warnings(unit=shop, kind="penalty", inspection=visits[2])]
    assert any("屡查屡犯" in w for w in warnings) and any("顶格处罚" in w for w in warnings)


def test_typical_cases(api_for, world):
    api = api_for("yingji")
    data = penalty(api, world.enterprises["shop"], target="unit", unit_amount_wan="2")
    reported = days_ago(1).isoformat()  # the day the penalty was decided: a case is not reported before it
    response = api.post(f"{ACTIONS}{data['id']}/typical/", {"reported_on": reported}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["typical"] is True and response.json()["typical_reported_on"] == reported
    assert api.get(ACTIONS, {"typical": "true"}).json()["count"] == 1
    assert api.get(ACTIONS, {"typical": "false"}).json()["count"] == 0
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    assert api.post(f"{ACTIONS}{data['id']}/typical/", {"reported_on": future}, format="json").status_code == 400
    assert api_for("leader").post(f"{ACTIONS}{data['id']}/typical/", {}, format="json").status_code == 403

    rows = api_for("county").get(f"{FIGURES}typical-cases/", {"date": reported})
    assert rows.status_code == 200, rows.content
    by_code = {row["code"]: row for row in rows.json()}
    quota = services.typical_case_quota(today=dt.date.fromisoformat(reported))
    assert len(by_code) == len(quota)
    for row in quota:
        assert by_code[row.unit.code]["count"] == row.count and by_code[row.unit.code]["short"] == row.short
    assert {row["unit_kind"] for row in rows.json()} <= {"department", "town"}
    assert by_code["360732104000"]["short"] is True  # 高兴镇 has reported none
    for username in ("grid1", "qiye1", "expert1"):
        assert api_for(username).get(f"{FIGURES}typical-cases/").status_code == 403
    assert api_for("county").get(f"{FIGURES}typical-cases/", {"date": "x"}).status_code == 400


def test_actions_are_not_changed(api_for, world):
    api = api_for("county")
    data = penalty(api, world.enterprises["shop"], target="unit", unit_amount_wan="1")
    url = f"{ACTIONS}{data['id']}/"
    assert api.put(url, {}, format="json").status_code == 405
    assert api.patch(url, {}, format="json").status_code == 405
    assert api.delete(url).status_code == 405


# --- Documents ----------------------------------------------------------------------------------------


def issue(api, unit, department="yingji", expect=201, **extra) -> dict:
    body = {
        "department": department,
        "kind": "rectification_order",
        "unit": unit.pk,
        "issued_on": days_ago(1).isoformat(),
        **extra,
    }
    if body["kind"] == "rectification_order" and "deadline" not in body:  # an order to rectify sets one
        try:
            body["deadline"] = (dt.date.fromisoformat(body["issued_on"]) + dt.timedelta(days=15)).isoformat()
        except (TypeError, ValueError):
            body["deadline"] = days_ago(-15).isoformat()
    response = api.post(DOCUMENTS, body, format="json")
    assert response.status_code == expect, response.content
    return response.json()


def test_documents_are_numbered_in_sequence_per_department_and_year(api_for, world):
    yingji, county = api_for("yingji"), api_for("county")
    shop, mine = world.enterprises["shop"], world.enterprises["mine"]
    made = [issue(yingji, shop), issue(yingji, mine, kind="penalty_decision"), issue(county, mine)]
    year = days_ago(1).year
    assert [d["sequence"] for d in made] == [1, 1, 2]  # each kind its own sequence
    assert [d["number"] for d in made] == [
        f"兴应急责改〔{year}〕1号",
        f"兴应急罚〔{year}〕1号",
        f"兴应急责改〔{year}〕2号",
    ]
    assert [d["title"] for d in made] == ["责令限期整改指令书", "行政处罚决定书", "责令限期整改指令书"]
    other = issue(county, world.enterprises["site"], department="zhujian")
    assert other["sequence"] == 1 and other["number"] == f"兴住建责改〔{year}〕1号"
    last_year = issue(county, shop, issued_on=dt.date(year - 1, 12, 30).isoformat())
    assert (last_year["year"], last_year["sequence"]) == (year - 1, 1)
    numbers = list(EnforcementDocument.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 5
    # the number is given, never chosen
    chosen = issue(yingji, shop, number="兴应急〔2000〕1号", sequence=99)
    assert chosen["sequence"] == 3 and chosen["number"] == f"兴应急责改〔{year}〕3号"
    assert yingji.get(DOCUMENTS, {"department": "yingji", "year": year}).json()["count"] == 4
    assert county.get(DOCUMENTS, {"kind": "penalty_decision"}).json()["count"] == 1
    assert county.get(DOCUMENTS, {"region": "360732100000"}).json()["count"] == 1
    url = f"{DOCUMENTS}{made[0]['id']}/"
    assert county.patch(url, {"number": "x"}, format="json").status_code == 405
    assert county.delete(url).status_code == 405


def test_the_document_prints_as_a_pdf_for_those_who_may_see_it(api_for, world):
    document = issue(api_for("yingji"), world.enterprises["shop"])
    assert document["pdf_url"].endswith(f"{DOCUMENTS}{document['id']}/pdf/")
    assert document["deadline"] == days_ago(-14).isoformat() and document["decision"]
    response = api_for("qiye1").get(f"{DOCUMENTS}{document['id']}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "责令限期整改指令书" in text and document["number"] in text and "王国平烟花爆竹零售店" in text
    assert api_for("grid1").get(f"{DOCUMENTS}{document['id']}/pdf/").status_code == 404
    assert api_for("county").get(f"{DOCUMENTS}999999/pdf/").status_code == 404


def test_a_department_issues_only_in_its_own_name(api_for, world):
    errors = issue(api_for("yingji"), world.enterprises["shop"], department="zhujian", expect=400)
    assert "department" in errors
    assert not EnforcementDocument.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"department": "x"}, "department"),
        ({"kind": "letter"}, "kind"),
        ({"issued_on": "x"}, "issued_on"),
        ({"issued_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat()}, "issued_on"),
        ({"action": 10**6}, "action"),
        ({"deadline": None}, "deadline"),  # an order to rectify names its deadline
        ({"deadline": "x"}, "deadline"),
        ({"deadline": days_ago(2).isoformat()}, "deadline"),  # before the day of issue
        ({"kind": "inspection_record", "deadline": days_ago(0).isoformat()}, "deadline"),
    ],
)
def test_invalid_documents_are_400_keyed_by_field(api_for, world, change, field):
    errors = issue(api_for("county"), world.enterprises["shop"], expect=400, **change)
    assert field in errors


# --- Figures -------------------------------------------------------------------------------------------


@pytest.fixture
def dataset(world):
    """A known year of supervision: three enforcement visits (two units in 高兴镇, one in 潋江镇), one
    assistance visit, hazards found and fixed, penalties (one 一案双罚), a suspension, a referral of two
    people, documents and a typical case."""
    county = world.users["county"]
    yingji, shop, mine, site = world.users["yingji"], *(world.enterprises[k] for k in ("shop", "mine", "site"))
    day = days_ago(20)
    for unit, kind in ((shop, "routine"), (mine, "special"), (site, "joint"), (shop, "routine")):
        services.create_inspection(county, unit=unit, kind=kind, visit_date=day, inspectors=[county, yingji])
    services.create_inspection(county, unit=mine, kind="assistance", visit_date=day, inspectors=[county])
    for unit, n in ((shop, 2), (mine, 1), (site, 3)):
        for i in range(n):
            h = hazard_services.register_hazard(county, unit, description=f"隐患{i}", source="supervision")
            if i == 0:
                hazard_services.perform(county, h, "assess", grade="general")
                hazard_services.perform(county, h, "fix_on_spot", photos=[photo("green")])

    def act(unit, kind, **extra):
        return services.record_action(county, unit=unit, kind=kind, decided_on=day, description="x", **extra)

    act(shop, "penalty", target="both", unit_amount_wan=Decimal("5"), principal_amount_wan=Decimal("1.5"))
    act(site, "penalty", target="unit", unit_amount_wan=Decimal("2"))
    act(mine, "suspension")
    referral = act(mine, "judicial_referral", referred_people=2, dangerous_operation_crime=True)
    services.mark_typical(county, referral, reported_on=day)
    for unit in (shop, mine, site):
        services.issue_document(
            county,
            department=world.departments["yingji"],
            kind="rectification_order",
            unit=unit,
            issued_on=day,
            deadline=day + dt.timedelta(days=15),
        )
    return day


def test_figures_on_a_known_dataset(api_for, dataset):
    response = api_for("county").get(FIGURES)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "units_inspected": 3,
        "visits": 4,
        "hazards_found": 6,
        "hazards_fixed": 3,
        "fix_rate": 0.5,
        "penalties": 2,
        "penalty_amount_wan": "8.50",
        "double_penalties": 1,
        "documents": 3,
        "suspensions": 1,
        "referrals": 2,
        "referral_cases": 1,
        "typical_cases": 1,
        "typical_dangerous_operation_cases": 1,
        "assistance_visits": 1,
        "documents_by_kind": {
            "inspection_record": 0,
            "rectification_order": 3,
            "review_opinion": 0,
            "on_site_measure": 0,
            "penalty_notice": 0,
            "penalty_decision": 0,
            "suspension_order": 0,
            "referral_letter": 0,
        },
    }


def test_figures_by_region_and_period(api_for, dataset):
    api = api_for("county")
    gaoxing = api.get(FIGURES, {"region": "360732104000"}).json()
    assert (gaoxing["units_inspected"], gaoxing["visits"], gaoxing["hazards_found"]) == (2, 3, 3)
    assert (gaoxing["penalties"], gaoxing["penalty_amount_wan"], gaoxing["documents"]) == (1, "6.50", 2)
    after = (dataset + dt.timedelta(days=1)).isoformat()
    later = api.get(FIGURES, {"date_from": after}).json()
    assert (later["visits"], later["penalties"], later["documents"], later["typical_cases"]) == (0, 0, 0, 0)
    same_day = api.get(FIGURES, {"date_from": dataset.isoformat(), "date_to": dataset.isoformat()}).json()
    assert same_day["visits"] == 4 and same_day["penalty_amount_wan"] == "8.50"


def test_figures_stay_inside_the_callers_jurisdiction(api_for, dataset):
    town = api_for("gaoxing").get(FIGURES).json()
    assert (town["units_inspected"], town["visits"], town["hazards_found"], town["penalties"]) == (2, 3, 3, 1)
    grid = api_for("grid1").get(FIGURES).json()
    assert (grid["units_inspected"], grid["hazards_found"], grid["penalty_amount_wan"]) == (1, 3, "2.00")
    enterprise = api_for("qiye1").get(FIGURES).json()
    assert (enterprise["visits"], enterprise["documents"], enterprise["suspensions"]) == (2, 1, 0)
    assert api_for("expert1").get(FIGURES).json()["visits"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"region": "nowhere"},
        {"region": "a\x00b"},
        {"date_from": "2024-13-01"},
        {"date_to": "yesterday"},
        {"date_from": "2024-06-01", "date_to": "2024-01-01"},
    ],
)
def test_bad_figure_queries_are_400(api_for, world, params):
    response = api_for("county").get(FIGURES, params)
    assert response.status_code == 400, response.content
    assert set(response.json()) & set(params)
