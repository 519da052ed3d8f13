"""Schemathesis over the whole OpenAPI schema at /api/schema/: every operation, with its explicit examples,
the coverage phase's boundary values of every parameter and property, then fuzzed valid and invalid input,
and every check but two: no input may cause a 5xx, every status, content type, body and header must be the
documented ones, an undeclared method answers 405 with Allow, a request without credentials is refused.

Left out: positive_data_acceptance (valid per the schema is not valid per the rules: credit-code check
digits, factor tables, jurisdiction, states of the hazard loop answer 400/403 on purpose) and
negative_data_rejection (DRF is lenient by design where the schema is strict: numbers for text, 0/1 for
booleans, an empty multipart value for null, unknown page sizes fall back to the default).

Runs against the Django WSGI app in-process, signed in as the county office, on the test world with real
records, built once for the module (each test runs in a savepoint of it, so the run stays short).
"""

import json

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from anjian.wsgi import application

# The coverage phase sends the boundary values of every parameter and property valid; invalid input is left to
# the fuzzing phase (its negative half): the coverage phase's invalid variants would more than double the run.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"generation": {"mode": "positive"}}}})
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)
FILES = r"[./](pdf|png|xlsx)/$"  # downloads: an id and filters in, a rendered file out, slow to make

EXPECTED_PATHS = {
    "/api/v1/field/bundle/",
    "/api/v1/field/uploads/",
    "/api/v1/field/uploads/{id}/",
    "/api/v1/summaries/counties/",
    "/api/v1/auth/token/",
    "/api/v1/auth/tokens/",
    "/api/v1/auth/tokens/{id}/",
    "/api/v1/auth/tokens/{id}/revoke/",
    "/api/v1/drills/",
    "/api/v1/drills/{id}/",
    "/api/v1/drills/{id}/photos/",
    "/api/v1/emergency-plans/",
    "/api/v1/emergency-plans/{id}/",
    "/api/v1/emergency-plans/{id}/revise/",
    "/api/v1/emergency-plans/{id}/document/",
    "/api/v1/accidents/",
    "/api/v1/accidents/{id}/",
    "/api/v1/accidents/{id}/report/",
    "/api/v1/drill-requirements/",
    "/api/v1/drill-requirements/{id}/",
    "/api/v1/people/",
    "/api/v1/people/{id}/",
    "/api/v1/people/certification-rate/",
    "/api/v1/people/welders/",
    "/api/v1/training-records/",
    "/api/v1/training-records/{id}/",
    "/api/v1/certificates/",
    "/api/v1/certificates/{id}/",
    "/api/v1/absences/",
    "/api/v1/absences/{id}/",
    "/api/v1/permits/",
    "/api/v1/permits/{id}/",
    "/api/v1/duty-items/",
    "/api/v1/duty-items/{id}/",
    "/api/v1/duty-occurrences/",
    "/api/v1/duty-occurrences/{id}/",
    "/api/v1/duty-occurrences/{id}/done/",
    "/api/v1/duty-report-templates/",
    "/api/v1/duty-report-templates/{id}/",
    "/api/v1/duty-reports/",
    "/api/v1/duty-reports/{id}/",
    "/api/v1/duty-reports/{id}/sign/",
    "/api/v1/duty-reports/{id}/acknowledge/",
    "/api/v1/duty-lists/",
    "/api/v1/duty-lists/{id}/",
    "/api/v1/list-deliveries/",
    "/api/v1/list-deliveries/{id}/",
    "/api/v1/list-deliveries/{id}/acknowledge/",
    "/api/v1/outsourcing-contracts/",
    "/api/v1/outsourcing-contracts/{id}/",
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
    "/api/v1/hazards/general-ledger.xlsx/",
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
    "/api/v1/campaigns/",
    "/api/v1/campaigns/{id}/",
    "/api/v1/campaigns/{id}/dispatch/",
    "/api/v1/campaigns/{id}/dispatch/rows/",
    "/api/v1/campaign-templates/",
    "/api/v1/campaign-reports/",
    "/api/v1/campaign-reports/{id}/",
    "/api/v1/campaign-reports/{id}/submit/",
    "/api/v1/campaign-reports/{id}/return/",
    "/api/v1/campaigns/{id}/ranking/",
    "/api/v1/campaigns/{id}/progress/",
    "/api/v1/campaign-reports/due/",
    "/api/v1/campaigns/{id}/ranking-rule/",
    "/api/v1/campaign-notices/",
    "/api/v1/campaign-notices/{id}/",
    "/api/v1/campaign-notices/{id}/issue/",
    "/api/v1/campaign-notices/{id}/document/",
    "/api/v1/campaign-task-entries/",
    "/api/v1/demonstration-sites/",
    "/api/v1/work-records/",
    "/api/v1/work-records/{id}/",
    "/api/v1/technical-inspectors/",
    "/api/v1/technical-inspectors/{id}/",
    "/api/v1/checklists/",
    "/api/v1/checklists/{id}/",
    "/api/v1/enforcement-actions/",
    "/api/v1/enforcement-actions/{id}/",
    "/api/v1/enforcement-actions/{id}/typical/",
    "/api/v1/enforcement-actions/warnings/",
    "/api/v1/documents/",
    "/api/v1/documents/{id}/",
    "/api/v1/documents/{id}/pdf/",
    "/api/v1/statistics/supervision/",
    "/api/v1/statistics/supervision/typical-cases/",
    "/api/v1/criteria/suggest/",
    "/api/v1/desk/",
    "/api/v1/dashboard/",
    "/api/v1/dashboard/rows/",
    "/api/v1/inbox/",
    "/api/v1/inbox/{id}/read/",
    "/api/v1/inbox/read-all/",
    "/api/v1/contest-rounds/",
    "/api/v1/contest-rounds/{id}/",
    "/api/v1/contest-rounds/{id}/leaderboard/",
    "/api/v1/contest-questions/",
    "/api/v1/contest-questions/{id}/",
    "/api/v1/contest-attempts/",
    "/api/v1/contest-attempts/{id}/",
    "/api/v1/public/reports/",
    "/api/v1/public/reports/{tracking_code}/",
    "/api/v1/public/reports/{tracking_code}/answers/",
    "/api/v1/reports/",
    "/api/v1/reports/{id}/",
    "/api/v1/reports/{id}/transitions/",
    "/api/v1/reports/{id}/hazard/",
    "/api/v1/reports/{id}/reveal/",
    "/api/v1/reports/stats/",
    "/api/v1/rewards/",
    "/api/v1/rewards/{id}/",
    "/api/v1/rewards/{id}/approve/",
    "/api/v1/rewards/{id}/reject/",
    "/api/v1/rewards/{id}/pay/",
    "/api/v1/case-publications/",
    "/api/v1/case-publications/{id}/",
    "/api/v1/case-publications/{id}/publish/",
    "/api/v1/case-publications/{id}/withdraw/",
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
LEFT_OUT = [positive_data_acceptance, negative_data_rejection]  # see the module's docstring
EXAMPLES = 40  # fuzzed per operation (valid and invalid), beside the explicit examples and the coverage phase
FILE_EXAMPLES = 8  # per download: ids and filters vary little, each file takes long to render
AUTH_CONFIRMED: set[str] = set()  # operations whose refusal without credentials has been seen


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """The public endpoints' per-client limits (tested in anjian/public/tests) would answer the many requests of one
    test with 429: lifted here, where every request comes from the same address."""
    settings.ANJIAN_PUBLIC_REPORT_RATES = settings.ANJIAN_PUBLIC_LOOKUP_RATES = "100000/min"


def ignored_auth_once(ctx, response, case):
    """schemathesis' ignored_auth, probing each operation once as its command line does (under pytest it would
    send three more requests after every successful one)."""
    ctx.auth_enforced_operations = AUTH_CONFIRMED  # the check adds the operation once it has probed it
    return ignored_auth(ctx, response, case)


ignored_auth_once.__name__ = "ignored_auth"


def test_the_schema_declares_every_resource():
    paths = set(schema.raw_schema["paths"])
    assert EXPECTED_PATHS <= paths, EXPECTED_PATHS - paths
    operations = [result.ok() for result in schema.get_all_operations()]
    # 4 read-only pairs (list, retrieve: regions, departments, sectors, criteria) + token + enterprises
    # CRUD (6) + 3 files + hazards (list, create, retrieve, transitions, photos, 2 ledgers, stats, quota)
    # + risk points (CRUD 6, notice board, regional, town-sector) + assessments (list, create, retrieve)
    # + major hazard sources (list, create, retrieve, put, patch) + substances (2) + site plan (get, put)
    # + 7 package files + risk zones (CRUD 6) + inspections (list, create, retrieve, results, hazard, sign)
    # + checklists (CRUD 6) + enforcement actions (list, create, retrieve, typical, warnings)
    # + documents (list, create, retrieve, pdf) + supervision statistics (figures, typical cases)
    # + inspection plans (list, create, retrieve, put, patch) + campaigns (list, create, retrieve, dispatch,
    # dispatch rows, ranking get and post, progress, ranking rule get and put) + campaign templates (list)
    # + campaign reports (list, create, retrieve, patch, submit, return, evidence, due) + demonstration sites (list, create, retrieve, patch, advance)
    # + work records and technical inspectors (list, create, retrieve, patch each) + campaign notices (list,
    # create, retrieve, patch, issue, document) + campaign task entries (list, create) + criteria suggest
    # + the work desk + the dashboard (figures, rows) + the inbox (list, read, read all)
    # + one's own API tokens (list, retrieve, revoke) + drills (list, create, retrieve, patch, photos)
    # + emergency plans (list, create, retrieve, patch, revise, document) + accidents (list, create, retrieve,
    # patch, report) + drill requirements (list, create, retrieve, patch) + people (list, create, retrieve, patch,
    # certification rate, welders) + training records, certificates, absences (CRUD 5 each) + permits (3)
    # + duties: items, occurrences (done), templates, reports (sign, acknowledge), lists, deliveries, contracts (23)
    # + the knowledge contest, read only: rounds (list, retrieve, leaderboard), questions and attempts (2 each).
    # + public reports (send, follow, answer) + reports (list, retrieve, transitions, hazard, reveal, stats)
    # + rewards (list, create, retrieve, approve, reject, pay)
    # + typical case publications (list, create, retrieve, patch, publish, withdraw).
    # + the counties by month (summaries) + the field bundle + photos in parts (begin, state, part).
    assert len(operations) == (
        4 * 2
        + 1
        + 6
        + 3
        + 9
        + 9
        + 3
        + 5
        + 2
        + 2
        + 7
        + 6
        + 6
        + 6
        + 5
        + 4
        + 2
        + 5
        + 10
        + 1
        + 8
        + 5
        + 8
        + 6
        + 2
        + 1
        + 1
        + 2
        + 3
        + 3
        + 5
        + 6
        + 5
        + 4
        + 6
        + 3 * 5
        + 3
        + 23
        + 7
        + 3
        + 6
        + 6
        + 6
        + 1
        + 1
        + 3
    )
    binary = schema.raw_schema["paths"]["/api/v1/enterprises/{id}/signboard.pdf/"]["get"]["responses"]["200"]
    assert binary["content"]["application/pdf"]["schema"]["format"] == "binary"


def test_every_operation_documents_its_refusals():
    """Errors are part of the contract (anjian/core/openapi.py): a client can read what each refusal looks like."""
    for path, item in schema.raw_schema["paths"].items():
        for method, operation in item.items():
            responses = set(operation["responses"])
            if operation.get("security"):
                assert {"401", "403"} <= responses, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if method != "get":
                assert "400" in responses, (method, path)
    delete = schema.raw_schema["paths"]["/api/v1/enterprises/{id}/"]["delete"]["responses"]
    assert delete["404"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
def api_data(django_db_setup, django_db_blocker, keep_test_connection, tmp_path_factory):
    """(the county office's token, known keys): the world and its records, made once for the module in a
    transaction rolled back at its end; every test of the module runs in a savepoint inside it."""
    from django.test import override_settings

    from anjian.core import tokens
    from anjian.core.testing import build_world

    # What the root conftest's per-test fixtures would set: files in a temporary folder, fast hashing.
    test_settings = override_settings(
        MEDIA_ROOT=tmp_path_factory.getbasetemp() / "media",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with test_settings, django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        hazards = hazard_ids(world)
        records = (
            risk_ids(world),
            inspection_ids(world, hazards),
            campaign_ids(world) | duty_ids(world) | contest_ids(world) | public_ids(world),
        )
        yield tokens.issue(world.users["county"])[1], known_keys(world, hazards, *records)
        transaction.set_rollback(True)


def public_ids(world):
    """A named report received, one found true and opened as a hazard with a reward proposed, their tracking codes."""
    from anjian.hazards import services as hazards
    from anjian.public import services
    from anjian.public.tests.conftest import grant_reveal

    values = {"description": "居民楼商铺存放大量烟花爆竹", "town": "360732104000", "address": "圩上街12号",
              "sector": "fireworks"}  # fmt: skip
    waiting, _secret = services.submit({**values, "anonymous": False, "name": "赵举报", "phone": "13812345678"})
    found, _secret = services.submit(values)
    town = world.users["gaoxing"]
    services.perform(town, found, "acknowledge")
    services.perform(town, found, "verify", unit=world.enterprises["shop"])
    services.open_hazard(town, found, unit=world.enterprises["shop"])
    grant_reveal(world.users["county"])
    found.refresh_from_db()
    hazards.perform(town, found.hazard, "assess", grade="major", major_reason="“三合一”场所")
    reward = services.propose(town, found, basis="major_hazard")
    return {"reports": [waiting.pk, found.pk], "rewards": [reward.pk], "report": [waiting.pk, found.pk],
            "tracking_code": [waiting.tracking_code, found.tracking_code]} | case_ids(world)  # fmt: skip


def case_ids(world):
    """Three cases of 应急局 marked typical: one drafted, one published (by the county office), one not yet drafted."""
    import datetime as dt

    from django.utils import timezone

    from anjian.inspections import services as inspections
    from anjian.public.services import cases

    yingji = world.users["yingji"]
    day = timezone.localdate() - dt.timedelta(days=3)
    actions = [
        inspections.mark_typical(yingji, inspections.record_action(
            yingji, unit=world.enterprises[key], kind="admonition", decided_on=day, description="约谈主要负责人"))
        for key in ("shop", "mine", "park_chem")
    ]  # fmt: skip
    drafted = cases.draft(yingji, actions[0])
    published = cases.draft(yingji, actions[1], basis="依据《中华人民共和国安全生产法》的有关规定。")
    cases.publish(world.users["county"], published)
    return {"case-publications": [drafted.pk, published.pk], "action": [actions[2].pk, actions[0].pk]}


def duty_ids(world):
    """A person with training, an absence and a certificate; a drill, a plan, an accident and a named place."""
    import datetime as dt

    from django.utils import timezone

    from anjian.emergency import services as emergency
    from anjian.people import certificates
    from anjian.people import services as people
    from anjian.people.validators import id_check_char

    county, shop, mine = world.users["county"], world.enterprises["shop"], world.enterprises["mine"]
    day = timezone.localdate() - dt.timedelta(days=40)
    first17 = "36073219800101001"
    person = people.add_person(county, enterprise=mine, id_number=first17 + id_check_char(first17), name="李四",
                               categories=["special_operation"], operation_type="welding", post="焊工")  # fmt: skip
    training = people.add_training(county, person=person, kind="initial", hours=24, date=day, course="安全培训")
    absence = people.add_absence(county, person=person, away_from=day, back_on=day + dt.timedelta(days=5))
    certificate = certificates.add_certificate(
        county, person=person, kind="special_operation", operation_type="welding", issued_on=day,
        number="T360732198001010011", issuer="赣州市应急管理局",
    )  # fmt: skip
    plan = emergency.record_plan(
        county, enterprise=shop, title="预案", kind="comprehensive", version="1", issued_on=day
    )
    drill = emergency.record_drill(county, enterprise=shop, kind="fire", held_on=day, participants=5, plan=plan)
    accident = emergency.record_accident(county, enterprise=shop, occurred_at=timezone.now() - dt.timedelta(days=2),
                                         summary="火灾")  # fmt: skip
    place = emergency.name_place(county, enterprise=world.enterprises["school"], people=500, counted_from=day,
                                 required_by=day + dt.timedelta(days=60))  # fmt: skip
    return duties_ids(world) | {
        "people": [person.pk], "training-records": [training.pk], "absences": [absence.pk],
        "certificates": [certificate.pk], "drills": [drill.pk], "emergency-plans": [plan.pk],
        "accidents": [accident.pk], "drill-requirements": [place.pk],
    }  # fmt: skip


def contest_ids(world):
    """A small bank, an open round and a finished attempt of the shop's user."""
    from django.utils import timezone

    from anjian.contests import attempts, bank, services

    county = world.users["county"]
    questions = [
        bank.add_question(county, kind="true_false", text=f"判断题{n}", answer="正确", topic="general")
        for n in range(3)
    ]
    today = timezone.localdate()
    round_ = services.create_round(county, title="安康杯", opens_on=today, closes_on=today, question_count=2)
    services.open_round(county, round_)
    attempt = attempts.start(round_, attempts.of_user(world.users["qiye1"]), timezone.now())
    attempts.submit(attempt, {1: "A"}, timezone.now())
    return {
        "contest-rounds": [round_.pk],
        "contest-questions": [q.pk for q in questions],
        "contest-attempts": [attempt.pk],
    }


def duties_ids(world):
    """The duty calendar, a duty report, a delivery of the list and a contract."""
    import datetime as dt

    from django.utils import timezone

    from anjian.duties import lists, services
    from anjian.duties.models import DutyItem, DutyOccurrence, ReportTemplate
    from anjian.duties.tests.test_contracts import ORDERLY

    today = timezone.localdate()
    services.generate_occurrences(today)
    shop = world.enterprises["shop"]
    template = ReportTemplate.objects.get()
    report = services.create_report(world.users["qiye1"], shop, template, ["履职", "", ""])
    the_list = services.save_list(world.users["county"], None, **lists.NOTICE_LIST)
    delivery = services.record_delivery(world.users["county"], the_list, shop, today)
    contract = services.record_contract(
        world.users["qiye1"], shop, **(ORDERLY | {"starts_on": today - dt.timedelta(days=10), "ends_on": None})
    )
    return {
        "duty-occurrences": list(DutyOccurrence.objects.filter(enterprise=shop).values_list("pk", flat=True)[:5]),
        "duty-reports": [report.pk], "list-deliveries": [delivery.pk], "outsourcing-contracts": [contract.pk],
        "duty-items": list(DutyItem.objects.values_list("pk", flat=True)), "duty-lists": [the_list.pk],
        "duty-report-templates": [template.pk], "template": [template.pk], "list": [the_list.pk],
    }  # fmt: skip


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
    changes = {"department": world.departments["yingji"], "period": "year", "year": day.year, "title": "年度执法计划"}
    plan = services.save_plan(county, None, changes)
    return {
        "inspections": [v.pk for v in visits],
        "inspection-plans": [plan.pk],
        "result_id": [result.pk],
        "checklists": [checklist.pk],
        "enforcement-actions": [action.pk],
        "documents": [document.pk],
        "inspectors": [["county", "yingji"]],
        "department": ["yingji"],
    }


def campaign_ids(world):
    """A campaign of this year (so the current month is open) and a town's draft report in it."""
    from django.utils import timezone

    from anjian.campaigns import services

    campaign = services.start_from_template(
        world.users["county"], "major-hazards-2023", region=world.regions["360732000000"]
    )
    town = campaign.participants.get(region=world.regions["360732104000"])
    month = services.open_periods(campaign)[-1] if services.open_periods(campaign) else timezone.localdate()
    report = services.report_for(world.users["gaoxing"], campaign, town, month.replace(day=1))
    sites = services.start_from_template(
        world.users["county"], "ge-shi-bai-qian-wan", region=world.regions["360732000000"]
    )
    from anjian.campaigns import demo_sites
    from anjian.worklog import services as worklog

    site = demo_sites.nominate(
        world.users["gaoxing"], sites, town=world.regions["360732104000"], kind="village", name="示范村"
    )
    yingji = world.users["yingji"]
    work = worklog.record_work(yingji, kind="field_supervision", date=timezone.localdate(), title="现场督导检查")
    inspector = worklog.add_inspector(
        yingji, name="张三", kind="full_time", since=timezone.localdate(), department=world.departments["yingji"]
    )
    from anjian.campaigns import notices

    notice = notices.draft(world.users["county"], campaign, month.replace(day=1))
    return {
        "campaign-notices": [notice.pk],
        "demonstration-sites": [site.pk],
        "work-records": [work.pk],
        "technical-inspectors": [inspector.pk],
        "campaigns": [campaign.pk],
        "campaign": [campaign.pk],
        "campaign-reports": [report.pk],
        "participant": [town.pk],
    }


def known_keys(world, hazard_ids, risk_ids, inspection_ids, campaign_ids):
    """Real lookup values, so that generated requests also reach existing records, not only 404s."""
    hazards, criterion = hazard_ids
    return {
        **risk_ids,
        **inspection_ids,
        **campaign_ids,
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
        "demonstration-sites",
        "work-records",
        "technical-inspectors",
        "campaign-reports",
        "campaigns",
        "hazards",
        "criteria",
        "risk-points",
        "assessments",
        "major-hazard-sources",
        "substances",
        "inspections",
        "inspection-plans",
        "checklists",
        "enforcement-actions",
        "documents",
        "people",
        "training-records",
        "absences",
        "certificates",
        "drills",
        "emergency-plans",
        "accidents",
        "drill-requirements",
        "duty-occurrences",
        "duty-reports",
        "list-deliveries",
        "outsourcing-contracts",
        "duty-items",
        "duty-lists",
        "duty-report-templates",
        "contest-rounds",
        "contest-questions",
        "contest-attempts",
        "reports",
        "rewards",
        "case-publications",
    )
    resource = next((r for r in resources if f"/{r}/" in case.path), None)
    for name, value in list((case.path_parameters or {}).items()):
        keys = known_keys[resource] if resource and name == "id" else known_keys.get(name, [])
        keys = [str(k) for k in keys if not str(k).startswith(("lj_", "gx_"))]
        if (chosen := _pick(keys, value)) is not None:
            case.path_parameters[name] = chosen
    if isinstance(case.body, dict) and case.method in ("POST", "PUT", "PATCH"):
        for name in (
            "unit",
            "enterprise",
            "risk_point",
            "inspectors",
            "department",
            "campaign",
            "participant",
            "report",
        ):
            if name in case.body and (chosen := _pick(known_keys[name], case.body.get(name))) is not None:
                case.body[name] = chosen
        if "/case-publications/" in case.path and "action" in case.body:  # elsewhere "action" names a step
            if (chosen := _pick(known_keys["action"], case.body.get("action"))) is not None:
                case.body["action"] = chosen


@pytest.mark.django_db
@schema.exclude(path_regex=FILES).parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, api_data):
    _call_and_validate(case, api_data)


@pytest.mark.django_db
@schema.include(path_regex=FILES).parametrize()
@settings(max_examples=FILE_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_downloads_conform_to_the_schema(case, api_data):
    _call_and_validate(case, api_data)


def _call_and_validate(case, api_data) -> None:
    token, known = api_data
    _aim_at_known_records(case, known)
    with transaction.atomic():  # each example in a savepoint of its own: all start from the same records
        try:
            case.call_and_validate(
                headers={"Authorization": f"Token {token}"},
                excluded_checks=[*LEFT_OUT, ignored_auth],
                additional_checks=[ignored_auth_once],
            )
        finally:
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_api_answer_is_json_even_at_an_unknown_address(api_data, client):
    from rest_framework.test import APIClient

    token, known = api_data
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    for method, url in [("delete", "/api/v1/enterprises/abc/"), ("get", "/api/v1/nothing/"), ("post", "/api/v1/x/")]:
        response = getattr(api, method)(url)
        assert (response.status_code, response["Content-Type"]) == (404, "application/json"), url
        assert response.json()["detail"]
    refused = api.delete(f"/api/v1/hazards/{known['hazards'][0]}/")  # hazards change only by transitions
    assert refused.status_code == 405 and "DELETE" not in refused["Allow"] and refused.json()["detail"]
    assert client.get("/registry/nothing/")["Content-Type"].startswith("text/html")  # pages keep their 404 page


# --- Control characters: every text field of every request body refuses them ------------------------------


def _resolved(node: dict) -> dict:
    """A schema node with its $ref followed and a lone allOf merged (how drf-spectacular wraps enums)."""
    components = schema.raw_schema["components"]["schemas"]
    while "$ref" in node:
        node = components[node["$ref"].rsplit("/", 1)[1]]
    if len(node.get("allOf", [])) == 1:
        return {**_resolved(node["allOf"][0]), **{k: v for k, v in node.items() if k != "allOf"}}
    return node


def _text_fields() -> dict[str, tuple[str, list[str]]]:
    """'METHOD path' → (the media type it takes, the names of the text properties of its body)."""
    found = {}
    for path, item in schema.raw_schema["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            media = "application/json" if "application/json" in content else next(iter(content), None)
            if media is None:
                continue
            properties = _resolved(content[media]["schema"]).get("properties", {})
            names = [
                name
                for name, node in properties.items()
                if _resolved(node).get("type") == "string" and _resolved(node).get("format") != "binary"
            ]
            if names:
                found[f"{method.upper()} {path}"] = (media, names)
    return found


TEXT_FIELDS = _text_fields()


def _real_path(path: str, known: dict) -> str:
    """The path with the ids of records that exist (a refusal must not be a 404)."""
    segments = path.strip("/").split("/")
    for index, segment in enumerate(segments):
        if segment.startswith("{"):
            name = segment[1:-1]
            keys = known.get(segments[index - 1], known["id"]) if name == "id" else known[name]
            segments[index] = str(keys[0])
    return "/" + "/".join(segments) + "/"


def test_the_sweep_covers_the_texts_people_type():
    assert "description" in TEXT_FIELDS["POST /api/v1/hazards/"][1]
    assert "name" in TEXT_FIELDS["PATCH /api/v1/enterprises/{id}/"][1]
    assert sum(len(names) for _media, names in TEXT_FIELDS.values()) > 100


@pytest.mark.django_db
@pytest.mark.parametrize("operation", sorted(TEXT_FIELDS))
def test_every_text_field_refuses_control_characters(api_data, operation):
    """Each text property alone, holding \\u000b or \\u0007: a 400 naming that property, in Chinese."""
    from rest_framework.test import APIClient

    token, known = api_data
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    method, path = operation.split(" ")
    media, names = TEXT_FIELDS[operation]
    wrong = []
    for number, name in enumerate(names):
        body = {name: "甲\u000b乙" if number % 2 else "甲\u0007乙"}
        response = api.generic(method, _real_path(path, known), **_encoded(body, media))
        messages = response.json().get(name, []) if response.status_code == 400 else []
        if not any("不能包含控制字符" in str(m) for m in messages):
            wrong.append((name, response.status_code, response.content[:200]))
    assert wrong == []


def _encoded(body: dict, media: str) -> dict:
    if media == "application/json":
        return {"data": json.dumps(body), "content_type": media}
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return {"data": encode_multipart(BOUNDARY, body), "content_type": MULTIPART_CONTENT}
