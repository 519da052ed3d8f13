"""Seed 004's supervision rules: substantive progress within 60 (city) or 30 (county) days, and the
listing warnings (三(二)3: inspections' major hazards are listed; 三(三)10: towns' own reports are not)."""

import datetime as dt

import pytest
from django.utils import timezone

from anjian.core.testing import make_user
from anjian.hazards import services
from anjian.hazards.models import Supervision
from anjian.hazards.supervision import (
    flagged_hazards,
    flagged_supervisions,
    lacks_substantive_progress,
    listing_warnings,
    substantive_progress_due,
)
from anjian.org.choices import Role

START = dt.datetime(2024, 3, 1, 10, 0)


def day(n: int) -> dt.date:
    return START.date() + dt.timedelta(days=n)


@pytest.fixture
def at(time_machine):
    """Move the clock to day n after START (local time)."""

    def move(n: int) -> None:
        time_machine.move_to(timezone.make_aware(START + dt.timedelta(days=n)), tick=False)

    move(0)
    return move


def major(world, source="department_inspection", finder="yingji", state="rectifying"):
    """A major hazard of the mine (高兴镇, 应急局) taken to `state`."""
    finder_user = world.users[finder]
    h = services.register_hazard(finder_user, world.enterprises["mine"], description="采空区未处理", source=source)
    steps = [("assess", {"grade": "major", "major_reason": "事故教训"}), ("report", {})]
    steps += [
        (
            "plan",
            {
                "responsible_person": "李四",
                "measures": "充填",
                "funds": "50000",
                "deadline": timezone.localdate() + dt.timedelta(days=90),
                "contingency_plan": "停产撤人",
            },
        )
    ]
    for action, fields in steps:
        if h.state == state:
            break
        services.perform(world.users["gaoxing"], h, action, **fields)
        h.refresh_from_db()
    return h


def supervise(world, h, level="county", kind="listing", user="county") -> Supervision:
    document = "兴安办字〔2024〕1号" if kind == "listing" else ""
    event = services.perform(
        world.users[user], h, "supervise", level=level, kind=kind, document=document, listed_on=timezone.localdate()
    )
    return Supervision.objects.get(event=event)


def test_due_dates_follow_the_level_and_kind(world, at):
    h = major(world)
    assert substantive_progress_due(supervise(world, h, "county")) == day(30)
    assert substantive_progress_due(supervise(world, h, "city")) == day(60)
    assert substantive_progress_due(supervise(world, h, "county", "supervision")) == day(30)
    assert substantive_progress_due(supervise(world, h, "county", "reminder")) is None
    assert substantive_progress_due(supervise(world, h, "town", "listing", "gaoxing")) is None


def test_county_listing_without_substantive_progress_is_flagged_after_30_days(world, at):
    h = major(world)
    s = supervise(world, h)
    at(20)
    services.perform(world.users["gaoxing"], h, "progress", text="正在筹措资金", substantive=False)
    assert not lacks_substantive_progress(s, today=day(30))
    at(31)
    assert lacks_substantive_progress(s)
    assert list(flagged_supervisions()) == [s]
    assert list(flagged_hazards()) == [h]


def test_the_dashboard_figure_counts_a_county_s_flagged_hazard_for_it_its_city_and_province_only(two_counties, at):
    """督办期满无实质性进展 for a county, a city and the province (found through the hazards' counties) and for the
    county beside it: the hazard counts where it lies, nowhere else."""
    from anjian.core import figures
    from anjian.core.figures import Frame
    from anjian.core.testing import XINGGUO, YUDU

    w = two_counties
    supervise(w, major(w))
    at(31)
    fig = figures.get("hazards.no_substantive_progress")
    for username, code, expected in [("county", XINGGUO, 1), ("city", "360700000000", 1),
                                     ("province", "360000000000", 1), ("yd_office", YUDU, 0),
                                     ("province", YUDU, 0), ("gaoxing", None, 1)]:  # fmt: skip
        region = w.regions[code] if code else None
        assert fig.value(Frame(w.users[username], region)) == expected, (username, code)


def test_substantive_progress_on_day_20_clears_the_flag(world, at):
    h = major(world)
    s = supervise(world, h)
    at(20)
    services.perform(world.users["gaoxing"], h, "progress", text="充填工程已开工", substantive=True)
    at(31)
    assert not lacks_substantive_progress(s)
    assert not flagged_supervisions().exists()


def test_progress_before_the_listing_or_after_the_due_day_does_not_count(world, at):
    h = major(world)
    services.perform(world.users["gaoxing"], h, "progress", text="早先的进展", substantive=True)
    at(1)
    s = supervise(world, h)
    at(35)
    services.perform(world.users["gaoxing"], h, "progress", text="迟来的进展", substantive=True)
    assert lacks_substantive_progress(s)
    assert set(flagged_supervisions()) == {s}


def test_submitting_the_fix_is_substantive_progress(world, at):
    h = major(world)
    s = supervise(world, h)
    at(10)
    services.perform(world.users["gaoxing"], h, "submit_fix")
    at(40)
    assert not lacks_substantive_progress(s)


@pytest.mark.parametrize(("days", "flagged"), [(59, False), (60, False), (61, True)])
def test_city_listing_has_60_days(world, at, days, flagged):
    s = supervise(world, major(world), "city")
    at(days)
    assert lacks_substantive_progress(s) is flagged
    assert flagged_supervisions().exists() is flagged


