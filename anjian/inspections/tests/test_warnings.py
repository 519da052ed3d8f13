"""Seed 004 (二)3 as warnings on enforcement: not penalised, listing, 屡查屡犯, 顶格处罚 — never refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from anjian.hazards import services as hazard_services
from anjian.hazards.choices import Source
from anjian.hazards.models import Criterion, CriterionDocument
from anjian.inspections import services
from anjian.inspections.choices import ActionKind, ItemResult
from anjian.inspections.tests.test_services import visit

TODAY = dt.date(2024, 9, 10)
WELDING = "电焊等人员无证上岗作业"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the Chinese translations come separately)."""
    with translation.override("en"):
        yield


def hazard(world, source=Source.SELF_CHECK, grade="major", unit="shop", criterion=None):
    county = world.users["county"]
    made = hazard_services.register_hazard(county, world.enterprises[unit], description="仓库超量储存", source=source)
    fields = {"criterion": criterion} if criterion else {"major_reason": "超量储存"}
    hazard_services.perform(county, made, "assess", grade=grade, **fields)
    made.refresh_from_db()
    return made


def report_and_plan(world, made, deadline=None):
    county = world.users["county"]
    if made.grade == "major":
        hazard_services.perform(county, made, "report")
    hazard_services.perform(
        county,
        made,
        "plan",
        responsible_person="王国平",
        measures="清理超量库存",
        deadline=deadline or timezone.localdate() + dt.timedelta(days=20),
        funds="1000",
        contingency_plan="专人值守",
    )
    made.refresh_from_db()
    return made


def penalty(world, unit="shop", when=None, **kw):
    fields = {"kind": ActionKind.PENALTY, "target": "unit", "unit_amount_wan": "1", "description": "违法储存"}
    return services.record_action(
        world.users["county"], unit=world.enterprises[unit], decided_on=when or timezone.localdate(), **(fields | kw)
    )


def failed_visit(world, day, text=WELDING, unit="shop"):
    made = visit(world, unit=unit, day=day)
    services.record_result(world.users["yingji"], made, result=ItemResult.FAIL, text=text)
    return made


def has(warnings, needle) -> bool:
    return any(needle in w for w in warnings)


# (a) 对企业自查查出的重大事故隐患，已按规定报告并正在采取有效措施消除的，依法不予行政处罚


def test_a_self_reported_major_hazard_being_fixed_is_normally_not_penalised(world):
    made = report_and_plan(world, hazard(world))
    assert not has(services.action_warnings(unit=made.unit, kind=ActionKind.PENALTY, hazard=made), "not penalised")
    hazard_services.perform(world.users["county"], made, "progress", text="已清理一半", substantive=True)
    made.refresh_from_db()
    drafted = penalty(world, hazard=made)
    assert has(drafted.warnings, "Normally not penalised")
    # advice only: the penalty is recorded, and other kinds of action are not concerned
    assert drafted.pk
    assert not has(services.action_warnings(unit=made.unit, kind=ActionKind.ADMONITION, hazard=made), "penalised")


def test_a_hazard_found_by_others_or_not_reported_is_not_spared(world):
    found_by_visit = report_and_plan(world, hazard(world, source=Source.DEPARTMENT_INSPECTION))
    hazard_services.perform(world.users["county"], found_by_visit, "progress", text="整改中", substantive=True)
    warnings = services.action_warnings(unit=found_by_visit.unit, kind=ActionKind.PENALTY, hazard=found_by_visit)
    assert not has(warnings, "not penalised")
    unreported = hazard(world)
    warnings = services.action_warnings(unit=unreported.unit, kind=ActionKind.PENALTY, hazard=unreported)
    assert not has(warnings, "not penalised")


# (b) 对执法检查中发现的重大事故隐患要当成事故处理，一律要挂牌督办


def test_a_major_hazard_found_by_a_visit_is_proposed_for_listing(world):
    made = failed_visit(world, timezone.localdate())
    found = services.finding_to_hazard(world.users["yingji"], made.results.get())
    hazard_services.perform(world.users["county"], found, "assess", grade="major", major_reason="无证动火")
    drafted = penalty(world, kind=ActionKind.ADMONITION, target="", unit_amount_wan=None, inspection=made)
    assert has(drafted.warnings, "Proposed for listing")
    hazard_services.perform(
        world.users["county"],
        found,
        "supervise",
        level="county",
        kind="listing",
        listed_on=timezone.localdate(),
        document="兴安委办〔2024〕3号",
    )
    assert not has(services.action_warnings(unit=made.unit, kind=ActionKind.PENALTY, inspection=made), "listing")


