"""Tasks measured from the records against their targets (高府发〔2023〕14号 （三）10: 每季度要排查不少于10条重大事故
隐患; 个十百千万: 组织千人培训): the window of the target, each participant's value and the region's, who sees which,
the pages and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from anjian.campaigns import progress, services
from anjian.core import figures
from anjian.core.figures import Frame
from anjian.worklog import services as worklog

from .conftest import at, participant

D = dt.date


def _task(campaign, number):
    return campaign.tasks.get(number=number)


def test_the_window_is_the_targets_period_within_the_campaign(campaign):
    quarterly, once = _task(campaign, "（三）10"), _task(campaign, "（三）2")
    assert (campaign.period_start, campaign.period_end) == (D(2026, 5, 1), D(2026, 12, 31))
    assert progress.window(quarterly, campaign, D(2026, 6, 10)) == (D(2026, 5, 1), D(2026, 6, 30))  # Q2 from May
    assert progress.window(quarterly, campaign, D(2026, 8, 31)) == (D(2026, 7, 1), D(2026, 9, 30))
    assert progress.window(quarterly, campaign, D(2027, 3, 1)) == (D(2026, 10, 1), D(2026, 12, 31))  # ended
    assert progress.window(quarterly, campaign, D(2026, 1, 5)) == (D(2026, 5, 1), D(2026, 6, 30))  # not begun
    assert progress.window(once, campaign, D(2026, 8, 1)) == (D(2026, 5, 1), D(2026, 12, 31))
    quarterly.target_per = "half_year"
    assert progress.window(quarterly, campaign, D(2026, 8, 1)) == (D(2026, 7, 1), D(2026, 12, 31))
    quarterly.target_per = "month"
    assert progress.window(quarterly, campaign, D(2026, 12, 31)) == (D(2026, 12, 1), D(2026, 12, 31))


def test_the_templates_bind_only_the_tasks_a_figure_measures(campaign):
    measured = {t.number: (t.metric, t.target_value, t.target_per, t.target_each) for t in progress.measured(campaign)}
    assert measured == {
        "（二）3": ("inspections.typical_cases", Decimal(1), "quarter", True),
        "（三）2": ("worklog.field_supervision", Decimal(1), "campaign", True),
        "（三）10": ("hazards.major_found", Decimal(10), "quarter", True),
    }


def test_each_participants_value_is_its_records_in_the_window_and_the_target_is_judged(world, campaign, records):
    county = world.users["county"]
    task = _task(campaign, "（三）10")
    task.target_value = 2
    task.save()
    rows = {r.task.number: r for r in progress.progress(county, campaign, D(2026, 6, 10))}
    row = rows["（三）10"]
    assert (row.start, row.end, row.target) == (D(2026, 5, 1), D(2026, 6, 30), 2)
    by_name = {s.participant.name: s for s in row.each}
    assert len(by_name) == campaign.participants.count()
    for s in row.each:  # the grouped count equals the participant's own count
        frame = Frame(county, s.participant.region, s.participant.department, row.start, row.end)
        assert s.value == figures.get("hazards.major_found").value(frame), s.participant.name
        assert s.met == (s.value >= 2)
    # 高兴镇: the shop's and the mine's in May, the mine's in June (April's lies before the campaign)
    assert by_name["高兴镇"].value == 3 and by_name["高兴镇"].met
    assert row.met_count == sum(1 for s in row.each if s.value >= 2) >= 2
    assert row.short[0].value <= row.short[-1].value and not any(s.met for s in row.short)
    assert row.total == 4  # the region's: April's lies before the campaign, each hazard once
    # Next quarter counts afresh: nothing found yet.
    later = {r.task.number: r for r in progress.progress(county, campaign, D(2026, 7, 2))}["（三）10"]
    assert later.total == 0 and later.met_count == 0


def test_a_town_sees_its_own_value_and_not_the_region(world, campaign, records):
    rows = {r.task.number: r for r in progress.progress(world.users["gaoxing"], campaign, D(2026, 6, 10))}
    row = rows["（三）10"]
    assert [s.participant.name for s in row.each] == ["高兴镇"] and row.each[0].value == 3
    assert row.total is None and row.met is None


def test_a_region_target_counts_the_region_total(world, time_machine):
    at(time_machine, D(2026, 11, 10))
    county = world.users["county"]
    campaign = services.start_from_template(
        county, "ge-shi-bai-qian-wan", region=world.regions["360732000000"], year=2026
    )
    worklog.record_work(world.users["gaoxing"], kind="mass_training", date=D(2026, 11, 2), title="千人培训", people=600)
    worklog.record_work(world.users["gaoxing"], kind="mass_training", date=D(2026, 10, 1), title="早于行动", people=900)
    [row] = progress.progress(county, campaign, D(2026, 11, 10))
    assert (row.task.number, row.start, row.end) == ("（四）2", D(2026, 10, 20), D(2027, 1, 20))
    assert (row.total, row.met, row.each) == (600, False, [])
    worklog.record_work(county, kind="mass_training", date=D(2026, 11, 9), title="全县培训", people=400)
    [row] = progress.progress(county, campaign, D(2026, 11, 10))
    assert (row.total, row.met) == (1000, True)


def test_the_pages_and_the_api_show_the_progress(world, campaign, records, client_for):
    task = _task(campaign, "（三）10")
    county = client_for("county")
    page = county.get(f"/campaigns/{campaign.pk}/")
    assert page.status_code == 200
    assert f"/campaigns/{campaign.pk}/tasks/{task.pk}/" in page.content.decode()
    detail = county.get(f"/campaigns/{campaign.pk}/tasks/{task.pk}/")
    text = detail.content.decode()
    assert detail.status_code == 200 and "高兴镇" in text and "排查发现的重大事故隐患" in text
    yingji = participant(campaign, department=world.departments["yingji"])
    listed = county.get(f"/campaigns/{campaign.pk}/tasks/{task.pk}/rows/?participant={yingji.pk}")
    value = {s.participant.pk: s.value for s in progress.progress(world.users["county"], campaign)[-1].each}
    assert listed.status_code == 200 and listed.content.decode().count("：重大隐患") == value[yingji.pk] > 0
    assert county.get(f"/campaigns/{campaign.pk}/tasks/{task.pk}/rows/").status_code == 200  # the region's
    untracked = _task(campaign, "（一）2")
    typed = county.get(f"/campaigns/{campaign.pk}/tasks/{untracked.pk}/")  # its participants account for it
    assert typed.status_code == 200 and "task-entries" in typed.content.decode()
    assert county.get(f"/campaigns/{campaign.pk}/tasks/{untracked.pk}/rows/").status_code == 404
    body = county.get(f"/api/v1/campaigns/{campaign.pk}/progress/").json()
    numbers = {r["number"]: r for r in body}
    assert set(numbers) == {"（二）3", "（三）2", "（三）10"}
    assert numbers["（三）10"]["figure"] == "hazards.major_found" and numbers["（三）10"]["total"] == 4
    assert (numbers["（三）10"]["start"], numbers["（三）10"]["end"]) == ("2026-05-01", "2026-06-30")

    town = client_for("gaoxing")
    assert town.get(f"/campaigns/{campaign.pk}/tasks/{task.pk}/rows/").status_code == 404  # not the region's
    own = town.get(f"/api/v1/campaigns/{campaign.pk}/progress/").json()
    mine = {r["number"]: r for r in own}["（三）10"]
    assert [p["name"] for p in mine["participants"]] == ["高兴镇"] and mine["total"] is None


@pytest.mark.parametrize("number", ["（二）3", "（三）2"])
def test_every_bound_figure_counts_for_participants(world, campaign, records, number):
    """The other bound tasks measure too: their values equal each participant's own count."""
    county = world.users["county"]
    row = {r.task.number: r for r in progress.progress(county, campaign)}[number]
    for s in row.each:
        frame = Frame(county, s.participant.region, s.participant.department, row.start, row.end)
        assert s.value == row.figure.value(frame)
