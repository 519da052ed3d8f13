"""Attachment 4 of 高府发〔2023〕14号 computed from records: every computed cell equals the count of the records
behind it, for a town, a department and the county roll-up, cumulative from the campaign's start (note 1)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from anjian.campaigns import services
from anjian.campaigns.dispatch import CELLS

from .conftest import JUNE, MAY, participant


def values(user, campaign, month, participant=None) -> dict:
    return {c.cell.key: c.value for c in services.dispatch(user, campaign, month, participant)}


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
    assert may["town_guidance"] == 0 and may["rewards"] == Decimal("0.00")  # recorded work, rewards paid: none
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


@pytest.mark.usefixtures("typed_rewards")
def test_the_roll_up_gives_each_participant_its_signed_or_current_figures_and_the_region_once(
    world, campaign, records, time_machine
):
    county, town_user = world.users["county"], world.users["gaoxing"]
    gaoxing = participant(campaign, region=world.regions["360732104000"])
    report = services.report_for(town_user, campaign, gaoxing, MAY)
    typed = {"rewards": "0.50", "anonymous_rewards": "1"}
    services.save_typed(town_user, report, typed)
    services.submit(town_user, report)
    rollup = services.rollup(county, campaign, MAY)
    rows = {row.name: row for row in rollup.rows}
    assert rows["高兴镇"].state == "submitted" and rows["高兴镇"].values["major_by_departments"] == 1
    assert rows["高兴镇"].values["rewards"] == Decimal("0.50") and rows["高兴镇"].values["anonymous_rewards"] == 1
    assert rows["兴国县应急管理局"].state == "" and rows["兴国县应急管理局"].values["major_by_departments"] == 2
    assert rows["兴国县应急管理局"].values == values(county, campaign, MAY, participant(
        campaign, department=world.departments["yingji"]))  # fmt: skip
    computed = {k: v for k, v in values(county, campaign, MAY).items() if CELLS[k].computed}
    assert {k: rollup.total[k] for k in computed} == computed  # each record of the region once
    assert rollup.total["anonymous_rewards"] == 1 and rollup.total["rewards"] == Decimal("0.50")


def test_a_hazard_listed_before_the_campaign_is_not_counted_for_a_later_reminder(world, campaign, records):
    """Each listing is judged whole: a listing before the start and a reminder inside do not make one."""
    from anjian.hazards import services as hazards
    from anjian.hazards.models import Supervision

    county = world.users["county"]
    before = values(county, campaign, MAY)["major_listed"]
    Supervision.objects.filter(kind="listing").update(listed_on="2026-04-01")  # listed before the campaign
    hazard = Supervision.objects.first().hazard
    hazards.perform(world.users["yingji"], hazard, "supervise", level="county", kind="reminder", listed_on="2026-05-08")
    assert values(county, campaign, MAY)["major_listed"] == before - 1


def test_the_grouped_roll_up_gives_every_participant_the_figures_counted_for_it_alone(world, campaign, records):
    """The roll-up counts all participants in one grouped query a family of figures; each participant's
    figures equal those counted for it alone, figure by figure, and the region's equal the county table."""
    from anjian.core import figures

    county = world.users["county"]
    participants = list(campaign.participants.select_related("region", "department"))
    units = {p.pk: (p.region, p.department) for p in participants} | {"total": (campaign.region, None)}
    live = services._live_values(county, campaign, MAY, units)
    counted = 0
    for p in participants:
        base = services.frame(county, campaign, MAY, p)
        for key, cell in CELLS.items():
            if cell.computed:
                alone = figures.get(cell.figure).value(services.cell_frame(cell, base))
                assert live[p.pk][key] == alone, (p.name, key)
                counted += bool(alone)
    assert counted >= 20  # the records reach towns and departments alike
    assert live["total"] == {k: v for k, v in values(county, campaign, MAY).items() if CELLS[k].computed}


def test_every_figure_declared_by_values_counts_exactly_those_values(world):
    """A figure declared with `match` is counted by its column's values in a roll-up and by its condition alone:
    the two must say the same (else the roll-up quietly counts it the slow way)."""
    from anjian.core import figures
    from anjian.core.figures import Frame, _match_q

    frame = Frame(world.users["county"])
    declared = [f for f in figures.known().values() if f.match]
    assert len(declared) >= 20  # the work records' kinds, the visits' kinds, the failed check items
    for fig in declared:
        assert fig.when(frame) == _match_q(fig.match), fig.key
