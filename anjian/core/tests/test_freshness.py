"""Write counts (core.freshness) and the work desk's sections kept while the tables they read are unwritten."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import path

from anjian.core import desk, freshness
from anjian.hazards import services as hazards
from anjian.hazards.views.pages import HazardListView
from anjian.notifications.choices import Verb
from anjian.notifications.services import notify
from anjian.org.models import Sector
from anjian.registry.models import Enterprise
from anjian.urls import urlpatterns as site_urls

SECTORS = {"org_sector", "org_historicalsector"}  # the table and its history


def moved(before: dict, after: dict) -> set[str]:
    return {table for table, count in after.items() if count != before.get(table)}


def test_every_kind_of_write_counts_its_table_when_its_transaction_commits(db, django_capture_on_commit_callbacks):
    # (Tables written by earlier tests' rolled-back transactions are counted with the next commit as well: a
    # count too many only recomputes what was kept.)
    before = freshness.counts()
    with django_capture_on_commit_callbacks(execute=True):
        sector = Sector.objects.create(code="test_sector", name="测试行业", order=99)
        assert freshness.counts() == before  # not before the commit
    assert SECTORS <= moved(before, freshness.counts())

    for write in (
        lambda: Sector.objects.filter(pk=sector.pk).update(name="测试行业二"),
        lambda: Sector.objects.bulk_create([Sector(code="test_two", name="测试二", order=100)]),
        lambda: connection.cursor().execute("UPDATE org_sector SET name = %s WHERE code = %s", ["三", "test_two"]),
        lambda: Sector.objects.filter(code__startswith="test_").delete(),
    ):
        before = freshness.counts()
        with django_capture_on_commit_callbacks(execute=True):
            write()
        assert "org_sector" in moved(before, freshness.counts())  # (a delete: its many-to-many rows too)


def test_a_rolled_back_write_is_not_counted(db, django_capture_on_commit_callbacks):
    before = freshness.counts()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            Sector.objects.create(code="test_gone", name="回滚", order=98)
            raise RuntimeError
    assert not callbacks and freshness.counts() == before


def test_the_desk_keeps_a_section_until_a_table_it_read_is_written(
    world, settings, django_capture_on_commit_callbacks, django_assert_num_queries, time_machine
):
    settings.ANJIAN_KEEP_SECONDS = 300
    time_machine.move_to(dt.datetime(2026, 9, 10, 10), tick=False)
    grid1, site = world.users["grid1"], world.enterprises["site"]
    with django_capture_on_commit_callbacks(execute=True):
        hazards.register_hazard(grid1, site, description="临边防护缺失", source="grid_patrol")

    def todo() -> int:
        return next(s.count for s in desk.sections(grid1) if s.key == "hazards.todo")

    assert todo() == 1
    with django_assert_num_queries(1):  # the write counts; every section from the cache
        assert todo() == 1
    with django_capture_on_commit_callbacks(execute=True):
        hazards.register_hazard(grid1, site, description="配电箱未接地", source="grid_patrol")
    assert todo() == 2  # the hazards table was written: counted again
    with django_capture_on_commit_callbacks(execute=True):
        notify(grid1, Verb.HAZARD_ASSIGNED, "潋江镇城南安置房项目的隐患待您处理", key="a")
    with django_assert_num_queries(1):  # a notice: a table none of the sections read, all still kept
        assert todo() == 2


def test_the_desk_page_is_kept_as_written_until_a_table_a_section_read_is_written(
    world, settings, client_for, django_capture_on_commit_callbacks, time_machine
):
    """The sections as written are kept whole; a new hazard is on the grid worker's desk at the next request, whether
    the sections were kept before (nested) or counted in the same request."""
    settings.ANJIAN_KEEP_SECONDS = 300
    time_machine.move_to(dt.datetime(2026, 9, 10, 10), tick=False)
    grid1, site = world.users["grid1"], world.enterprises["site"]
    page = client_for("grid1")

    def todo(expect_written: bool) -> str:
        response = page.get("/")
        assert ("dashboards/_desk_sections.html" in [t.name for t in response.templates]) is expect_written
        return re.search(r'data-section="hazards.todo".*?data-count="(\d+)"', response.content.decode(), re.S)[1]

    with django_capture_on_commit_callbacks(execute=True):
        hazards.register_hazard(grid1, site, description="临边防护缺失", source="grid_patrol")
    desk.sections(grid1)  # every section kept first: the page is written from the kept sections
    assert todo(expect_written=True) == "1"
    assert todo(expect_written=False) == "1"
    with django_capture_on_commit_callbacks(execute=True):
        hazards.register_hazard(grid1, site, description="配电箱未接地", source="grid_patrol")
    assert todo(expect_written=True) == "2"


def test_no_cache_by_default_in_the_tests(world, django_assert_max_num_queries):
    """The suite's other tests count the desk's queries as computed: the cache is off unless a test sets it."""
    grid1 = world.users["grid1"]
    desk.sections(grid1)
    with pytest.raises(pytest.fail.Exception):
        with django_assert_max_num_queries(1):
            desk.sections(grid1)


def test_a_list_page_and_an_api_list_are_kept_until_a_table_they_read_is_written(
    world, settings, client_for, api_for, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    """The hazard list and /api/v1/hazards/ of one user are written once and reused until a hazard changes: the
    kept page never shows a list older than the records."""
    settings.ANJIAN_KEEP_SECONDS = 300
    grid1, site = world.users["grid1"], world.enterprises["site"]
    page, api = client_for("county"), api_for("county")

    def page_rows() -> str:
        response = page.get("/hazards/")
        assert response.status_code == 200
        return response.content.decode()

    def api_rows() -> list[str]:
        response = api.get("/api/v1/hazards/")
        assert response.status_code == 200
        return [row["description"] for row in response.json()["results"]]

    with django_capture_on_commit_callbacks(execute=True):
        hazards.register_hazard(grid1, site, description="临边防护缺失", source="grid_patrol")
    assert "临边防护缺失" in page_rows() and api_rows() == ["临边防护缺失"]
    with CaptureQueriesContext(connection) as kept_page:  # the page's filters; its count and table from the cache
        assert "临边防护缺失" in page_rows() and "共1条隐患" in page_rows()
    assert len(kept_page) <= 2 * 7 and not [q for q in kept_page if '"hazards_hazard"' in q["sql"]]
    with django_assert_max_num_queries(4):  # the token, the user, the write counts
        assert api_rows() == ["临边防护缺失"]
    with django_capture_on_commit_callbacks(execute=True):
        hazards.register_hazard(grid1, site, description="配电箱未接地", source="grid_patrol")
    assert "配电箱未接地" in page_rows() and "共2条隐患" in page_rows()  # counted again
    assert sorted(api_rows()) == ["临边防护缺失", "配电箱未接地"]
    # Each user's list is kept as their own: another town sees neither.
    other = client_for("gaoxing").get("/hazards/").content.decode()
    assert "配电箱未接地" not in other and "临边防护缺失" not in other


def test_the_to_do_badge_is_kept_until_a_hazard_changes(
    world, settings, client_for, django_capture_on_commit_callbacks
):
    """The badge every page loads counts again once a hazard is written, not before."""
    settings.ANJIAN_KEEP_SECONDS = 300
    grid1, site = world.users["grid1"], world.enterprises["site"]
    client = client_for("grid1")

    def badge() -> str:
        return re.sub(r"<[^>]+>", "", client.get("/hazards/tasks/badge/").content.decode()).strip()

    with django_capture_on_commit_callbacks(execute=True):
        hazards.register_hazard(grid1, site, description="临边防护缺失", source="grid_patrol")
    first = badge()
    assert first and badge() == first
    with django_capture_on_commit_callbacks(execute=True):
        hazards.register_hazard(grid1, site, description="配电箱未接地", source="grid_patrol")
    assert int(badge()) == int(first) + 1


def test_a_list_pages_filter_form_is_kept_until_what_its_choices_read_is_written(
    world, settings, client_for, django_capture_on_commit_callbacks
):
    """A list's filter form is written once and kept; renaming a sector shows at once, whether its choices are read
    while the form is written (the visits' list) or before, in the view (the hazards' list)."""
    settings.ANJIAN_KEEP_SECONDS = 300
    page = client_for("county")
    sector = Sector.objects.order_by("order", "code").first()

    def filters(url: str) -> tuple[str, bool]:
        response = page.get(url)
        html = response.content.decode()
        start = html.index('<form class="filter-bar')
        written = "core/_filter_form.html" in [t.name for t in response.templates]
        return html[start : html.index("</form>", start)], written

    visits, written = filters("/inspections/")
    assert f">{sector.name}</option>" in visits and written
    assert filters("/inspections/") == (visits, False)  # the same form, not written again
    hazards, _written = filters("/hazards/?state=rectifying")
    assert f">{sector.name}</option>" in hazards and 'value="rectifying" selected' in hazards
    assert filters("/hazards/?state=rectifying")[0] == hazards
    with django_capture_on_commit_callbacks(execute=True):
        Sector.objects.filter(pk=sector.pk).update(name="改名后的行业")
    visits, written = filters("/inspections/")
    assert ">改名后的行业</option>" in visits and written
    assert ">改名后的行业</option>" in filters("/hazards/?state=rectifying")[0]


class GroupFilteredList(HazardListView):
    """The hazard list with a filter whose choices the view reads from a table the list itself never reads."""

    def prepare_filter_form(self, form) -> None:
        super().prepare_filter_form(form)
        form.fields["team"] = forms.ChoiceField(required=False, choices=Group.objects.values_list("name", "name"))


urlpatterns = [path("t/grouped/", GroupFilteredList.as_view()), *site_urls]


@pytest.mark.urls(__name__)
def test_a_kept_filter_form_follows_the_tables_its_view_read(
    world, settings, client_for, django_capture_on_commit_callbacks
):
    settings.ANJIAN_KEEP_SECONDS = 300
    page = client_for("county")
    with django_capture_on_commit_callbacks(execute=True):  # (and what the world wrote is counted before)
        group = Group.objects.create(name="第一组")
    assert ">第一组</option>" in page.get("/t/grouped/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Group.objects.filter(pk=group.pk).update(name="第二组")
    assert ">第二组</option>" in page.get("/t/grouped/").content.decode()


def test_the_units_to_complete_are_counted_again_once_a_unit_changes(
    world, settings, client_for, django_capture_on_commit_callbacks
):
    settings.ANJIAN_KEEP_SECONDS = 300
    page = client_for("county")

    def to_complete() -> str:
        found = re.search(
            r'class="btn btn-outline-warning to-complete".*?badge[^>]*>(\d+)<',
            page.get("/registry/enterprises/").content.decode(),
            re.S,
        )
        return found[1] if found else "0"

    with django_capture_on_commit_callbacks(execute=True):
        Enterprise.objects.update(needs_completion=False)
    assert to_complete() == to_complete() == "0"
    with django_capture_on_commit_callbacks(execute=True):
        Enterprise.objects.filter(pk=world.enterprises["site"].pk).update(needs_completion=True)
    assert to_complete() == "1"
