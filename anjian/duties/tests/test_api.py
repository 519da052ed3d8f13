"""The duties on /api/v1/: the contract outside tools rely on (filters, `status`, `item`, `due_on`, `done_on`, the
`done` action and its refusals), the reports' two signatures and acknowledgement, deliveries and contracts with
their computed flag — 400 keyed by field with nothing stored, 403 for roles that may not, 404 outside the
jurisdiction."""

from __future__ import annotations

import datetime as dt

import pytest

from anjian.duties import lists, services
from anjian.duties.models import DutyOccurrence, DutyReport, ListDelivery, OutsourcingContract, ReportTemplate

from .conftest import TODAY, occurrence, said
from .test_contracts import ORDERLY

pytestmark = pytest.mark.usefixtures("calendar")
URL = "/api/v1/duty-occurrences/"
AUGUST = dt.date(2026, 8, 1)


def refused(response, field: str) -> str:
    assert response.status_code == 400, response.content
    body = response.json()
    assert list(body) == [field], body
    return body[field][0]


def ids(api, url: str) -> set[int]:
    response = api.get(url)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_the_list_filters_and_each_row_says_item_due_and_done(world, api_for):
    shop = world.enterprises["shop"]
    meeting = occurrence(shop, "review_meeting", AUGUST)
    services.mark_done(world.users["qiye1"], meeting, TODAY, "讲评会")
    api = api_for("county")
    rows = api.get(f"{URL}?enterprise={shop.pk}&item=review_meeting&status=done").json()["results"]
    assert [(r["id"], r["item"], r["due_on"], r["done_on"], r["status"]) for r in rows] == [
        (meeting.pk, "review_meeting", "2026-08-31", "2026-08-15", "done")
    ]
    overdue = DutyOccurrence.objects.filter(enterprise=shop, done_on__isnull=True, due_on__lt=TODAY)
    assert ids(api, f"{URL}?enterprise={shop.pk}&status=overdue&page_size=500") == set(
        overdue.values_list("pk", flat=True)
    )
    due = ids(api, f"{URL}?enterprise={shop.pk}&status=due&page_size=500")
    assert due == set(
        DutyOccurrence.objects.filter(enterprise=shop, done_on__isnull=True, due_on__gte=TODAY).values_list(
            "pk", flat=True
        )
    )
    for query, field in (
        ("status=late", "status"),
        ("item=nothing", "item"),
        ("enterprise=abc", "enterprise"),
        ("town=999", "town"),
    ):
        refused(api.get(f"{URL}?{query}"), field)
    assert api.get(f"{URL}?enterprise=999999").json()["count"] == 0


def test_each_sees_its_own(world, api_for, qiye2):
    e = world.enterprises
    mine = set(DutyOccurrence.objects.filter(enterprise=e["shop"]).values_list("pk", flat=True))
    assert ids(api_for("qiye1"), f"{URL}?page_size=500") == mine
    town = set(DutyOccurrence.objects.filter(enterprise__in=[e["shop"], e["mine"]]).values_list("pk", flat=True))
    assert ids(api_for("gaoxing"), f"{URL}?page_size=500") == town
    assert ids(api_for("expert1"), URL) == set()


def test_done_and_its_refusals(world, api_for, qiye2):
    meeting = occurrence(world.enterprises["shop"], "review_meeting", AUGUST)
    url = f"{URL}{meeting.pk}/done/"
    qiye1 = api_for("qiye1")
    cases = [
        ({"done_on": (TODAY + dt.timedelta(days=1)).isoformat(), "minutes": "会"}, "done_on"),
        ({"done_on": "2026-07-31", "minutes": "会"}, "done_on"),
        ({"done_on": "2026-13-01", "minutes": "会"}, "done_on"),
        ({"minutes": "会"}, "done_on"),
        ({"done_on": "2026-08-10"}, "minutes"),
        ({"done_on": "2026-08-10", "minutes": "会\u0007"}, "minutes"),
        ({"done_on": "2026-08-10", "minutes": "会", "principal_name": "王" * 41}, "principal_name"),
    ]
    for body, field in cases:
        refused(qiye1.post(url, body, format="json"), field)
    meeting.refresh_from_db()
    assert meeting.done_on is None
    assert api_for("county").post(url, {"done_on": "2026-08-10", "minutes": "会"}, format="json").status_code == 403
    assert api_for("qiye2").post(url, {"done_on": "2026-08-10", "minutes": "会"}, format="json").status_code == 404
    done = qiye1.post(url, {"done_on": "2026-08-10", "minutes": "主持召开讲评会"}, format="json")
    assert done.status_code == 200, done.content
    assert (done.json()["done_on"], done.json()["status"], done.json()["principal_name"]) == (
        "2026-08-10",
        "done",
        "王国平",
    )
    again = refused(qiye1.post(url, {"done_on": "2026-08-11", "minutes": "再记"}, format="json"), "non_field_errors")
    assert again == said(
        "This duty was already recorded as done on %(day)s; a record is never changed.", day="2026-08-10"
    )
    assert qiye1.put(url, {}, format="json").status_code == 405


