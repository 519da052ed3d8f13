"""Attachment 4 of 高府发〔2023〕14号 computed from records: every computed cell equals the count of the records
behind it, for a town, a department and the county roll-up, cumulative from the campaign's start (note 1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from anjian.campaigns import services
from anjian.campaigns.dispatch import CELLS
from anjian.hazards import services as hazards
from anjian.hazards.tests.test_rules import plan_fields
from anjian.inspections import services as inspections
from anjian.inspections.choices import ActionKind, ItemResult, VisitKind
from anjian.inspections.tests.test_services import second_officer

LOCAL = ZoneInfo("Asia/Shanghai")
MAY, JUNE = dt.date(2026, 5, 1), dt.date(2026, 6, 1)


def at(time_machine, day: dt.date, hour: int = 10) -> None:
    time_machine.move_to(dt.datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL), tick=False)


@pytest.fixture
def campaign(world, time_machine):
    at(time_machine, dt.date(2026, 5, 2))
    return services.start_from_template(
        world.users["county"], "major-hazards-2023", region=world.regions["360732000000"]
    )


def major(user, unit, source, grader=None, listed=False):
    h = hazards.register_hazard(user, unit, description="重大隐患", source=source)
    hazards.perform(grader or user, h, "assess", grade="major", major_reason="按判定标准")
    if listed:
        hazards.perform(
            grader or user,
            h,
            "supervise",
            level="county",
            kind="listing",
            listed_on=h.found_at.date(),
            document="兴安办〔2026〕3号",
        )
    return h


@pytest.fixture
def records(world, campaign, time_machine):
    """In April (before the campaign) one major hazard; in May the records below; in June one more."""
    u, e = world.users, world.enterprises
    at(time_machine, dt.date(2026, 4, 20))
    major(u["qiye1"], e["shop"], "self_check", grader=u["gaoxing"])
    at(time_machine, dt.date(2026, 5, 6))
    own = major(u["qiye1"], e["shop"], "self_check", grader=u["gaoxing"])  # 高兴镇's shop, the unit's own check
    found = major(u["yingji"], e["mine"], "department_inspection", listed=True)  # 应急局, in 高兴镇, listed
    major(u["yingji"], e["park_chem"], "department_inspection")  # 应急局, in the park
    hazards.perform(u["gaoxing"], own, "report")
    hazards.perform(u["gaoxing"], own, "plan", **plan_fields())
    hazards.perform(u["qiye1"], own, "submit_fix")
    hazards.perform(u["yingji"], own, "verify")  # closed in May
    at(time_machine, dt.date(2026, 5, 10))
    pair = [u["yingji"], second_officer(world)]
    visit = inspections.create_inspection(
        u["yingji"], unit=e["mine"], kind=VisitKind.SPECIAL, visit_date=dt.date(2026, 5, 7), inspectors=pair
    )
    for text in ("企业主要负责人未带队检查", "双方未签订安全生产协议"):
        inspections.record_result(u["yingji"], visit, result=ItemResult.FAIL, text=text)
    inspections.record_result(u["yingji"], visit, result=ItemResult.PASS, text="电焊等人员无证上岗作业")
    inspections.create_inspection(
        u["yingji"], unit=e["park_chem"], kind=VisitKind.ASSISTANCE, visit_date=dt.date(2026, 5, 8), inspectors=pair
    )

    def act(kind, unit, **kw):
        return inspections.record_action(
            u["yingji"], unit=e[unit], kind=kind, decided_on=dt.date(2026, 5, 9), description="事实与理由", **kw
        )

    act(ActionKind.PENALTY, "mine", target="both", unit_amount_wan="2", principal_amount_wan="0.5")
    act(ActionKind.WARNING, "shop")
    act(ActionKind.SUSPENSION, "mine")
    act(ActionKind.JUDICIAL_REFERRAL, "mine", referred_people=2)
    act(ActionKind.ADMONITION, "park_chem")
    at(time_machine, dt.date(2026, 6, 3))
    major(u["gaoxing"], e["mine"], "supervision")  # June: not in May's report
    at(time_machine, dt.date(2026, 6, 10))
    return found


def values(user, campaign, month, participant=None) -> dict:
    return {c.cell.key: c.value for c in services.dispatch(user, campaign, month, participant)}


def participant(campaign, **unit):
    return campaign.participants.get(**unit)


def test_a_towns_may_table_counts_the_records_of_its_area(world, campaign, records):
    gaoxing = participant(campaign, region=world.regions["360732104000"])
    may = values(world.users["county"], campaign, MAY, gaoxing)
    assert may["units"] == 2  # the shop and the mine lie in 高兴镇
    assert (may["major_self_check"], may["major_self_check_fixed"]) == (1, 1)  # April is before the campaign
    assert (may["major_by_departments"], may["major_by_departments_fixed"]) == (1, 0)  # the mine's
    assert (may["major_listed"], may["major_listed_fixed"]) == (1, 0)
    assert (may["units_checked"], may["spot_checked"], may["no_led_check"], may["outsourcing"]) == (1, 1, 1, 1)
    assert (may["unlicensed_welders"], may["no_study"]) == (0, 0)
    assert (may["penalties"], may["penalty_amount"], may["double_penalties"]) == (2, Decimal("2.50"), 1)
    assert (may["referred_people"], may["suspended"], may["exposed"], may["assistance"]) == (2, 1, 0, 0)
    assert may["town_guidance"] is None  # typed, not yet typed
    june = values(world.users["county"], campaign, JUNE, gaoxing)
    assert june["major_by_departments"] == 2  # cumulative: May's and June's (note 1: 相关数据为累计数)


def test_a_department_counts_its_sectors_and_the_county_counts_each_record_once(world, campaign, records):
    yingji = participant(campaign, department=world.departments["yingji"])
    dept = values(world.users["county"], campaign, MAY, yingji)
    assert (dept["major_by_departments"], dept["assistance"], dept["exposed"]) == (2, 1, 1)
    county = values(world.users["county"], campaign, MAY)
    assert (county["major_self_check"], county["major_by_departments"], county["penalties"]) == (1, 2, 2)
    assert county["units"] == 5


def test_every_computed_cell_is_the_count_of_its_rows(world, campaign, records):
    county = world.users["county"]
    for who in (None, participant(campaign, department=world.departments["yingji"])):
        for cell in services.dispatch(county, campaign, MAY, who):
            if not cell.cell.computed:
                continue
            rows = services.cell_rows(county, campaign, MAY, who, cell.cell.key)
            if CELLS[cell.cell.key].money or cell.cell.key == "referred_people":
                continue  # sums: checked above
            assert rows.count() == cell.value, cell.cell.key


def test_a_town_sees_only_what_its_own_users_may_see(world, campaign, records):
    gaoxing = participant(campaign, region=world.regions["360732104000"])
    own = values(world.users["gaoxing"], campaign, MAY, gaoxing)
    assert own == values(world.users["county"], campaign, MAY, gaoxing)


def test_the_roll_up_gives_each_participant_its_signed_or_current_figures_and_the_region_once(
    world, campaign, records, time_machine
):
    county, town_user = world.users["county"], world.users["gaoxing"]
    gaoxing = participant(campaign, region=world.regions["360732104000"])
    report = services.report_for(town_user, campaign, gaoxing, MAY)
    typed = {k: "1" for k, c in CELLS.items() if not c.computed} | {"rewards": "0.50"}
    services.save_typed(town_user, report, typed)
    services.submit(town_user, report)
    rollup = services.rollup(county, campaign, MAY)
    rows = {row.name: row for row in rollup.rows}
    assert rows["高兴镇"].state == "submitted" and rows["高兴镇"].values["major_by_departments"] == 1
    assert rows["高兴镇"].values["rewards"] == Decimal("0.50") and rows["高兴镇"].values["town_guidance"] == 1
    assert rows["兴国县应急管理局"].state == "" and rows["兴国县应急管理局"].values["major_by_departments"] == 2
    assert rows["兴国县应急管理局"].values == values(county, campaign, MAY, participant(
        campaign, department=world.departments["yingji"]))  # fmt: skip
    computed = {k: v for k, v in values(county, campaign, MAY).items() if CELLS[k].computed}
    assert {k: rollup.total[k] for k in computed} == computed  # each record of the region once
    assert rollup.total["town_guidance"] == 1 and rollup.total["rewards"] == Decimal("0.50")
