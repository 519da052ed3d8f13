"""Seed 002's figures from a known dataset, their rows, and the typical-case quota (seed 004 (二)3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from anjian.core.testing import make_user
from anjian.hazards import services as hazard_services
from anjian.hazards.choices import Source
from anjian.inspections import services
from anjian.inspections.choices import ActionKind, DocumentKind, ItemResult, VisitKind
from anjian.inspections.figures import FIGURE_KEYS, quarter
from anjian.inspections.models import Inspection
from anjian.inspections.tests.test_services import photo, second_officer
from anjian.org.choices import DepartmentKind, Role
from anjian.org.models import Department

Q3 = {"date_from": dt.date(2024, 7, 1), "date_to": dt.date(2024, 9, 30)}
NOW = dt.datetime(2024, 9, 30, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _visit(user, unit, day, officers, kind=VisitKind.ROUTINE, **kw) -> Inspection:
    return services.create_inspection(user, unit=unit, kind=kind, visit_date=day, inspectors=officers, **kw)


def _action(user, unit, day, kind, **kw):
    return services.record_action(user, unit=unit, kind=kind, decided_on=day, description="事实与理由", **kw)


def _hazards(world, shop_visit):
    county, e = world.users["county"], world.enterprises
    result = services.record_result(world.users["yingji"], shop_visit, result=ItemResult.FAIL, text="安全出口堵塞")
    services.finding_to_hazard(world.users["yingji"], result)
    mine = hazard_services.register_hazard(county, e["mine"], description="边坡开裂", source=Source.SELF_CHECK)
    hazard_services.perform(county, mine, "assess", grade="general")
    hazard_services.perform(county, mine, "fix_on_spot", photos=[photo()])
    hazard_services.register_hazard(county, e["site"], description="临边无防护", source=Source.GRID_PATROL)
    june = timezone.make_aware(dt.datetime(2024, 6, 10, 9))
    hazard_services.register_hazard(county, e["shop"], description="旧隐患", source=Source.SELF_CHECK, found_at=june)


def _actions(world, visits):
    county, yingji, e = world.users["county"], world.users["yingji"], world.enterprises
    shop_penalty = _action(
        yingji,
        e["shop"],
        dt.date(2024, 8, 5),
        ActionKind.PENALTY,
        inspection=visits["shop"],
        target="both",
        unit_amount_wan="2",
        principal_amount_wan="0.5",
    )
    _action(yingji, e["mine"], dt.date(2024, 8, 6), ActionKind.PENALTY, target="unit", unit_amount_wan="1.2")
    _action(yingji, e["mine"], dt.date(2024, 8, 7), ActionKind.SUSPENSION)
    _action(county, e["site"], dt.date(2024, 8, 8), ActionKind.SUSPENSION, inspection=visits["site"])
    _action(yingji, e["shop"], dt.date(2024, 8, 9), ActionKind.JUDICIAL_REFERRAL, referred_people=2)
    _action(yingji, e["mine"], dt.date(2024, 8, 10), ActionKind.ADMONITION)
    _action(yingji, e["shop"], dt.date(2024, 8, 11), ActionKind.WARNING)  # 警告 is an administrative penalty
    old = _action(yingji, e["shop"], dt.date(2024, 6, 1), ActionKind.PENALTY, target="unit", unit_amount_wan="5")
    services.mark_typical(yingji, shop_penalty, reported_on=dt.date(2024, 9, 1))
    services.mark_typical(yingji, old, reported_on=dt.date(2024, 6, 20))


def _documents(world, visits):
    county, yingji, e, d = world.users["county"], world.users["yingji"], world.enterprises, world.departments
    kinds = DocumentKind.INSPECTION_RECORD, DocumentKind.PENALTY_DECISION
    services.issue_document(
        yingji, department=d["yingji"], kind=kinds[0], unit=e["shop"], issued_on=dt.date(2024, 8, 1)
    )
    services.issue_document(
        yingji, department=d["yingji"], kind=kinds[1], unit=e["mine"], issued_on=dt.date(2024, 8, 6)
    )
    services.issue_document(
        county, department=d["zhujian"], kind=kinds[0], unit=e["site"], issued_on=dt.date(2024, 8, 8)
    )
    services.issue_document(
        yingji, department=d["yingji"], kind=kinds[0], unit=e["shop"], issued_on=dt.date(2024, 6, 1)
    )


@pytest.fixture
def dataset(world, time_machine):
    """Q3 2024: 4 enforcement visits to 3 units, 1 assistance visit, 3 hazards (1 fixed), 3 penalties
    (a warning and two fines of 3.70 万元, one 一案双罚), 2 units suspended, 1 referral of 2 people, 1 typical case, 3 documents;
    and in June, outside the period: a visit, a hazard, a penalty of 5 万元 marked typical, a document."""
    time_machine.move_to(NOW)
    yingji, county, e = world.users["yingji"], world.users["county"], world.enterprises
    pair = [yingji, second_officer(world)]
    zhujian = make_user("zhujian1", Role.DEPARTMENT, department=world.departments["zhujian"])
    visits = {
        "shop": _visit(yingji, e["shop"], dt.date(2024, 7, 3), pair),
        "site": _visit(
            county, e["site"], dt.date(2024, 7, 20), [county, zhujian], department=world.departments["zhujian"]
        ),
    }
    _visit(yingji, e["shop"], dt.date(2024, 8, 3), pair, kind=VisitKind.SPECIAL)
    _visit(yingji, e["mine"], dt.date(2024, 9, 3), pair, kind=VisitKind.JOINT)
    _visit(yingji, e["park_chem"], dt.date(2024, 9, 4), [yingji], kind=VisitKind.ASSISTANCE)
    _visit(yingji, e["park_chem"], dt.date(2024, 6, 15), pair)
    _hazards(world, visits["shop"])
    _actions(world, visits)
    _documents(world, visits)
    return world


def test_the_county_sees_the_whole_statement(dataset):
    figures = services.figures(dataset.users["county"], **Q3)
    assert figures == {
        "units_inspected": 3,
        "visits": 4,
        "hazards_found": 3,
        "hazards_fixed": 1,
        "fix_rate": 0.3333,
        "penalties": 3,  # two fines and a warning (行政处罚法 第九条)
        "penalty_amount_wan": Decimal("3.70"),
        "double_penalties": 1,
        "documents": 3,
        "suspensions": 2,
        "referrals": 2,
        "referral_cases": 1,
        "typical_cases": 1,
        "typical_dangerous_operation_cases": 0,
        "assistance_visits": 1,
        "documents_by_kind": {kind: 0 for kind in DocumentKind.values}
        | {DocumentKind.INSPECTION_RECORD: 2, DocumentKind.PENALTY_DECISION: 1},
    }


def test_without_a_period_everything_counts(dataset):
    figures = services.figures(dataset.users["county"])
    assert (figures["units_inspected"], figures["visits"], figures["hazards_found"]) == (4, 5, 4)
    assert (figures["penalties"], figures["penalty_amount_wan"], figures["typical_cases"]) == (4, Decimal("8.70"), 2)
    assert figures["documents"] == 4


def test_a_department_sees_its_own_jurisdiction(dataset):
    figures = services.figures(dataset.users["yingji"], **Q3)
    assert (figures["units_inspected"], figures["visits"], figures["assistance_visits"]) == (2, 3, 1)
    assert (figures["hazards_found"], figures["hazards_fixed"], figures["fix_rate"]) == (2, 1, 0.5)
    assert (figures["penalties"], figures["penalty_amount_wan"]) == (3, Decimal("3.70"))
    assert (figures["suspensions"], figures["documents"], figures["referrals"]) == (1, 2, 2)


def test_a_region_narrows_the_figures(dataset):
    gaoxing = dataset.regions["360732104000"]
    figures = services.figures(dataset.users["county"], region=gaoxing, **Q3)
    assert (figures["units_inspected"], figures["visits"], figures["hazards_found"]) == (2, 3, 2)
    assert (figures["suspensions"], figures["documents"], figures["assistance_visits"]) == (1, 2, 0)
    assert services.figures(dataset.users["grid1"], **Q3)["visits"] == 1  # the site, in grid1's grid


def test_each_figure_has_its_rows(dataset):
    county = dataset.users["county"]
    figures = services.figures(county, **Q3)
    for key in FIGURE_KEYS:
        rows = services.figure_rows(county, key, **Q3)
        if key not in ("fix_rate", "penalty_amount_wan", "referrals"):
            assert rows.count() == figures[key], key
    units = services.figure_rows(county, "units_inspected", **Q3)
    assert set(units) == {dataset.enterprises[k] for k in ("shop", "mine", "site")}
    amounts = services.figure_rows(county, "penalty_amount_wan", **Q3).values_list("unit_amount_wan", flat=True)
    assert sorted(amounts) == [Decimal("1.20"), Decimal("2.00")]


def test_documents_are_counted_by_kind_with_their_rows(dataset, client_for):
    """Seed 002's 下达执法文书 by kind: each kind's count links to exactly its documents."""
    county = dataset.users["county"]
    by_kind = services.figures(county, **Q3)["documents_by_kind"]
    assert list(by_kind) == list(DocumentKind.values) and sum(by_kind.values()) == 3
    for kind, count in by_kind.items():
        rows = services.figure_rows(county, "documents", kind=kind, **Q3)
        assert rows.count() == count and all(d.kind == kind for d in rows)
    mine = services.figures(dataset.users["yingji"], **Q3)["documents_by_kind"]  # 住建局's site is not 应急局's
    assert (mine[DocumentKind.INSPECTION_RECORD], mine[DocumentKind.PENALTY_DECISION]) == (1, 1)
    page = client_for("county").get("/inspections/figures/", {"date_from": "2024-07-01", "date_to": "2024-09-30"})
    html = page.content.decode()
    row = html[html.index('data-document-kind="inspection_record"') :].split("</tr>")[0]
    assert "其中现场检查记录" in row and ">2</a>" in row and "kind=inspection_record" in row
    rows = client_for("county").get(
        "/inspections/figures/documents/", {"kind": "penalty_decision", "date_from": "2024-07-01"}
    )
    assert rows.content.decode().count("兴应急罚〔2024〕") == 1


def test_the_leader_reads_and_the_enterprise_sees_only_itself(dataset):
    assert services.figures(dataset.users["leader"], **Q3)["visits"] == 4
    own = services.figures(dataset.users["qiye1"], **Q3)
    assert (own["visits"], own["penalties"], own["units_inspected"]) == (2, 2, 1)  # its fine and its warning


# --- typical cases ----------------------------------------------------------------------------------------


def test_quarters():
    assert quarter(dt.date(2024, 2, 29)) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert quarter(dt.date(2024, 11, 5)) == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))


def test_the_quota_shows_who_has_and_who_has_not_reported(dataset):
    gaoxing = dataset.users["gaoxing"]
    town_case = _action(gaoxing, dataset.enterprises["shop"], dt.date(2024, 9, 2), ActionKind.CRITICISM)
    services.mark_typical(gaoxing, town_case)
    assert town_case.typical and town_case.typical_reported_on == dt.date(2024, 9, 30)
    Department.objects.create(
        code="jiaoyu",
        name="兴国县教育局",
        short_name="教育局",
        kind=DepartmentKind.INDUSTRY,
        region=dataset.departments["yingji"].region,
    )
    rows = services.typical_case_quota(today=dt.date(2024, 9, 30))
    by_unit = {(r.unit_kind, str(r.unit)): r for r in rows}
    assert (by_unit[("department", "兴国县应急管理局")].count, by_unit[("department", "兴国县应急管理局")].short) == (
        1,
        False,
    )
    assert (
        by_unit[("department", "兴国县住房和城乡建设局")].count,
        by_unit[("department", "兴国县住房和城乡建设局")].short,
    ) == (0, True)
    assert ("department", "兴国县教育局") not in by_unit
    town = by_unit[("town", str(dataset.regions["360732104000"]))]
    assert (town.count, town.owed, town.short) == (1, 1, False)
    others = [r for r in rows if r.unit_kind == "town" and r.unit != dataset.regions["360732104000"]]
    assert others and all(r.short and r.count == 0 for r in others)
    # the June case counts for the second quarter only
    previous = {(r.unit_kind, str(r.unit)): r.count for r in services.typical_case_quota(today=dt.date(2024, 5, 1))}
    assert previous[("department", "兴国县应急管理局")] == 1


def test_only_officers_mark_cases_typical_within_their_jurisdiction(dataset):
    site_suspension = dataset.enterprises["site"].enforcement_actions.get()
    with pytest.raises(PermissionDenied):
        services.mark_typical(dataset.users["leader"], site_suspension)
    with pytest.raises(PermissionDenied):
        services.mark_typical(dataset.users["gaoxing"], site_suspension)
    site_suspension.refresh_from_db()
    assert not site_suspension.typical