def test_reports_two_signatures_and_acknowledgement(world, api_for):
    template = ReportTemplate.objects.get()
    body = {"enterprise": world.enterprises["shop"].pk, "template": template.pk, "sections": ["履职", "", ""]}
    assert api_for("county").post("/api/v1/duty-reports/", body, format="json").status_code == 403
    refused(api_for("qiye1").post("/api/v1/duty-reports/", {**body, "day": "2099-01-01"}, format="json"), "day")
    refused(
        api_for("qiye1").post(
            "/api/v1/duty-reports/", {**body, "enterprise": world.enterprises["mine"].pk}, format="json"
        ),
        "enterprise",
    )
    created = api_for("qiye1").post("/api/v1/duty-reports/", body, format="json")
    assert created.status_code == 201, created.content
    report = created.json()
    assert (report["state"], report["period_label"], report["signatories"]) == (
        "draft",
        "2026年第3季度",
        template.signatories,
    )
    url = f"/api/v1/duty-reports/{report['id']}/"
    qiye1 = api_for("qiye1")
    assert qiye1.patch(url, {"sections": ["改", "", ""]}, format="json").json()["sections"][0]["text"] == "改"
    assert qiye1.post(url + "sign/", {"position": 0, "signer_name": "王国平"}, format="json").status_code == 201
    refused(qiye1.post(url + "sign/", {"position": 1, "signer_name": "王国平"}, format="json"), "signer_name")
    refused(qiye1.patch(url, {"sections": ["又改", "", ""]}, format="json"), "non_field_errors")
    signed = qiye1.post(url + "sign/", {"position": 1, "signer_name": "李安全"}, format="json").json()
    assert signed["state"] == "signed" and [s["signer_name"] for s in signed["signatures"]] == ["王国平", "李安全"]
    assert qiye1.post(url + "acknowledge/", {}, format="json").status_code == 403
    assert api_for("grid1").post(url + "acknowledge/", {}, format="json").status_code == 404
    acknowledged = api_for("gaoxing").post(url + "acknowledge/", {"comment": "已阅"}, format="json")
    assert acknowledged.status_code == 201 and acknowledged.json()["acknowledgement"]["comment"] == "已阅"
    assert DutyReport.objects.get().state == "acknowledged"
    assert api_for("county").get("/api/v1/duty-reports/?state=acknowledged").json()["count"] == 1


def test_deliveries_and_their_acknowledgement(world, api_for):
    the_list = services.save_list(world.users["county"], None, **lists.NOTICE_LIST)
    body = {"list": the_list.pk, "enterprise": world.enterprises["shop"].pk, "delivered_on": TODAY.isoformat()}
    made = api_for("gaoxing").post("/api/v1/list-deliveries/", body, format="json")
    assert made.status_code == 201, made.content
    refused(api_for("gaoxing").post("/api/v1/list-deliveries/", body, format="json"), "enterprise")
    school = {**body, "enterprise": world.enterprises["school"].pk}
    refused(api_for("gaoxing").post("/api/v1/list-deliveries/", school, format="json"), "enterprise")
    assert (
        api_for("qiye1").post("/api/v1/list-deliveries/", body, format="json").status_code == 403
    )  # a unit delivers nothing
    refused(
        api_for("county").post("/api/v1/list-deliveries/", {**school, "delivered_on": "2099-01-01"}, format="json"),
        "delivered_on",
    )
    url = f"/api/v1/list-deliveries/{made.json()['id']}/acknowledge/"
    refused(api_for("qiye1").post(url, {"acknowledged_on": "2020-01-01"}, format="json"), "acknowledged_on")
    done = api_for("qiye1").post(url, {}, format="json")
    assert done.status_code == 200 and done.json()["acknowledged_on"] == TODAY.isoformat()
    assert api_for("county").get(f"/api/v1/list-deliveries/?list={the_list.pk}&acknowledged=true").json()["count"] == 1
    assert ListDelivery.objects.count() == 1