def test_reminders_and_town_listings_are_never_flagged(world, at):
    h = major(world)
    reminders = [supervise(world, h, "city", "reminder"), supervise(world, h, "county", "reminder")]
    town = supervise(world, h, "town", "listing", "gaoxing")
    at(400)
    assert not any(lacks_substantive_progress(s) for s in [*reminders, town])
    assert not flagged_supervisions().exists()


def test_closed_hazards_are_never_flagged(world, at):
    h = major(world)
    s = supervise(world, h)
    at(45)
    services.perform(world.users["gaoxing"], h, "submit_fix")
    services.perform(world.users["yingji"], h, "verify")
    at(90)
    assert not lacks_substantive_progress(s)
    assert not flagged_supervisions().exists()


@pytest.mark.parametrize(
    ("day_after", "hour", "flagged"),
    [(30, 23.5, False), (31, 0.5, True), (0, 0.1, False), (-1, 23.9, True)],
)
def test_the_period_is_counted_in_local_days_on_the_database_too(world, time_machine, day_after, hour, flagged):
    """A county listing made on day 0 (10:00): a substantive step at 23:30 on day 30 (local) is in time, at 00:30 on
    day 31 too late, one on the listing day counts (days, both included), one the evening before does not; the list of flagged supervisions (SQL) and the
    rule (Python) agree, whichever the database."""
    listed = timezone.make_aware(START)
    time_machine.move_to(listed - dt.timedelta(days=2), tick=False)
    h = major(world)
    time_machine.move_to(listed, tick=False)
    s = supervise(world, h)
    midnight = timezone.make_aware(dt.datetime.combine(day(day_after), dt.time()))
    time_machine.move_to(midnight + dt.timedelta(hours=hour), tick=False)
    services.perform(world.users["gaoxing"], h, "progress", text="充填工程已开工", substantive=True)
    time_machine.move_to(timezone.make_aware(START + dt.timedelta(days=40)), tick=False)
    assert lacks_substantive_progress(s) is flagged
    assert flagged_supervisions().exists() is flagged
    assert flagged_hazards().exists() is flagged


def test_flagged_supervisions_takes_one_query(world, at, django_assert_max_num_queries):
    hazards = [major(world) for _ in range(3)]
    for h in hazards:
        supervise(world, h)
    at(10)
    services.perform(world.users["gaoxing"], hazards[0], "progress", text="已开工", substantive=True)
    at(31)
    with django_assert_max_num_queries(1):
        flagged = list(flagged_supervisions())
    assert {s.hazard_id for s in flagged} == {hazards[1].pk, hazards[2].pk}


# --- listing warnings ------------------------------------------------------------------------------


def test_inspection_major_hazard_is_proposed_for_listing_until_listed(world, at):
    h = major(world, source="department_inspection", state="reported")
    assert len(listing_warnings(h)) == 1
    assert listing_warnings(h, "county", "listing") == []  # a listing is what is proposed
    supervise(world, h, "county", "reminder")
    assert len(listing_warnings(h)) == 1  # a reminder is not a listing
    supervise(world, h, "county", "listing")
    assert listing_warnings(h) == []


@pytest.mark.parametrize("source", ["self_check", "grid_patrol", "expert", "public_report"])
def test_other_sources_are_not_proposed(world, at, source):
    h = major(world, source=source, finder="county", state="reported")
    assert listing_warnings(h) == []


def test_general_and_closed_hazards_get_no_warning(world, at):
    general = services.register_hazard(
        world.users["yingji"], world.enterprises["mine"], description="x", source="department_inspection"
    )
    services.perform(world.users["yingji"], general, "assess", grade="general")
    general.refresh_from_db()
    assert listing_warnings(general) == []
    h = major(world)
    services.perform(world.users["gaoxing"], h, "submit_fix")
    services.perform(world.users["yingji"], h, "verify")
    h.refresh_from_db()
    assert listing_warnings(h) == []


def test_town_own_report_being_fixed_is_normally_not_listed_by_the_county(world, at):
    h = major(world, source="self_check", finder="gaoxing", state="rectifying")
    warnings = listing_warnings(h, "county", "listing")
    assert len(warnings) == 1
    assert listing_warnings(h, "town", "listing") == []
    assert listing_warnings(h, "county", "reminder") == []
    supervise(world, h, "county", "listing")
    assert len(listing_warnings(h)) == 1  # shown on the hazard once listed anyway


def test_town_own_report_not_yet_being_fixed_may_be_listed(world, at):
    h = major(world, source="self_check", finder="gaoxing", state="reported")
    assert listing_warnings(h, "county", "listing") == []


def test_a_department_finding_is_not_an_own_report(world, at):
    h = major(world, source="self_check", finder="yingji", state="rectifying")
    assert listing_warnings(h, "county", "listing") == []


def test_a_grid_workers_patrol_is_an_own_report(world, at):
    world.users["gx_grid"] = make_user("gx_grid", Role.GRID_WORKER, region=world.regions["gx_village"])
    h = major(world, source="grid_patrol", finder="gx_grid", state="rectifying")
    assert len(listing_warnings(h, "county", "listing")) == 1
