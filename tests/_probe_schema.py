"""Schemathesis over the whole OpenAPI schema at /api/schema/: no input may cause a 5xx, and every
answer must match what the schema promises (status body, content type).

Runs against the Django WSGI app in-process, signed in as the county office, on the test world.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from anjian.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

EXPECTED_PATHS = {
    "/api/v1/auth/token/",
    "/api/v1/regions/",
    "/api/v1/regions/{code}/",
    "/api/v1/departments/",
    "/api/v1/departments/{code}/",
    "/api/v1/sectors/",
    "/api/v1/sectors/{code}/",
    "/api/v1/enterprises/",
    "/api/v1/enterprises/{id}/",
    "/api/v1/enterprises/{id}/signboard.pdf/",
    "/api/v1/enterprises/signboards.xlsx/",
    "/api/v1/enterprises/export.xlsx/",
    "/api/v1/hazards/",
    "/api/v1/hazards/{id}/",
    "/api/v1/hazards/{id}/transitions/",
    "/api/v1/hazards/{id}/photos/",
    "/api/v1/hazards/ledger.xlsx/",
    "/api/v1/hazards/stats/",
    "/api/v1/hazards/quota/",
    "/api/v1/criteria/",
    "/api/v1/criteria/{id}/",
    "/api/v1/risk-points/",
    "/api/v1/risk-points/{id}/",
    "/api/v1/risk-points/{id}/notice-board.pdf/",
    "/api/v1/risk-points/regional/",
    "/api/v1/risk-points/regional/town-sector/",
    "/api/v1/assessments/",
    "/api/v1/assessments/{id}/",
    "/api/v1/major-hazard-sources/",
    "/api/v1/major-hazard-sources/{id}/",
    "/api/v1/substances/",
    "/api/v1/substances/{id}/",
    "/api/v1/enterprises/{id}/site-plan/",
    "/api/v1/enterprises/{enterprise_pk}/risk-zones/",
    "/api/v1/enterprises/{enterprise_pk}/risk-zones/{zone_id}/",
    "/api/v1/inspections/",
    "/api/v1/inspections/{id}/",
    "/api/v1/inspections/{id}/results/",
    "/api/v1/inspections/{id}/results/{result_id}/hazard/",
    "/api/v1/inspections/{id}/sign/",
    "/api/v1/inspection-plans/",
    "/api/v1/inspection-plans/{id}/",
    "/api/v1/checklists/",
    "/api/v1/checklists/{id}/",
    "/api/v1/enforcement-actions/",
    "/api/v1/enforcement-actions/{id}/",
    "/api/v1/enforcement-actions/{id}/typical/",
    "/api/v1/enforcement-actions/warnings/",
    "/api/v1/documents/",
    "/api/v1/documents/{id}/",
    "/api/v1/statistics/supervision/",
    "/api/v1/statistics/supervision/typical-cases/",
    *(
        f"/api/v1/enterprises/{{id}}/risk-package/{name}/"
        for name in (
            "four-colour-map.png",
            "four-colour-map.pdf",
            "notice-boards.pdf",
            "lists.xlsx",
            "responsibility-list.pdf",
            "measures-list.pdf",
            "emergency-list.pdf",
        )
    ),
}
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def test_the_schema_declares_every_resource():
    paths = set(schema.raw_schema["paths"])
    assert EXPECTED_PATHS <= paths, EXPECTED_PATHS - paths
    operations = [result.ok() for result in schema.get_all_operations()]
    # 4 read-only pairs (list, retrieve: regions, departments, sectors, criteria) + token + enterprises
    # CRUD (6) + 3 files + hazards (list, create, retrieve, transitions, photos, ledger, stats, quota)
    # + risk points (CRUD 6, notice board, regional, town-sector) + assessments (list, create, retrieve)
    # + major hazard sources (list, create, retrieve, put, patch) + substances (2) + site plan (get, put)
    # + 7 package files + risk zones (CRUD 6) + inspections (list, create, retrieve, results, hazard, sign)
    # + checklists (CRUD 6) + enforcement actions (list, create, retrieve, typical, warnings)
    # + documents (list, create, retrieve) + supervision statistics (figures, typical cases)
    # + inspection plans (list, create, retrieve, put, patch).
    assert len(operations) == 4 * 2 + 1 + 6 + 3 + 8 + 9 + 3 + 5 + 2 + 2 + 7 + 6 + 6 + 6 + 5 + 3 + 2 + 5
    binary = schema.raw_schema["paths"]["/api/v1/enterprises/{id}/signboard.pdf/"]["get"]["responses"]["200"]
    assert binary["content"]["application/pdf"]["schema"]["format"] == "binary"


@pytest.fixture
def keep_test_connection():
    """Requests go straight to the WSGI app, whose request signals would close the test's DB connection
    (fatal on PostgreSQL inside the test transaction); Django's own test client detaches them likewise."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def county_token(world, keep_test_connection):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=world.users["county"]).key


