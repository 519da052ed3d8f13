"""Hazards entered offline on a phone: created once per client_uuid, and the phone's clock trusted only so far."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
import time_machine
from django.db import connection
from django.test import override_settings

from anjian.core.capture import capture_time
from anjian.hazards import services
from anjian.hazards.models import Hazard, HazardEvent
from anjian.hazards.rules import Refused

URL = "/api/v1/hazards/"
NOW = dt.datetime(2026, 6, 10, 9, 0, tzinfo=dt.UTC)


def body(world, key="site", **extra) -> dict:
    return {"unit": world.enterprises[key].pk, "description": "临边防护缺失", "source": "grid_patrol", **extra}


@pytest.mark.django_db
def test_a_replay_answers_200_with_the_same_hazard_and_creates_no_second(world, api_for):
    api, key = api_for("grid1"), str(uuid.uuid4())
    first = api.post(URL, body(world, client_uuid=key), format="json")
    assert first.status_code == 201, first.content
    created = first.json()
    assert created["client_uuid"] == key
    assert created["received_at"] and created["captured_at"] is None
    again = api.post(URL, body(world, client_uuid=key, description="另一段描述"), format="json")
    assert again.status_code == 200, again.content
    assert again.json()["id"] == created["id"]
    assert again.json()["description"] == "临边防护缺失"
    assert Hazard.objects.filter(client_uuid=key).count() == 1
    assert Hazard.objects.count() == 1


@pytest.mark.django_db
def test_a_replay_with_fields_no_longer_valid_still_answers_the_record(world, api_for):
    api, key = api_for("grid1"), str(uuid.uuid4())
    assert api.post(URL, body(world, client_uuid=key), format="json").status_code == 201
    again = api.post(URL, {"client_uuid": key, "description": ""}, format="json")
    assert again.status_code == 200
    assert Hazard.objects.count() == 1


@pytest.mark.django_db
def test_the_same_uuid_from_another_user_is_a_conflict(world, api_for):
    key = str(uuid.uuid4())
    assert api_for("grid1").post(URL, body(world, client_uuid=key), format="json").status_code == 201
    other = api_for("county").post(URL, body(world, client_uuid=key), format="json")
    assert other.status_code == 409
    assert list(other.json()) == ["client_uuid"] and other.json()["client_uuid"][0]
    assert Hazard.objects.count() == 1


@pytest.mark.django_db
def test_a_unit_outside_jurisdiction_is_refused_on_the_unit_field(world, api_for):
    response = api_for("grid1").post(URL, body(world, "mine", client_uuid=str(uuid.uuid4())), format="json")
    assert response.status_code == 400
    assert "unit" in response.json()
    assert not Hazard.objects.exists()


@pytest.mark.django_db
def test_a_malformed_uuid_is_a_field_error(world, api_for):
    response = api_for("grid1").post(URL, body(world, client_uuid="not-a-uuid"), format="json")
    assert response.status_code == 400
    assert "client_uuid" in response.json()


@pytest.mark.django_db
def test_without_a_uuid_every_request_registers(world, api_for):
    api = api_for("grid1")
    assert api.post(URL, body(world), format="json").status_code == 201
    assert api.post(URL, body(world), format="json").status_code == 201
    assert Hazard.objects.count() == 2


# --- the phone's clock -------------------------------------------------------------------------------


def test_the_capture_time_counts_within_the_tolerance():
    assert capture_time(NOW - dt.timedelta(hours=71), NOW).at == NOW - dt.timedelta(hours=71)
    assert capture_time(NOW + dt.timedelta(minutes=4), NOW).clock_off is False
    assert capture_time(None, NOW).at == NOW


def test_a_capture_time_too_old_or_in_the_future_gives_way_to_the_receipt():
    for wrong in (NOW - dt.timedelta(hours=73), NOW + dt.timedelta(minutes=6), dt.datetime(1970, 1, 1, tzinfo=dt.UTC)):
        capture = capture_time(wrong, NOW)
        assert (capture.at, capture.clock_off) == (NOW, True)


@override_settings(ANJIAN_CAPTURE_TOLERANCE_HOURS=24)
def test_the_tolerance_is_a_setting():
    assert capture_time(NOW - dt.timedelta(hours=25), NOW).clock_off is True


@pytest.mark.django_db
def test_a_hazard_captured_offline_yesterday_is_found_yesterday(world, api_for):
    with time_machine.travel(NOW, tick=False):
        captured = (NOW - dt.timedelta(hours=30)).isoformat()
        response = api_for("grid1").post(
            URL, body(world, client_uuid=str(uuid.uuid4()), captured_at=captured), format="json"
        )
    assert response.status_code == 201, response.content
    hazard = Hazard.objects.get()
    assert hazard.found_at == NOW - dt.timedelta(hours=30)
    assert (hazard.received_at, hazard.clock_off) == (NOW, False)


@pytest.mark.django_db
def test_a_phone_clock_set_wrong_cannot_move_the_deadline(world, api_for):
    """A clock set a month back would let a plan's deadline lie a month earlier than the finding really was."""
    api = api_for("grid1")
    with time_machine.travel(NOW, tick=False):
        month_back = (NOW - dt.timedelta(days=30)).isoformat()
        created = api.post(URL, body(world, client_uuid=str(uuid.uuid4()), captured_at=month_back), format="json")
        ahead = api.post(
            URL, body(world, client_uuid=str(uuid.uuid4()), captured_at="2027-01-01T00:00:00Z"), format="json"
        )
    for response in (created, ahead):
        assert response.status_code == 201, response.content
        hazard = Hazard.objects.get(pk=response.json()["id"])
        assert hazard.found_at == NOW and hazard.received_at == NOW and hazard.clock_off
        event = HazardEvent.objects.get(hazard=hazard)
        assert event.data["clock_off"] is True and event.data["phone_captured_at"]
    assert created.json()["captured_at"].startswith("2026-05-11")
    assert Hazard.objects.get(pk=created.json()["id"]).captured_at == NOW - dt.timedelta(days=30)
    # A new deadline may not lie before the finding day: the receipt day, not the day the wrong clock showed.
    hazard = Hazard.objects.get(pk=created.json()["id"])
    with time_machine.travel(NOW, tick=False), pytest.raises(Refused) as refused:
        services._deadline(hazard, {"deadline": (NOW - dt.timedelta(days=20)).date()})
    assert "deadline" in refused.value.message_dict
    assert services._deadline(hazard, {"deadline": NOW.date()}) == NOW.date()


# --- two requests at the same moment --------------------------------------------------------------------


def _post(api, data, answers, barrier):
    try:
        barrier.wait()
        answers.append(api.post(URL, data, format="json").status_code)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_with_one_uuid_make_one_hazard(world, api_for):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("shared-cache in-memory SQLite cannot make concurrent writers wait")
    data, answers, barrier = body(world, client_uuid=str(uuid.uuid4())), [], threading.Barrier(4)
    clients = [api_for("grid1") for _ in range(4)]
    threads = [threading.Thread(target=_post, args=(api, data, answers, barrier)) for api in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200, 200, 200, 201]
    assert Hazard.objects.count() == 1