def test_contracts_with_their_computed_flag(world, api_for):
    body = {**ORDERLY, "enterprise": world.enterprises["shop"].pk, "starts_on": "2026-03-01", "ends_on": "2027-02-28",
            "agreement_signed": False}  # fmt: skip
    made = api_for("qiye1").post("/api/v1/outsourcing-contracts/", body, format="json")
    assert made.status_code == 201, made.content
    assert (made.json()["disorderly"], made.json()["reasons"]) == (True, ["no_agreement"])
    refused(
        api_for("qiye1").post(
            "/api/v1/outsourcing-contracts/",
            {**body, "disorderly": False, "counterparty_credit_code": "913607321"},
            format="json",
        ),
        "counterparty_credit_code",
    )
    url = f"/api/v1/outsourcing-contracts/{made.json()['id']}/"
    assert api_for("county").get("/api/v1/outsourcing-contracts/?disorderly=true").json()["count"] == 1
    fixed = api_for("gaoxing").patch(url, {"agreement_signed": True, "disorderly": True}, format="json")
    assert fixed.status_code == 200 and fixed.json()["disorderly"] is False
    assert (
        api_for("yingji").patch(url, {"enterprise": world.enterprises["mine"].pk}, format="json").json()["enterprise"]
        == world.enterprises["shop"].pk
    )
    assert api_for("grid1").patch(url, {"agreement_signed": False}, format="json").status_code == 404
    assert OutsourcingContract.objects.count() == 1


def test_the_rule_tables_read(world, api_for):
    items = api_for("qiye1").get("/api/v1/duty-items/").json()["results"]
    assert len(items) == 11 and items[1]["code"] == "hazard_check" and items[1]["high_risk_frequency"] == "month"
    assert api_for("qiye1").post("/api/v1/duty-items/", {}, format="json").status_code == 405
    templates = api_for("qiye1").get("/api/v1/duty-report-templates/").json()["results"]
    assert templates[0]["is_default"] is True
    assert api_for("qiye1").get("/api/v1/duty-lists/").status_code == 200


def test_the_schema_documents_the_endpoints_under_duties(world, api_for):
    schema = api_for("county").get("/api/schema/?format=json").json()
    expected = {
        "/api/v1/duty-items/": {"get"},
        "/api/v1/duty-occurrences/": {"get"},
        "/api/v1/duty-occurrences/{id}/": {"get"},
        "/api/v1/duty-occurrences/{id}/done/": {"post"},
        "/api/v1/duty-reports/": {"get", "post"},
        "/api/v1/duty-reports/{id}/": {"get", "patch"},
        "/api/v1/duty-reports/{id}/sign/": {"post"},
        "/api/v1/duty-reports/{id}/acknowledge/": {"post"},
        "/api/v1/list-deliveries/": {"get", "post"},
        "/api/v1/list-deliveries/{id}/acknowledge/": {"post"},
        "/api/v1/outsourcing-contracts/": {"get", "post"},
        "/api/v1/outsourcing-contracts/{id}/": {"get", "patch"},
    }
    for path, methods in expected.items():
        assert set(schema["paths"][path]) == methods, path
        assert all(op["tags"] == ["duties"] for op in schema["paths"][path].values()), path
    parameters = {p["name"] for p in schema["paths"]["/api/v1/duty-occurrences/"]["get"]["parameters"]}
    assert {"enterprise", "item", "status"} <= parameters


def test_every_text_field_refuses_control_characters_whoever_sends_it(world, api_for):
    """As tests/test_api_schema.py sweeps the whole API with the county office's token: each text property alone,
    holding a control character, is a 400 naming that property — before any question of who may."""
    from django.utils.translation import gettext

    from anjian.core.validators import CONTROL_CHARACTERS_MESSAGE

    shop = world.enterprises["shop"]
    template = ReportTemplate.objects.get()
    report = services.create_report(world.users["qiye1"], shop, template, ["a", "", ""])
    the_list = services.save_list(world.users["county"], None, **lists.NOTICE_LIST)
    delivery = services.record_delivery(world.users["county"], the_list, shop, TODAY)
    contract = services.record_contract(world.users["qiye1"], shop, **ORDERLY)
    ids = {"duty-occurrences": occurrence(shop, "review_meeting", AUGUST).pk, "duty-reports": report.pk,
           "list-deliveries": delivery.pk, "outsourcing-contracts": contract.pk}  # fmt: skip
    api = api_for("county")
    schema = api.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    checked = []
    for path, item in schema["paths"].items():
        resource = next((r for r in ids if f"/{r}/" in path), None)
        if resource is None:
            continue
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            node = components[body["$ref"].rsplit("/", 1)[1]] if "$ref" in body else body
            texts = [
                n for n, p in node.get("properties", {}).items() if p.get("type") == "string" and "format" not in p
            ]
            for name in texts:
                url = path.replace("{id}", str(ids[resource]))
                response = api.generic(
                    method.upper(), url, data=f'{{"{name}": "甲\\u0007乙"}}', content_type="application/json"
                )
                assert response.status_code == 400, (method, url, name, response.content)
                assert response.json()[name] == [gettext(CONTROL_CHARACTERS_MESSAGE)], (method, url, name)
                checked.append(f"{method} {path} {name}")
    assert len(checked) >= 15, checked
    assert DutyOccurrence.objects.filter(done_on__isnull=False).count() == 0