def test_a_general_hazard_is_not_proposed_for_listing(world):
    made = hazard(world, source=Source.DEPARTMENT_INSPECTION, grade="general")
    assert not has(services.action_warnings(unit=made.unit, kind=ActionKind.PENALTY, hazard=made), "listing")


# (c) 屡查屡犯: 重大事故隐患长期存在并多次受到处罚的，提请关闭并落实主要负责人行业禁入


def test_a_unit_penalised_again_for_the_same_item_is_flagged_with_its_history(world):
    first_visit = failed_visit(world, timezone.localdate() - dt.timedelta(days=400))
    first = penalty(world, inspection=first_visit, when=first_visit.visit_date)
    assert not has(first.warnings, "屡查屡犯")
    again = failed_visit(world, timezone.localdate())
    second = penalty(world, inspection=again)
    warning = next(w for w in second.warnings if "屡查屡犯" in w)
    assert str(first.decided_on) in warning and "closure" in warning and "industry ban" in warning
    assert services.repeat_history(world.enterprises["shop"]) == [first, second]


def test_a_different_problem_or_one_older_than_two_years_is_not_a_repeat(world):
    old = failed_visit(world, timezone.localdate() - dt.timedelta(days=800))
    penalty(world, inspection=old, when=old.visit_date)
    other = failed_visit(world, timezone.localdate() - dt.timedelta(days=30), text="安全出口堵塞")
    penalty(world, inspection=other, when=other.visit_date)
    drafted = penalty(world, inspection=failed_visit(world, timezone.localdate()))
    assert not has(drafted.warnings, "屡查屡犯")
    assert services.repeat_history(world.enterprises["shop"]) == []


def test_the_same_criterion_is_the_same_problem(world):
    document = CriterionDocument.objects.create(
        sector=world.sectors["fireworks"],
        title="烟花爆竹生产经营单位重大生产安全事故隐患判定标准",
        doc_number="安监总管三〔2017〕121号",
    )
    criterion = Criterion.objects.create(document=document, article="第三条", item="（一）", text="超量储存")
    first = penalty(
        world,
        hazard=hazard(world, source=Source.DEPARTMENT_INSPECTION, criterion=criterion),
        when=timezone.localdate() - dt.timedelta(days=100),
    )
    second = penalty(world, hazard=hazard(world, source=Source.DEPARTMENT_INSPECTION, criterion=criterion))
    assert has(second.warnings, "屡查屡犯")
    assert services.repeat_history(world.enterprises["shop"]) == [first, second]


# (d) 执法检查发现问题未整改或整改不到位…一律依法给予顶格处罚


def test_a_penalty_after_a_hazard_left_open_past_its_deadline_is_flagged_for_the_maximum(world, time_machine):
    time_machine.move_to(dt.datetime(2024, 9, 1, 9, tzinfo=dt.UTC))
    made = report_and_plan(world, hazard(world, grade="general"), deadline=dt.date(2024, 9, 20))
    assert not has(penalty(world).warnings, "maximum")
    time_machine.move_to(dt.datetime(2024, 9, 25, 9, tzinfo=dt.UTC))
    warning = next(w for w in penalty(world).warnings if "maximum" in w)
    assert "顶格" in warning and "2024-09-20" in warning
    assert not has(services.action_warnings(unit=made.unit, kind=ActionKind.ADMONITION), "maximum")
    assert not has(services.action_warnings(unit=world.enterprises["mine"], kind=ActionKind.PENALTY), "maximum")


def test_a_penalty_after_a_rejected_fix_is_flagged_for_the_maximum(world):
    made = report_and_plan(world, hazard(world, grade="general"))
    hazard_services.perform(world.users["county"], made, "submit_fix", comment="已整改")
    hazard_services.perform(world.users["yingji"], made, "reject", reason="仍超量")
    assert has(penalty(world, hazard=made).warnings, "rejected")


def test_a_penalty_after_an_item_failing_again_is_flagged_for_the_maximum(world):
    failed_visit(world, timezone.localdate() - dt.timedelta(days=60))
    again = failed_visit(world, timezone.localdate())
    warning = next(w for w in penalty(world, inspection=again).warnings if "maximum" in w)
    assert WELDING in warning and "failed again" in warning
    fresh = failed_visit(world, timezone.localdate(), unit="mine", text="未按规定开展应急演练")
    assert not has(penalty(world, unit="mine", inspection=fresh).warnings, "maximum")
