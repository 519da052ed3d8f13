"""Every scan under frozen time: the right people, once a day each (a second run the same day writes nothing)."""

from __future__ import annotations

import datetime as dt

from anjian.hazards import services as hazards
from anjian.notifications import scans
from anjian.notifications.choices import Verb
from anjian.notifications.models import Notification

from .conftest import assigned_hazard, at

D = dt.date


def who(verb: str) -> list[str]:
    rows = Notification.objects.filter(verb=verb).order_by("recipient__username")
    return [n.recipient.username for n in rows]


def test_deadlines_in_three_days_and_overdue(world, lianjiang, time_machine):
    at(time_machine, D(2026, 3, 1))
    assigned_hazard(world, lianjiang, D(2026, 3, 10))
    assert scans.hazard_deadlines(D(2026, 3, 6)) == 0  # four days ahead: not yet
    assert scans.hazard_deadlines(D(2026, 3, 7)) == 2
    assert who(Verb.HAZARD_DUE_SOON) == ["grid1", "lianjiang"]  # who fixes it, who planned it; not the office
    assert "2026-03-10" in Notification.objects.filter(verb=Verb.HAZARD_DUE_SOON).first().text
    assert scans.hazard_deadlines(D(2026, 3, 7)) == 0  # the same day again: nothing new
    assert scans.hazard_deadlines(D(2026, 3, 10)) == 2  # a new day: reminded again (once a day)
    assert scans.hazard_deadlines(D(2026, 3, 11)) == 2
    assert who(Verb.HAZARD_OVERDUE) == ["grid1", "lianjiang"]
    assert scans.hazard_deadlines(D(2026, 3, 11)) == 0


def test_a_closed_hazard_is_no_longer_reminded(world, lianjiang, time_machine):
    at(time_machine, D(2026, 3, 1))
    hazard = assigned_hazard(world, lianjiang, D(2026, 3, 3))
    hazards.perform(world.users["grid1"], hazard, "submit_fix")
    hazards.perform(lianjiang, hazard, "verify")
    assert scans.hazard_deadlines(D(2026, 3, 5)) == 0


def _listed(world, lianjiang, time_machine, level: str):
    at(time_machine, D(2026, 3, 1))
    hazard = assigned_hazard(world, lianjiang, D(2026, 12, 1))
    hazards.perform(
        world.users["county"],
        hazard,
        "supervise",
        level=level,
        kind="listing",
        document="兴安办〔2026〕1号",
        listed_on=D(2026, 3, 1),
    )
    return hazard


def test_county_listing_30_days(world, lianjiang, time_machine):
    hazard = _listed(world, lianjiang, time_machine, "county")
    assert scans.supervision_periods(D(2026, 3, 27)) == 0  # period ends 03-31: four days ahead
    assert scans.supervision_periods(D(2026, 3, 28)) == 2
    assert who(Verb.SUPERVISION_DUE_SOON) == ["county", "lianjiang"]  # the office and the town in charge
    assert scans.supervision_periods(D(2026, 3, 28)) == 0
    assert scans.supervision_periods(D(2026, 3, 31)) == 2  # the last day: still in time, still reminded
    assert scans.supervision_periods(D(2026, 4, 1)) == 2
    assert who(Verb.SUPERVISION_FLAGGED) == ["county", "lianjiang"]
    assert "2026-03-31" in Notification.objects.filter(verb=Verb.SUPERVISION_FLAGGED).first().text
    assert scans.supervision_periods(D(2026, 4, 1)) == 0
    at(time_machine, D(2026, 4, 2))
    hazards.perform(world.users["grid1"], hazard, "progress", text="已拆除", substantive=True)
    assert scans.supervision_periods(D(2026, 4, 2)) == 2  # progress after the period does not unflag it


def test_city_listing_60_days_and_progress_in_time(world, lianjiang, time_machine):
    hazard = _listed(world, lianjiang, time_machine, "city")
    assert scans.supervision_periods(D(2026, 3, 31)) == 0  # 30 days is the county's period, not the city's
    assert scans.supervision_periods(D(2026, 4, 27)) == 2  # ends 04-30
    at(time_machine, D(2026, 4, 28))
    hazards.perform(world.users["grid1"], hazard, "progress", text="已完成主体整改", substantive=True)
    assert scans.supervision_periods(D(2026, 4, 28)) == 0
    assert scans.supervision_periods(D(2026, 5, 1)) == 0  # progressed in time: never flagged
    assert who(Verb.SUPERVISION_FLAGGED) == []


def test_reports_due_on_the_20th(world, campaign):
    assert scans.reports_due(D(2026, 6, 16)) == 0  # May's report is due on 06-20: four days ahead
    assert scans.reports_due(D(2026, 6, 17)) == 2
    assert who(Verb.REPORT_DUE_SOON) == ["gaoxing", "yingji"]  # the participants' own users, not the office
    assert scans.reports_due(D(2026, 6, 17)) == 0
    assert scans.reports_due(D(2026, 6, 20)) == 2
    assert scans.reports_due(D(2026, 6, 21)) == 2
    assert who(Verb.REPORT_OVERDUE) == ["gaoxing", "yingji"]
    notice = Notification.objects.filter(verb=Verb.REPORT_OVERDUE, recipient=world.users["gaoxing"]).get()
    assert "2026-05" in notice.text and "2026-06-20" in notice.text and notice.target_url.endswith("/2026-05/")


def test_the_scans_are_registered_by_code():
    assert set(scans.SCANS) == {
        "hazard_deadlines",
        "supervision_periods",
        "reports_due",
        "audit_upkeep",
        "certificates_expiring",
        "duties_generate",
        "duties_due",
        "wide_figures",
    }
