"""Every frequency rule of 十个一次 (高府发〔2023〕14号 三（一）1) at its boundaries: the calendar month, quarter, half
year and year; high-risk units checked monthly, others quarterly; the campaign's check only within the window
the county office sets (三（一）3); generation creates each occurrence once, whatever how often it runs."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.duties import services
from anjian.duties.choices import Frequency
from anjian.duties.models import DutyItem, DutyOccurrence
from anjian.duties.periods import label, period_of, periods_between
from anjian.registry.models import Enterprise

from .conftest import TZ

D = dt.date

TEN = [
    ("review_meeting", "主持召开一次安全生产工作讲评会", "month", "month"),
    ("hazard_check", "对本单位重大事故隐患排查整治情况检查1次", "quarter", "month"),
    ("study", "主持研究一次安全生产工作", "quarter", "quarter"),
    ("lecture", "给员工上一次安全生产辅导课", "half_year", "half_year"),
    ("summary_meeting", "主持召开一次安全生产总结表彰动员会", "year", "year"),
    ("congress_report", "向职代会作一次安全生产工作述职", "year", "year"),
    ("responsibility_letters", "组织签订一次全员岗位安全生产责任书（员工承诺书）", "year", "year"),
    ("contest", "组织一次安全生产知识技能竞赛", "year", "year"),
    ("drill", "组织一次安全生产应急救援演练", "year", "year"),
    ("training", "组织一次安全生产知识技能培训", "year", "year"),
]


@pytest.mark.django_db
def test_the_rule_table_holds_the_ten_duties_and_the_campaign_check_as_the_notice_states():
    rows = list(DutyItem.objects.order_by("order").values_list("code", "name", "frequency", "high_risk_frequency"))
    assert rows[:10] == TEN
    code, name, ordinary, high = rows[10]
    assert (code, name, ordinary, high) == (
        "campaign_check",
        "带队全面检查重大事故隐患排查整治情况",
        "quarter",
        "month",
    )
    campaign = DutyItem.objects.get(code="campaign_check")
    assert (campaign.active_from, campaign.active_until) == (D(2023, 5, 1), D(2023, 12, 31))
    assert campaign.cite == "高府发〔2023〕14号 三（一）3"
    assert set(DutyItem.objects.exclude(code="campaign_check").values_list("cite", flat=True)) == {
        "高府发〔2023〕14号 三（一）1"
    }


@pytest.mark.parametrize(
    ("frequency", "day", "start", "end"),
    [
        ("month", D(2026, 1, 31), D(2026, 1, 1), D(2026, 1, 31)),
        ("month", D(2026, 2, 1), D(2026, 2, 1), D(2026, 2, 28)),
        ("month", D(2028, 2, 29), D(2028, 2, 1), D(2028, 2, 29)),
        ("month", D(2026, 12, 31), D(2026, 12, 1), D(2026, 12, 31)),
        ("quarter", D(2026, 3, 31), D(2026, 1, 1), D(2026, 3, 31)),
        ("quarter", D(2026, 4, 1), D(2026, 4, 1), D(2026, 6, 30)),
        ("quarter", D(2026, 9, 30), D(2026, 7, 1), D(2026, 9, 30)),
        ("quarter", D(2026, 10, 1), D(2026, 10, 1), D(2026, 12, 31)),
        ("half_year", D(2026, 6, 30), D(2026, 1, 1), D(2026, 6, 30)),
        ("half_year", D(2026, 7, 1), D(2026, 7, 1), D(2026, 12, 31)),
        ("year", D(2026, 1, 1), D(2026, 1, 1), D(2026, 12, 31)),
        ("year", D(2026, 12, 31), D(2026, 1, 1), D(2026, 12, 31)),
    ],
)
def test_the_period_of_a_day_at_the_boundaries(frequency, day, start, end):
    assert period_of(frequency, day) == (start, end)


@given(st.sampled_from(Frequency.values), st.dates(D(2000, 1, 1), D(2099, 12, 31)), st.integers(0, 800))
def test_periods_tile_the_days_without_gap_or_overlap(frequency, first, span):
    last = first + dt.timedelta(days=span)
    found = periods_between(frequency, first, last)
    assert found[0][0] <= first <= found[0][1] and found[-1][0] <= last <= found[-1][1]
    for (_s, end), (start, _e) in zip(found, found[1:], strict=False):
        assert start == end + dt.timedelta(days=1)
    assert all(period_of(frequency, s) == (s, e) for s, e in found)


def test_labels_as_the_notices_write_them():
    assert label("month", D(2026, 11, 1)) == "2026年11月"
    assert label("quarter", D(2026, 10, 1)) == "2026年第4季度"
    assert label("half_year", D(2026, 7, 1)) == "2026年下半年"
    assert label("year", D(2026, 1, 1)) == "2026年"


def _codes(enterprise, **where) -> dict[str, list]:
    rows = DutyOccurrence.objects.filter(enterprise=enterprise, **where).order_by("period_start")
    found: dict[str, list] = {}
    for code, start, due in rows.values_list("item__code", "period_start", "due_on"):
        found.setdefault(code, []).append((start, due))
    return found


@pytest.mark.parametrize(
    ("today", "monthly", "quarterly", "half", "yearly"),
    [
        (D(2026, 3, 31), (D(2026, 3, 1), D(2026, 3, 31)), (D(2026, 1, 1), D(2026, 3, 31)), (D(2026, 1, 1), D(2026, 6, 30)), (D(2026, 1, 1), D(2026, 12, 31))),
        (D(2026, 4, 1), (D(2026, 4, 1), D(2026, 4, 30)), (D(2026, 4, 1), D(2026, 6, 30)), (D(2026, 1, 1), D(2026, 6, 30)), (D(2026, 1, 1), D(2026, 12, 31))),
        (D(2026, 7, 1), (D(2026, 7, 1), D(2026, 7, 31)), (D(2026, 7, 1), D(2026, 9, 30)), (D(2026, 7, 1), D(2026, 12, 31)), (D(2026, 1, 1), D(2026, 12, 31))),
        (D(2027, 1, 1), (D(2027, 1, 1), D(2027, 1, 31)), (D(2027, 1, 1), D(2027, 3, 31)), (D(2027, 1, 1), D(2027, 6, 30)), (D(2027, 1, 1), D(2027, 12, 31))),
    ],
)  # fmt: skip
def test_a_days_run_creates_the_periods_holding_it(world, registered_long_ago, today, monthly, quarterly, half, yearly):
    """The school is an ordinary unit, the mine a high-risk one (非煤矿山): the check is monthly for the mine only."""
    services.generate_occurrences(today)
    school, mine = _codes(world.enterprises["school"]), _codes(world.enterprises["mine"])
    assert school["review_meeting"] == mine["review_meeting"] == [monthly]
    assert school["hazard_check"] == [quarterly] and mine["hazard_check"] == [monthly]
    assert school["study"] == mine["study"] == [quarterly]
    assert school["lecture"] == mine["lecture"] == [half]
    for code in ("summary_meeting", "congress_report", "responsibility_letters", "contest", "drill", "training"):
        assert school[code] == mine[code] == [yearly]
    assert "campaign_check" not in school  # the notice's window (2023) is over


def test_high_risk_follows_the_unit_flag_as_well_as_the_sector(world, registered_long_ago):
    """金属冶炼 (a high-risk activity) makes an industry-and-trade unit high-risk; the sector alone does not."""
    school = Enterprise.objects.get(pk=world.enterprises["school"].pk)
    school.sector = world.sectors["industry_trade"]
    school.save()
    services.generate_occurrences(D(2026, 5, 10))
    assert _codes(school)["hazard_check"] == [(D(2026, 4, 1), D(2026, 6, 30))]
    school.high_risk_activity = "metal_smelting"
    school.save()
    assert school.high_risk
    services.generate_occurrences(D(2026, 8, 10))
    assert _codes(school)["hazard_check"][-1] == (D(2026, 8, 1), D(2026, 8, 31))


def test_generation_is_idempotent_and_a_year_is_complete(world, registered_long_ago):
    since, today = D(2026, 1, 1), D(2026, 12, 31)
    first = services.generate_occurrences(today, since=since)
    assert first == DutyOccurrence.objects.count() > 0
    assert services.generate_occurrences(today, since=since) == 0
    assert services.generate_occurrences(D(2026, 6, 15)) == 0
    mine = _codes(world.enterprises["mine"])
    assert len(mine["review_meeting"]) == len(mine["hazard_check"]) == 12
    assert len(mine["study"]) == 4 and len(mine["lecture"]) == 2 and len(mine["drill"]) == 1
    assert len(_codes(world.enterprises["school"])["hazard_check"]) == 4
    assert DutyOccurrence.objects.count() == first


def test_the_campaign_check_falls_due_only_within_its_window(world, registered_long_ago):
    """三（一）3: monthly for high-risk units, quarterly for the others, while the campaign runs (May–December 2023)."""
    services.generate_occurrences(D(2023, 12, 31), since=D(2023, 1, 1))
    mine, school = _codes(world.enterprises["mine"]), _codes(world.enterprises["school"])
    assert [s for s, _e in mine["campaign_check"]] == [D(2023, m, 1) for m in range(5, 13)]
    assert [s for s, _e in school["campaign_check"]] == [D(2023, 4, 1), D(2023, 7, 1), D(2023, 10, 1)]
    services.generate_occurrences(D(2024, 3, 1), since=D(2024, 1, 1))
    assert len(_codes(world.enterprises["mine"])["campaign_check"]) == 8  # nothing after the window


def test_a_window_the_county_office_sets_is_followed(world, registered_long_ago):
    item = DutyItem.objects.get(code="campaign_check")
    item.active_from, item.active_until = D(2026, 5, 1), D(2026, 12, 31)
    item.save()
    services.generate_occurrences(D(2026, 4, 30))
    assert "campaign_check" not in _codes(world.enterprises["mine"])
    services.generate_occurrences(D(2026, 5, 1))
    assert _codes(world.enterprises["mine"])["campaign_check"] == [(D(2026, 5, 1), D(2026, 5, 31))]
    DutyItem.objects.filter(code="drill").update(active=False)
    services.generate_occurrences(D(2027, 1, 5))
    assert D(2027, 1, 1) not in [s for s, _e in _codes(world.enterprises["mine"]).get("drill", [])]


def test_only_operating_units_registered_by_the_periods_end(world, registered_long_ago):
    Enterprise.objects.filter(pk=world.enterprises["site"].pk).update(status="suspended")
    Enterprise.objects.filter(pk=world.enterprises["park_chem"].pk).update(
        created_at=dt.datetime(2026, 7, 1, 9, tzinfo=TZ)
    )
    services.generate_occurrences(D(2026, 6, 30), since=D(2026, 6, 1))
    assert not DutyOccurrence.objects.filter(enterprise=world.enterprises["site"]).exists()
    registered_later = _codes(world.enterprises["park_chem"])  # June's duties were not its; the year's are
    assert "review_meeting" not in registered_later and "study" not in registered_later
    assert registered_later["drill"] == [(D(2026, 1, 1), D(2026, 12, 31))]
    services.generate_occurrences(D(2026, 7, 1))
    assert _codes(world.enterprises["park_chem"])["review_meeting"] == [(D(2026, 7, 1), D(2026, 7, 31))]