@pytest.fixture
def hazard_ids(world):
    """Hazards in several states and levels, so that transitions can also succeed (201), not only refuse."""
    import datetime as dt

    from django.utils import timezone

    from anjian.hazards import services
    from anjian.hazards.models import Criterion, CriterionDocument

    county, town, grid = world.users["county"], world.users["gaoxing"], world.users["grid1"]
    doc = CriterionDocument.objects.create(
        sector=world.sectors["non_coal_mine"], title="金属非金属矿山重大事故隐患判定标准", doc_number="矿安〔2022〕88号"
    )
    criterion = Criterion.objects.create(
        document=doc, article="第四条", item="（一）", text="安全出口存在下列情形之一的"
    )
    made = [
        services.register_hazard(grid, world.enterprises["site"], description="临边防护缺失", source="grid_patrol"),
        services.register_hazard(town, world.enterprises["shop"], description="超量储存", source="public_report"),
        services.register_hazard(town, world.enterprises["mine"], description="安全出口不畅", source="expert"),
        services.register_hazard(county, world.enterprises["school"], description="消防通道堵塞", source="supervision"),
    ]
    services.perform(town, made[2], "assess", grade="major", criterion=criterion)
    services.perform(county, made[3], "assess", grade="general")
    deadline = timezone.localdate() + dt.timedelta(days=10)
    services.perform(county, made[3], "plan", responsible_person="王五", measures="清理", deadline=deadline)
    return [h.pk for h in made], criterion.pk


