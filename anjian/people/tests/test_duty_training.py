"""A training the unit organised is its principal's yearly training duty (十个一次: 组织一次安全生产知识技能培训): a
pre-post training or the yearly retraining of one of its people, recorded on the person's form or through the API,
makes the year's `training` occurrence done and names the record; a certificate's review training does not; a
record deleted or changed to another kind or year leaves no false "done" (another record of the year takes over)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from anjian.duties import services as duties
from anjian.duties.defaults import ensure_defaults
from anjian.duties.models import DutyOccurrence
from anjian.people import services
from anjian.people.models import TrainingRecord
from anjian.registry.models import Enterprise

from .conftest import TODAY, person, training

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
YEAR = dt.date(2024, 1, 1)


@pytest.fixture
def calendar(world):
    ensure_defaults()
    Enterprise.objects.update(created_at=dt.datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai")))
    duties.generate_occurrences(TODAY, since=YEAR)
    return world


def training_duty(unit) -> DutyOccurrence:
    return DutyOccurrence.objects.get(enterprise=unit, item__code="training", period_start=YEAR)


def test_a_training_recorded_on_the_persons_form_does_the_years_training_duty(calendar, client_for):
    mine = calendar.enterprises["mine"]
    worker = person(calendar, "mine", 1, ["new_staff"], started_on=dt.date(2024, 6, 1))
    client = client_for("county")
    data = {"kind": "initial", "course": "三级安全教育", "hours": "24", "date": "2024-06-28", "result": "passed"}
    assert client.post(reverse("people:record_new", args=[worker.pk, "training"]), data).status_code == 302
    record, duty = TrainingRecord.objects.get(), training_duty(mine)
    assert (duty.done_on, duty.evidence, duty.recorded_by.username) == (dt.date(2024, 6, 28), record, "county")
    page = client.get(reverse("duties:occurrence", args=[duty.pk])).content.decode()
    assert reverse("people:detail", args=[worker.pk]) in page and "三级安全教育" in page
    assert training_duty(calendar.enterprises["shop"]).done_on is None


def test_a_training_posted_through_the_api_does_it_too(calendar, api_for):
    mine = calendar.enterprises["mine"]
    worker = person(calendar, "mine", 1, ["special_operation"], operation_type="welding")
    api = api_for("gaoxing")
    body = {"person": worker.pk, "kind": "yearly", "course": "年度再培训", "hours": 20, "date": "2024-05-10"}
    made = api.post("/api/v1/training-records/", body, format="json")
    assert made.status_code == 201, made.content
    duty = api.get(f"/api/v1/duty-occurrences/{training_duty(mine).pk}/").json()
    assert (duty["status"], duty["done_on"], duty["evidence"]["kind"]) == (
        "done",
        "2024-05-10",
        "people.trainingrecord",
    )
    assert duty["evidence"]["id"] == made.json()["id"]


def test_a_review_training_is_not_the_units_training(calendar):
    worker = person(calendar, "mine", 1, ["special_operation"], operation_type="welding")
    training(calendar, worker, 8, dt.date(2024, 3, 1), kind="review")
    training(calendar, worker, 8, dt.date(2024, 4, 1), kind="retraining")
    assert training_duty(calendar.enterprises["mine"]).done_on is None


def test_a_deleted_or_changed_training_leaves_no_false_done(calendar, client_for):
    mine, county = calendar.enterprises["mine"], calendar.users["county"]
    first = person(calendar, "mine", 1, ["new_staff"], started_on=dt.date(2024, 1, 2))
    second = person(calendar, "mine", 2, ["new_staff"], started_on=dt.date(2024, 1, 2))
    early = training(calendar, first, 24, dt.date(2024, 2, 1))
    late = training(calendar, second, 24, dt.date(2024, 3, 1))
    assert training_duty(mine).evidence == early
    client = client_for("county")
    assert client.post(reverse("people:record_delete", args=["training", early.pk])).status_code == 302
    assert (training_duty(mine).evidence, training_duty(mine).done_on) == (late, dt.date(2024, 3, 1))
    services.change_training(county, late, {"kind": "review"})
    duty = training_duty(mine)
    assert (duty.done_on, duty.evidence_id) == (None, None)
    services.change_training(county, TrainingRecord.objects.get(), {"kind": "yearly", "date": dt.date(2023, 12, 1)})
    assert training_duty(mine).done_on is None  # last year's training does not do this year's duty
