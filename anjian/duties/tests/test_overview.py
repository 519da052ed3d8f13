"""The completion overview by town, sector and duty: every number equals the rows its link lists, in a fixed
number of queries whatever the number of units; the units behind, the reminder sent to them, the daily scan and
the work desk's sections, each within the user's jurisdiction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anjian.core.desk import sections
from anjian.duties import overview, reminders, services
from anjian.duties.models import DutyOccurrence
from anjian.notifications.models import Notification
from anjian.registry.models import Enterprise

from .conftest import GAOXING, TODAY, occurrence

pytestmark = pytest.mark.usefixtures("calendar")
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def some_done(world, qiye2):
    """The shop did January to July's meetings and its yearly drill; the mine only its July meeting."""
    shop, mine = world.enterprises["shop"], world.enterprises["mine"]
    for month in range(1, 8):
        found = occurrence(shop, "review_meeting", dt.date(2026, month, 1))
        services.mark_done(world.users["qiye1"], found, dt.date(2026, month, 20), "讲评会")
    services.mark_done(world.users["qiye1"], occurrence(shop, "drill", dt.date(2026, 1, 1)), TODAY, "演练")
    services.mark_done(qiye2, occurrence(mine, "review_meeting", dt.date(2026, 7, 1)), TODAY, "讲评会")


def _listed(client, query: str) -> int:
    page = client.get(reverse("duties:occurrences") + "?" + query)
    assert page.status_code == 200, query
    return page.context["table"].page.paginator.count


def test_every_number_equals_the_rows_it_links_to(world, some_done, client_for):
    found = overview.overview(world.users["county"], *YEAR, TODAY)
    client = client_for("county")
    days = "date_from=2026-01-01&date_to=2026-12-31"
    assert found.total.done == 9 and found.total.total == DutyOccurrence.objects.count()
    for by, rows in (("town", found.towns), ("sector", found.sectors), ("item", found.items)):
        assert sum(t.total for t in rows) == found.total.total, by
        for tally in rows:
            for status in ("done", "overdue", "due"):
                assert _listed(client, f"{days}&{by}={tally.code}&status={status}") == getattr(tally, status), (
                    by,
                    tally.code,
                    status,
                )
    for status in ("done", "overdue", "due"):
        assert _listed(client, f"{days}&status={status}") == getattr(found.total, status)
    meetings = next(t for t in found.items if t.code == "review_meeting")
    assert (meetings.done, meetings.overdue, meetings.due) == (8, 5 * 7 - 8, 5)
    assert meetings.rate == round(100 * 8 / 35, 1)


def test_a_town_sees_its_own_units_only(world, some_done):
    found = overview.overview(world.users["gaoxing"], *YEAR, TODAY)
    assert [t.code for t in found.towns] == [GAOXING]
    assert (
        found.total.total
        == DutyOccurrence.objects.filter(enterprise__in=[world.enterprises["shop"], world.enterprises["mine"]]).count()
    )
    assert overview.overview(world.users["expert1"], *YEAR, TODAY).total.total == 0
    mine = overview.overview(world.users["qiye1"], *YEAR, TODAY)
    assert mine.total.total == DutyOccurrence.objects.filter(enterprise=world.enterprises["shop"]).count()


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        overview.overview(user, *YEAR, TODAY)
    return len(queries)


def test_the_query_count_does_not_grow_with_the_units(world, registered_long_ago):
    user = world.users["county"].__class__.objects.get(username="county")
    before = _queries(user)
    template = world.enterprises["school"]
    Enterprise.objects.bulk_create(
        [
            Enterprise(name=f"新增企业{n}", region=template.region, sector=template.sector, high_risk=n % 2 == 0)
            for n in range(40)
        ]
    )
    Enterprise.objects.update(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    services.generate_occurrences(TODAY, since=dt.date(2026, 1, 1))
    fresh = world.users["county"].__class__.objects.get(username="county")
    assert _queries(fresh) == before <= 6


def test_units_behind_are_counted_and_reminded_once_a_day(world, some_done, qiye2):
    behind = list(overview.units_behind(world.users["gaoxing"], *YEAR, TODAY))
    shop, mine = world.enterprises["shop"], world.enterprises["mine"]
    assert [r["enterprise_id"] for r in behind] == [mine.pk, shop.pk]  # the mine is further behind
    shop_overdue = DutyOccurrence.objects.filter(enterprise=shop, done_on__isnull=True, due_on__lt=TODAY).count()
    assert behind[1]["overdue"] == shop_overdue
    written = reminders.remind(world.users["gaoxing"], [shop.pk, mine.pk, world.enterprises["school"].pk], TODAY)
    assert written == 2
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"qiye1", "qiye2"}
    assert str(shop_overdue) in Notification.objects.get(recipient=world.users["qiye1"]).text
    assert reminders.remind(world.users["gaoxing"], [shop.pk], TODAY) == 0  # once a day
    assert reminders.remind(world.users["yingji"], [world.enterprises["school"].pk], TODAY) == 0  # not in its charge
    with pytest.raises(PermissionDenied):
        reminders.remind(world.users["qiye1"], [shop.pk], TODAY)


def test_the_daily_scan_tells_the_units_users(world, some_done, qiye2):
    assert reminders.remind_due(TODAY) == 2
    assert reminders.remind_due(TODAY) == 0
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"qiye1", "qiye2"}


def test_the_desk_sections(world, some_done):
    mine = {s.key: s for s in sections(world.users["qiye1"], TODAY)}["duties.mine"]
    due_soon = DutyOccurrence.objects.filter(
        enterprise=world.enterprises["shop"], done_on__isnull=True, due_on__lte=TODAY + dt.timedelta(days=7)
    )
    assert mine.count == due_soon.count() and len(mine.items) == 5 and mine.items[0].overdue
    assert "duties.behind" not in {s.key for s in sections(world.users["qiye1"], TODAY)}
    behind = {s.key: s for s in sections(world.users["gaoxing"], TODAY)}["duties.behind"]
    assert behind.count == 2 and [i.text for i in behind.items] == [
        world.enterprises["mine"].name,
        world.enterprises["shop"].name,
    ]
    county = {s.key: s for s in sections(world.users["county"], TODAY)}["duties.behind"]
    assert county.count == 5
    for username in ("grid1", "expert1"):
        assert not {"duties.mine", "duties.behind"} & {s.key for s in sections(world.users[username], TODAY)}