@pytest.fixture
def risk_ids(world):
    """A risk point (assessed) and a major hazard source per enterprise, a substance, the shop's site plan
    with one zone: real ids for the risk endpoints."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from anjian.risk import services
    from anjian.risk.models import HazardousSubstance, MajorHazardSource, RiskPoint, RiskZone, SitePlan
    from anjian.risk.siteplans import store_site_plan

    county = world.users["county"]
    ids = {"risk-points": [], "assessments": [], "major-hazard-sources": []}
    for enterprise in world.enterprises.values():
        point = services.save_point(county, RiskPoint(enterprise=enterprise, name="储存区", kind="place"))
        ids["risk-points"].append(point.pk)
        ids["assessments"].append(services.assess(county, point, "LS", {"l": 3, "s": 4}).pk)
        source = MajorHazardSource.objects.create(
            enterprise=enterprise, name="罐区", region=enterprise.region, sector=enterprise.sector
        )
        ids["major-hazard-sources"].append(source.pk)
    ids["substances"] = [HazardousSubstance.objects.create(name="氯", cas="7782-50-5", critical_quantity=5).pk]
    out = io.BytesIO()
    Image.new("RGB", (80, 60), "white").save(out, "PNG")
    image = store_site_plan(SimpleUploadedFile("plan.png", out.getvalue(), content_type="image/png"), county)
    plan = SitePlan.objects.create(enterprise=world.enterprises["shop"], image=image)
    zone = RiskZone.objects.create(site_plan=plan, polygon=[[0.1, 0.1], [0.6, 0.1], [0.6, 0.5]], label="储存区")
    ids["zone_id"] = [zone.pk]
    return ids


@pytest.fixture
def inspection_ids(world, hazard_ids):
    """A checklist, visits (one with a failed item), an enforcement action and a document: real ids for the
    inspection endpoints, and a draft visit the county office is on, so that results and signatures succeed."""
    import datetime as dt

    from django.utils import timezone

    from anjian.inspections import services
    from anjian.inspections.models import Checklist, ChecklistItem

    county, yingji = world.users["county"], world.users["yingji"]
    day = timezone.localdate() - dt.timedelta(days=2)
    checklist = Checklist.objects.create(name="烟花爆竹检查表", sector=world.sectors["fireworks"])
    ChecklistItem.objects.create(checklist=checklist, order=1, text="超量储存")
    visits = [
        services.create_inspection(
            county, unit=world.enterprises[key], kind="routine", visit_date=day, inspectors=[county, yingji]
        )
        for key in ("shop", "mine")
    ]
    visits[0].checklist = checklist
    visits[0].save()
    result = services.record_result(county, visits[0], result="fail", text="超量储存")
    action = services.record_action(
        county, unit=world.enterprises["shop"], kind="admonition", decided_on=day, description="约谈"
    )
    document = services.issue_document(
        county,
        department=world.departments["yingji"],
        kind="inspection_record",
        unit=world.enterprises["shop"],
        issued_on=day,
    )
    return {
        "inspections": [v.pk for v in visits],
        "result_id": [result.pk],
        "checklists": [checklist.pk],
        "enforcement-actions": [action.pk],
        "documents": [document.pk],
        "inspectors": [["county", "yingji"]],
        "department": ["yingji"],
    }


@pytest.fixture
def known_keys(world, hazard_ids, risk_ids, inspection_ids):
    """Real lookup values, so that generated requests also reach existing records, not only 404s."""
    hazards, criterion = hazard_ids
    return {
        **risk_ids,
        **inspection_ids,
        "enterprise_pk": [e.pk for e in world.enterprises.values()],
        "enterprise": [e.pk for e in world.enterprises.values()],
        "risk_point": risk_ids["risk-points"],
        "id": [e.pk for e in world.enterprises.values()],
        "code": [*world.regions, *world.departments, *world.sectors],
        "hazards": hazards,
        "criteria": [criterion],
        "unit": [e.pk for e in world.enterprises.values()],
    }


def _pick(keys: list, value) -> object | None:
    """One of `keys` for half of the generated values (chosen from the value, so examples stay reproducible)."""
    digest = sum(str(value).encode())
    return keys[digest // 2 % len(keys)] if keys and digest % 2 == 0 else None


def _aim_at_known_records(case, known_keys) -> None:
    """Point half of the generated detail requests at records that exist, and half of the records created
    at a real unit, enterprise or risk point."""
    resources = (
        "hazards",
        "criteria",
        "risk-points",
        "assessments",
        "major-hazard-sources",
        "substances",
        "inspections",
        "checklists",
        "enforcement-actions",
        "documents",
    )
    resource = next((r for r in resources if f"/{r}/" in case.path), None)
    for name, value in list((case.path_parameters or {}).items()):
        keys = known_keys[resource] if resource and name == "id" else known_keys.get(name, [])
        keys = [str(k) for k in keys if not str(k).startswith(("lj_", "gx_"))]
        if (chosen := _pick(keys, value)) is not None:
            case.path_parameters[name] = chosen
    if isinstance(case.body, dict) and case.method in ("POST", "PUT", "PATCH"):
        for name in ("unit", "enterprise", "risk_point", "inspectors", "department"):
            if name in case.body and (chosen := _pick(known_keys[name], case.body.get(name))) is not None:
                case.body[name] = chosen


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.reuse, Phase.generate])
def test_api_conforms_to_its_schema(case, county_token, known_keys):
    _aim_at_known_records(case, known_keys)
    from schemathesis.specs.openapi.checks import positive_data_acceptance
    case.call_and_validate(headers={"Authorization": f"Token {county_token}"}, excluded_checks=[positive_data_acceptance])
