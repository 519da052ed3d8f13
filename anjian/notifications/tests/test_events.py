"""Events become notices: a hazard step reaches whoever must act next, a returned report its unit."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from anjian.campaigns import services as campaigns
from anjian.campaigns.dispatch import CELLS
from anjian.core.testing import make_user
from anjian.hazards import services as hazards
from anjian.notifications.choices import Verb
from anjian.notifications.models import Notification
from anjian.org.choices import Role

from .conftest import assigned_hazard, at, drain

TYPED = {key: "0" for key, cell in CELLS.items() if not cell.computed}


def inbox(user):
    return list(Notification.objects.filter(recipient=user).order_by("created_at", "id"))


def test_a_hazard_assigned_by_the_town_lands_in_the_grid_workers_inbox(world, lianjiang):
    hazard = assigned_hazard(world, lianjiang, timezone.localdate() + dt.timedelta(days=10))
    drain()
    notices = inbox(world.users["grid1"])
    assert notices and all(n.verb == Verb.HAZARD_ASSIGNED for n in notices)
    assert notices[-1].target_url == f"/hazards/{hazard.pk}/" and "潋江镇城南安置房项目" in notices[-1].text
    assert inbox(lianjiang) == []  # the town acted: it is not told of its own steps
    assert inbox(world.users["county"]) == []  # the office hears of a town's hazard only when it reaches the county
    assert inbox(world.users["gaoxing"]) == []  # another town's
    assert drain() == 0 and len(inbox(world.users["grid1"])) == len(notices)  # each event once


def test_escalation_reaches_the_next_level_and_rejection_and_verification_the_workers(world, lianjiang):
    grid1, county = world.users["grid1"], world.users["county"]
    hazard = assigned_hazard(world, lianjiang, timezone.localdate() + dt.timedelta(days=10))
    drain()
    Notification.objects.all().delete()
    hazards.perform(grid1, hazard, "submit_fix", comment="已补设")
    hazards.perform(lianjiang, hazard, "reject", reason="连墙件间距过大")
    drain()
    rejected = [n for n in inbox(grid1) if n.verb == Verb.HAZARD_REJECTED]
    assert len(rejected) == 1 and "连墙件间距过大" in rejected[0].text
    zhujian = make_user("zhujian", Role.DEPARTMENT, department=world.departments["zhujian"])
    hazards.perform(lianjiang, hazard, "escalate", reason="需县级协调")  # town → sector committee
    drain()
    assert [n.verb for n in inbox(zhujian)] == [Verb.HAZARD_ESCALATED] and inbox(county) == []
    assert inbox(world.users["yingji"]) == []  # not its sector
    hazards.perform(zhujian, hazard, "escalate", reason="需县安委办协调")
    drain()
    assert [n.verb for n in inbox(county)] == [Verb.HAZARD_ESCALATED]
    hazards.perform(grid1, hazard, "submit_fix", comment="已按要求整改")
    hazards.perform(county, hazard, "verify")
    drain()
    assert Verb.HAZARD_VERIFIED in {n.verb for n in inbox(grid1)}  # the one who fixed it
    assert Verb.HAZARD_VERIFIED in {n.verb for n in inbox(lianjiang)}  # the one who found and planned it


def test_a_returned_report_reaches_the_towns_users(world, campaign, time_machine):
    gaoxing, county = world.users["gaoxing"], world.users["county"]
    at(time_machine, dt.date(2026, 6, 10))
    town = campaign.participants.get(region=world.regions["360732104000"])
    report = campaigns.report_for(gaoxing, campaign, town, dt.date(2026, 5, 1))
    campaigns.save_typed(gaoxing, report, TYPED)
    campaigns.submit(gaoxing, report)
    drain()
    assert inbox(gaoxing) == []
    campaigns.return_report(county, report, "数字与台账不符")
    drain()
    [notice] = inbox(gaoxing)
    assert notice.verb == Verb.REPORT_RETURNED and "数字与台账不符" in notice.text and "2026-05" in notice.text
    assert notice.target_url == f"/campaigns/{campaign.pk}/reports/{town.pk}/2026-05/"
    assert inbox(world.users["yingji"]) == [] and inbox(county) == []
