"""A drill the unit holds is its principal's yearly drill duty (十个一次: 组织一次安全生产应急救援演练): recorded on the
form or through the API, the year's `drill` occurrence is done and names the drill; a drill moved, no longer held
or removed leaves no false "done" — another drill of the year takes over, or the duty is due again — and a duty
the unit recorded itself is left alone. A sequence of corrections (hypothesis) keeps the rule."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from anjian.duties import services as duties
from anjian.duties.defaults import ensure_defaults
from anjian.duties.models import DutyOccurrence
from anjian.emergency import services
from anjian.emergency.models import Drill
from anjian.registry.models import Enterprise

from .conftest import TODAY, held

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
YEAR = dt.date(2024, 1, 1)


@pytest.fixture
def calendar(world):
    """The units registered long ago, and this year's occurrences of their duties."""
    ensure_defaults()
    Enterprise.objects.update(created_at=dt.datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai")))
    duties.generate_occurrences(TODAY, since=YEAR)
    return world


def drill_duty(unit) -> DutyOccurrence:
    return DutyOccurrence.objects.get(enterprise=unit, item__code="drill", period_start=YEAR)


def test_a_drill_recorded_on_the_form_does_the_years_drill_duty(calendar, client_for):
    shop = calendar.enterprises["shop"]
    client = client_for("qiye1")
    data = {"owner": "unit", "unit": shop.pk, "kind": "fire", "held_on": "2024-07-10", "participants": "8"}
    assert client.post(reverse("emergency:drill_new"), data).status_code == 302
    drill, duty = Drill.objects.get(), drill_duty(shop)
    assert (duty.done_on, duty.evidence, duty.recorded_by.username) == (dt.date(2024, 7, 10), drill, "qiye1")
    page = client.get(reverse("duties:occurrence", args=[duty.pk])).content.decode()
    assert reverse("emergency:drill", args=[drill.pk]) in page and drill.title in page
    drill_page = client.get(reverse("emergency:drill", args=[drill.pk])).content.decode()
    assert reverse("duties:occurrence", args=[duty.pk]) in drill_page
    assert drill_duty(calendar.enterprises["mine"]).done_on is None  # another unit's duty is untouched


def test_a_drill_posted_through_the_api_does_it_too(calendar, api_for):
    shop = calendar.enterprises["shop"]
    api = api_for("qiye1")
    body = {"enterprise": shop.pk, "kind": "fire", "date": "2024-07-10", "participants": 12}
    drill = api.post("/api/v1/drills/", body, format="json").json()
    duty = api.get(f"/api/v1/duty-occurrences/{drill_duty(shop).pk}/").json()
    assert (duty["status"], duty["done_on"]) == ("done", "2024-07-10")
    assert duty["evidence"]["kind"] == "emergency.drill" and duty["evidence"]["id"] == drill["id"]
    assert duty["evidence"]["url"].endswith(reverse("emergency:drill", args=[drill["id"]]))
    # corrected to a planned drill through the API: the duty is due again
    planned = api.patch(f"/api/v1/drills/{drill['id']}/", {"date": None, "planned_on": "2024-09-01"}, format="json")
    assert planned.status_code == 200, planned.content
    again = api.get(f"/api/v1/duty-occurrences/{drill_duty(shop).pk}/").json()
    assert (again["status"], again["done_on"], again["evidence"]) == ("due", None, None)


def test_a_drill_moved_or_no_longer_held_leaves_no_false_done(calendar):
    county, school = calendar.users["county"], calendar.enterprises["school"]
    drill = held(county, school, dt.date(2024, 3, 5))
    assert drill_duty(school).evidence == drill
    services.change_drill(county, drill, {"held_on": None, "participants": None, "planned_on": dt.date(2024, 9, 1)})
    duty = drill_duty(school)
    assert (duty.done_on, duty.evidence_id, duty.recorded_by) == (None, None, None)
    services.change_drill(county, Drill.objects.get(), {"held_on": dt.date(2024, 4, 2), "participants": 20})
    assert drill_duty(school).done_on == dt.date(2024, 4, 2)
    services.change_drill(county, Drill.objects.get(), {"held_on": dt.date(2023, 12, 28)})  # last year's after all
    assert drill_duty(school).done_on is None


def test_the_second_drill_of_the_year_takes_over(calendar):
    county, school = calendar.users["county"], calendar.enterprises["school"]
    first = held(county, school, dt.date(2024, 3, 5))
    second = held(county, school, dt.date(2024, 6, 20), kind="earthquake")
    assert drill_duty(school).evidence == first
    services.change_drill(county, first, {"held_on": None, "participants": None, "planned_on": dt.date(2024, 9, 1)})
    duty = drill_duty(school)
    assert (duty.done_on, duty.evidence) == (dt.date(2024, 6, 20), second)


def test_a_planned_drill_or_an_office_drill_does_not_do_a_units_duty(calendar):
    county, yingji, school = calendar.users["county"], calendar.users["yingji"], calendar.enterprises["school"]
    planned = services.record_drill(county, enterprise=school, kind="fire", planned_on=dt.date(2024, 8, 1))
    held(yingji, participants=300, region=calendar.regions["360732104000"], department=calendar.departments["yingji"])
    assert not DutyOccurrence.objects.filter(item__code="drill", done_on__isnull=False).exists()
    services.cancel_drill(county, planned)
    assert drill_duty(school).done_on is None


def test_a_duty_the_unit_recorded_itself_is_left_alone(calendar):
    qiye, shop = calendar.users["qiye1"], calendar.enterprises["shop"]
    duties.mark_done(qiye, drill_duty(shop), dt.date(2024, 2, 1), "消防疏散演练，全员参加")
    drill = held(qiye, shop, dt.date(2024, 7, 1))
    services.change_drill(qiye, drill, {"held_on": None, "participants": None, "planned_on": dt.date(2024, 9, 1)})
    duty = drill_duty(shop)
    assert (duty.done_on, duty.minutes, duty.evidence_id) == (dt.date(2024, 2, 1), "消防疏散演练，全员参加", None)


def test_a_unit_registered_today_has_its_drill_duty_made_and_done(calendar):
    qiye, shop = calendar.users["qiye1"], calendar.enterprises["shop"]
    DutyOccurrence.objects.filter(enterprise=shop, item__code="drill").delete()  # not yet generated today
    drill = held(qiye, shop, dt.date(2024, 7, 1))
    assert drill_duty(shop).evidence == drill


DAYS = st.sampled_from([None, dt.date(2023, 11, 2), dt.date(2024, 2, 3), dt.date(2024, 6, 9), dt.date(2024, 7, 14)])


def machine(world):
    school, county = world.enterprises["school"], world.users["county"]

    class DrillDuty(RuleBasedStateMachine):
        """Drills of the school recorded, corrected and cancelled in any order: the year's drill duty is done exactly
        when one of them is held in 2024, on that drill's day, and names it."""

        @initialize()
        def start(self):
            Drill.objects.all().delete()
            DutyOccurrence.objects.filter(enterprise=school, item__code="drill").update(
                done_on=None, evidence_type=None, evidence_id=None, recorded_by=None, recorded_at=None
            )

        @rule(day=DAYS)
        def record(self, day):
            if day is None:
                services.record_drill(county, enterprise=school, kind="fire", planned_on=dt.date(2024, 9, 1))
            else:
                held(county, school, day)

        @rule(pick=st.integers(0, 5), day=DAYS)
        def correct(self, pick, day):
            drills = list(Drill.objects.order_by("pk"))
            if not drills:
                return
            drill = drills[pick % len(drills)]
            if day is None:
                changes = {"held_on": None, "participants": None, "planned_on": dt.date(2024, 9, 1)}
            else:
                changes = {"held_on": day, "participants": 10}
            services.change_drill(county, drill, changes)

        @rule(pick=st.integers(0, 5))
        def cancel_a_planned_one(self, pick):
            planned = list(Drill.objects.filter(held_on__isnull=True).order_by("pk"))
            if planned:
                services.cancel_drill(county, planned[pick % len(planned)])

        @invariant()
        def done_exactly_when_a_drill_of_the_year_is_held(self):
            duty = drill_duty(school)
            this_year = Drill.objects.filter(held_on__year=2024)
            if not this_year.exists():
                assert (duty.done_on, duty.evidence_id) == (None, None)
            else:
                assert duty.evidence in this_year
                assert duty.done_on == duty.evidence.held_on

    return DrillDuty


def test_the_drill_duty_follows_any_sequence_of_drills(calendar):
    run_state_machine_as_test(
        machine(calendar),
        settings=settings(max_examples=20, stateful_step_count=8, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]),
    )  # fmt: skip
