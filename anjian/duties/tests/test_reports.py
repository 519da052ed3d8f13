"""一报告、双签字 (信安办字〔2022〕30号 三（三）; 高府发〔2023〕14号 三（二）10): the default template says it is a
default; the unit writes its report, two different people sign it, a signed report is never changed, and only a
unit supervising the enterprise acknowledges it, once, after every signature."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.duties import reports, services
from anjian.duties.choices import ReportState
from anjian.duties.models import DutyReport, DutyReportSignature, ReportTemplate

from .conftest import said

pytestmark = pytest.mark.usefixtures("frozen")
TEXTS = ["本季度主持召开讲评会3次", "自查未发现重大事故隐患", "无"]


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict if hasattr(caught.value, "error_dict") else {"": caught.value.messages}


@pytest.fixture
def template(db):
    return ReportTemplate.objects.get(is_default=True)


@pytest.fixture
def report(world, template):
    return services.create_report(world.users["qiye1"], world.enterprises["shop"], template, TEXTS)


def test_the_shipped_template_says_it_is_a_default(template):
    assert template.is_default and "默认模板" in template.name and "默认模板" in template.note
    assert len(template.signatories) == 2 and template.period == "quarter"


def test_the_unit_writes_its_report_for_the_period(world, report, template):
    assert (report.period_start, report.period_end, report.state) == (
        dt.date(2026, 7, 1),
        dt.date(2026, 9, 30),
        "draft",
    )
    assert [s["title"] for s in report.sections] == template.sections
    assert [s["text"] for s in report.sections] == TEXTS
    assert report.signatories == template.signatories
    again = refusal(lambda: services.create_report(world.users["qiye1"], world.enterprises["shop"], template, TEXTS))
    assert list(again) == ["day"] and "2026年第3季度" in again["day"][0]
    earlier = services.create_report(world.users["qiye1"], world.enterprises["shop"], template, TEXTS, day="2026-06-30")
    assert earlier.period_label == "2026年第2季度"


@pytest.mark.parametrize(
    ("sections", "day", "field"),
    [
        (["", "", ""], None, "sections"),
        (["a", "b"], None, "sections"),
        (["a\u0007", "b", "c"], None, "sections"),
        (["a" * 2001, "b", "c"], None, "sections"),
        ("abc", None, "sections"),
        (TEXTS, "2099-01-01", "day"),
        (TEXTS, "1999-12-31", "day"),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_stored(world, template, sections, day, field):
    call = lambda: services.create_report(world.users["qiye1"], world.enterprises["shop"], template, sections, day)  # noqa: E731
    assert list(refusal(call)) == [field]
    assert not DutyReport.objects.exists()


@pytest.mark.parametrize("username", ["county", "gaoxing", "yingji", "leader", "grid1", "expert1"])
def test_only_the_unit_writes_and_signs(world, template, report, username):
    with pytest.raises(PermissionDenied):
        services.create_report(world.users[username], world.enterprises["shop"], template, TEXTS)
    with pytest.raises(PermissionDenied):
        services.sign(world.users[username], report, 0, "王国平")
    with pytest.raises(PermissionDenied):
        services.edit_report(world.users[username], report, TEXTS)


def test_two_different_people_sign_and_then_nothing_changes(world, report):
    qiye1 = world.users["qiye1"]
    edited = services.edit_report(qiye1, report, ["改", "", ""])
    assert edited.sections[0]["text"] == "改"
    first = services.sign(qiye1, report, 0, "王国平")
    assert (first.role, first.signer_name, first.signed_by) == ("主要负责人", "王国平", qiye1)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    message = refusal(lambda: services.edit_report(qiye1, report, TEXTS))[""][0]
    assert message == said("The report is signed: its text can no longer be changed.")
    assert list(refusal(lambda: services.sign(qiye1, report, 0, "李四"))) == ["position"]
    assert list(refusal(lambda: services.sign(qiye1, report, 1, "王国平"))) == ["signer_name"]
    assert list(refusal(lambda: services.sign(qiye1, report, 5, "李四"))) == ["position"]
    assert list(refusal(lambda: services.sign(qiye1, report, 1, ""))) == ["signer_name"]
    services.sign(qiye1, report, 1, "李安全")
    report.refresh_from_db()
    assert report.state == ReportState.SIGNED and report.sections[0]["text"] == "改"
    assert list(DutyReportSignature.objects.filter(report=report).values_list("position", "signer_name")) == [
        (0, "王国平"),
        (1, "李安全"),
    ]
    assert list(refusal(lambda: services.sign(qiye1, report, 1, "赵六"))) == ["position"]


def test_the_supervising_unit_acknowledges_once_after_both_signatures(world, report):
    qiye1 = world.users["qiye1"]
    assert refusal(lambda: services.acknowledge(world.users["gaoxing"], report))[""] == [
        said("Only a report signed by all its signatories is acknowledged.")
    ]
    services.sign(qiye1, report, 0, "王国平")
    services.sign(qiye1, report, 1, "李安全")
    for username in (
        "qiye1",
        "leader",
        "grid1",
        "expert1",
    ):  # the shop is 高兴镇's and 应急局's (fireworks), not 住建局's
        with pytest.raises(PermissionDenied):
            services.acknowledge(world.users[username], report)
    from anjian.core.testing import make_user
    from anjian.org.choices import Role

    zhujian = make_user("zhujian", Role.DEPARTMENT, department=world.departments["zhujian"])
    with pytest.raises(PermissionDenied):
        services.acknowledge(zhujian, report)
    assert list(refusal(lambda: services.acknowledge(world.users["yingji"], report, "好\u0007"))) == ["comment"]
    made = services.acknowledge(world.users["yingji"], report, "已审阅")
    assert (made.unit_name, made.acknowledged_by, made.comment) == ("兴国县应急管理局", world.users["yingji"], "已审阅")
    report.refresh_from_db()
    assert report.state == ReportState.ACKNOWLEDGED
    assert refusal(lambda: services.acknowledge(world.users["gaoxing"], report))[""] == [
        said("The report is already acknowledged.")
    ]
    assert [h.state for h in report.history.order_by("history_id")] == ["draft", "signed", "acknowledged"]


def test_the_county_office_sets_the_templates_and_reports_keep_theirs(world, template, report):
    with pytest.raises(PermissionDenied):
        services.save_template(
            world.users["yingji"], template, name="x", period="year", sections=["a"], signatories=["a", "b"]
        )
    errors = refusal(lambda: services.save_template(world.users["county"], None, name="", period="week",
                                                    sections=[], signatories=["主要负责人"]))  # fmt: skip
    assert set(errors) == {"name", "period", "sections", "signatories"}
    same = refusal(lambda: services.save_template(world.users["county"], None, name="x", period="year",
                                                  sections=["a"], signatories=["甲", "甲"]))  # fmt: skip
    assert list(same) == ["signatories"]
    changed = services.save_template(world.users["county"], template, name="年度履职报告", period="year",
                                     sections=["履职情况"], signatories=["主要负责人", "分管负责人", "安全总监"])  # fmt: skip
    assert not changed.is_default and changed.signatories[2] == "安全总监"
    report.refresh_from_db()
    assert report.signatories == ["主要负责人", "安全生产管理负责人"] and len(report.sections) == 3
    new = services.create_report(world.users["qiye1"], world.enterprises["shop"], changed, ["年度情况"])
    assert (new.period_start, new.period_end, len(new.signatories)) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31), 3)


def test_unit_label_names_the_supervisor(world):
    assert reports.unit_label(world.users["gaoxing"]) == world.regions["360732104000"].unit_name
    assert reports.unit_label(world.users["yingji"]) == "兴国县应急管理局"
    assert reports.unit_label(world.users["county"]).startswith("兴国县")
