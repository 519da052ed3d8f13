"""The review rhythm: mines monthly, the county half-yearly, the seat and the park every five years."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from anjian.core.testing import make_user
from anjian.org.models import Region
from anjian.risk import reviews
from anjian.risk.choices import ReviewKind

TODAY = dt.date(2026, 5, 20)
COUNTY, SEAT, PARK = "360732000000", "360732100000", "360732400000"


@pytest.fixture
def today(time_machine):
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 5, 20, 10, 0)), tick=False)
    return TODAY


def record(world, user="county", **kw):
    kw.setdefault("participants", "矿长、安全副矿长、技术负责人")
    return reviews.record_review(world.users[user], **kw)


def item(items, subject):
    return next(i for i in items if i.subject == subject)


@pytest.mark.parametrize(
    ("held", "state", "due_on"),
    [
        (dt.date(2026, 5, 2), "ok", dt.date(2026, 6, 30)),
        (dt.date(2026, 4, 30), "due", dt.date(2026, 5, 31)),
        (dt.date(2026, 4, 1), "due", dt.date(2026, 5, 31)),
        (dt.date(2026, 3, 31), "late", dt.date(2026, 4, 30)),
        (None, "late", dt.date(2026, 4, 30)),
    ],
)
def test_mine_monthly(world, today, held, state, due_on):
    mine = world.enterprises["mine"]
    if held:
        record(world, kind=ReviewKind.MONTHLY, held_on=held, enterprise=mine)
    due = item(reviews.review_schedule(), mine)
    assert (due.kind, due.last_held_on, due.state, due.due_on) == (ReviewKind.MONTHLY, held, state, due_on)


def test_only_operating_mines_are_scheduled(world, today):
    mine = world.enterprises["mine"]
    mine.status = "closed"
    mine.save()
    assert all(i.subject != mine for i in reviews.review_schedule())


def test_county_half_yearly(world, today):
    county = Region.objects.get(code=COUNTY)
    assert item(reviews.review_schedule(), county).state == "late"
    record(world, kind=ReviewKind.HALF_YEARLY, held_on=dt.date(2025, 11, 5), region=county)
    due = item(reviews.review_schedule(), county)
    assert (due.state, due.due_on) == ("due", dt.date(2026, 6, 30))
    record(world, kind=ReviewKind.HALF_YEARLY, held_on=dt.date(2026, 1, 15), region=county)
    due = item(reviews.review_schedule(), county)
    assert (due.state, due.due_on) == ("ok", dt.date(2026, 12, 31))
    assert item(reviews.review_schedule(dt.date(2027, 7, 1)), county).state == "late"


def test_five_year_area_assessment_of_the_seat_and_the_park(world, today):
    seat, park = Region.objects.get(code=SEAT), Region.objects.get(code=PARK)
    items = reviews.review_schedule()
    assert item(items, seat).state == item(items, park).state == "late"  # none recorded
    record(world, kind=ReviewKind.AREA_ASSESSMENT, held_on=dt.date(2021, 5, 19), region=seat)
    record(world, kind=ReviewKind.AREA_ASSESSMENT, held_on=dt.date(2024, 3, 1), region=park)
    items = reviews.review_schedule()
    assert (item(items, seat).state, item(items, seat).due_on) == ("late", dt.date(2026, 5, 19))
    assert (item(items, park).state, item(items, park).due_on) == ("ok", dt.date(2029, 3, 1))
    record(world, kind=ReviewKind.AREA_ASSESSMENT, held_on=dt.date(2021, 6, 1), region=seat)
    assert item(reviews.review_schedule(), seat).state == "due"  # expires within half a year
    assert reviews.county_seat(Region.objects.get(code=COUNTY)) == seat


def test_a_review_must_be_held_and_name_who_took_part(world, today):
    mine = world.enterprises["mine"]
    with pytest.raises(ValidationError) as err:
        record(world, kind=ReviewKind.MONTHLY, held_on=TODAY + dt.timedelta(days=1), enterprise=mine)
    assert "held_on" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        record(world, kind=ReviewKind.MONTHLY, held_on=TODAY, enterprise=mine, participants="  ")
    assert "participants" in err.value.message_dict
    with pytest.raises(ValidationError):
        record(world, kind=ReviewKind.MONTHLY, held_on=TODAY)
    review = record(world, kind=ReviewKind.MONTHLY, held_on=TODAY, enterprise=mine, changes="采场边坡调为橙色")
    assert review.region == mine.region and review.recorded_by == world.users["county"]


def test_jurisdiction_of_recording(world, today):
    mine, county = world.enterprises["mine"], Region.objects.get(code=COUNTY)
    assert record(world, "gaoxing", kind=ReviewKind.MONTHLY, held_on=TODAY, enterprise=mine)
    assert record(world, "yingji", kind=ReviewKind.HALF_YEARLY, held_on=TODAY, region=county)
    with pytest.raises(PermissionDenied):
        record(world, "qiye1", kind=ReviewKind.MONTHLY, held_on=TODAY, enterprise=mine)
    with pytest.raises(PermissionDenied):
        record(world, "gaoxing", kind=ReviewKind.HALF_YEARLY, held_on=TODAY, region=county)
    with pytest.raises(PermissionDenied):
        record(world, "leader", kind=ReviewKind.HALF_YEARLY, held_on=TODAY, region=county)
    with pytest.raises(PermissionDenied):
        record(world, "gaoxing", kind=ReviewKind.AREA_ASSESSMENT, held_on=TODAY, region=Region.objects.get(code=SEAT))


def test_the_level_above_sees_what_is_due_below(world, today):
    mine = world.enterprises["mine"]
    record(world, kind=ReviewKind.MONTHLY, held_on=dt.date(2026, 2, 10), enterprise=mine)
    county_items = reviews.schedule_for(world.users["county"])
    assert item(county_items, mine).state == "late"
    assert {i.kind for i in county_items} == {ReviewKind.MONTHLY, ReviewKind.HALF_YEARLY, ReviewKind.AREA_ASSESSMENT}
    assert mine in [i.subject for i in reviews.overdue_for(world.users["leader"])]
    gaoxing = reviews.schedule_for(world.users["gaoxing"])
    assert [i.subject for i in gaoxing] == [mine]  # its mine; not the county's or other towns' areas
    lianjiang = Region.objects.get(code=SEAT)
    town_user = make_user("lianjiang", "town", region=lianjiang)
    assert [i.subject for i in reviews.schedule_for(town_user)] == [lianjiang]
    assert reviews.schedule_for(world.users["qiye1"]) == []
    assert [i.subject for i in reviews.schedule_for(world.users["yingji"])][0] == mine
