"""我的填报: a town or department sees, across its campaigns, the monthly reports it owes (overdue first, flagged
on the day after the due day) and its latest month; submitted months drop off; others see none."""

from __future__ import annotations

import datetime as dt

from anjian.campaigns import desk, services
from anjian.campaigns.dispatch import CELLS

from .conftest import at

D = dt.date
TYPED = {key: "0" for key, cell in CELLS.items() if not cell.computed}


def _owed(user, today):
    return [(o.participant.name, o.month, o.due, o.state, o.overdue) for o in desk.owed(user, today)]


def test_a_town_sees_what_it_owes_overdue_first(world, campaign, time_machine):
    gaoxing = world.users["gaoxing"]
    town = campaign.participants.get(region=world.regions["360732104000"])
    assert _owed(gaoxing, D(2026, 5, 20)) == [("高兴镇", D(2026, 5, 1), D(2026, 6, 20), "", False)]
    assert _owed(gaoxing, D(2026, 6, 20)) == [  # the 20th is still in time
        ("高兴镇", D(2026, 5, 1), D(2026, 6, 20), "", False),
        ("高兴镇", D(2026, 6, 1), D(2026, 7, 20), "", False),
    ]
    at(time_machine, D(2026, 6, 21))
    report = services.report_for(gaoxing, campaign, town, D(2026, 6, 1))
    services.save_typed(gaoxing, report, TYPED)
    assert _owed(gaoxing, D(2026, 6, 21)) == [
        ("高兴镇", D(2026, 5, 1), D(2026, 6, 20), "", True),
        ("高兴镇", D(2026, 6, 1), D(2026, 7, 20), "draft", False),
    ]
    may = services.report_for(gaoxing, campaign, town, D(2026, 5, 1))
    services.save_typed(gaoxing, may, TYPED)
    services.submit(gaoxing, may)
    assert [o[1] for o in _owed(gaoxing, D(2026, 6, 21))] == [D(2026, 6, 1)]  # May is filed (late, but filed)
    services.submit(gaoxing, report)
    assert _owed(gaoxing, D(2026, 6, 21)) == [("高兴镇", D(2026, 6, 1), D(2026, 7, 20), "submitted", False)]


def test_a_department_sees_its_own_and_the_office_and_ended_campaigns_none(world, campaign):
    assert [o[0] for o in _owed(world.users["yingji"], D(2026, 6, 1))] == ["兴国县应急管理局"] * 2
    assert _owed(world.users["county"], D(2026, 6, 1)) == []  # the office runs the campaign, files nothing
    assert len(_owed(world.users["gaoxing"], D(2027, 1, 10))) == 8  # December's report is due in January
    assert _owed(world.users["gaoxing"], D(2027, 2, 1)) == []  # the campaign ended before last month


def test_the_list_page_and_the_api_show_the_reports_owed(world, campaign, client_for, api_for, time_machine):
    at(time_machine, D(2026, 6, 21))
    town = client_for("gaoxing")
    page = town.get("/campaigns/").content.decode()
    participant = campaign.participants.get(region=world.regions["360732104000"])
    assert f"/campaigns/{campaign.pk}/reports/{participant.pk}/2026-05/" in page and "list-group-item-danger" in page
    assert "owed-reports" not in client_for("county").get("/campaigns/").content.decode()
    body = api_for("gaoxing").get("/api/v1/campaign-reports/due/").json()
    assert [(r["period"], r["overdue"], r["state"]) for r in body] == [("2026-05", True, ""), ("2026-06", False, "")]
    assert body[0]["participant_name"] == "高兴镇" and body[0]["due"] == "2026-06-20" and body[0]["report"] is None
