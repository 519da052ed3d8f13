"""Photos uploaded on their own (POST /api/v1/hazards/{id}/photos/): recorded with who and when, signed with
the step that names them, and never added to a closed hazard or by someone who can take no step on it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from anjian.hazards import services
from anjian.hazards.models import HazardEvent, HazardPhoto

pytestmark = pytest.mark.django_db

URL = "/api/v1/hazards/"


def jpeg(colour: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")


def upload(api, hazard, colour: str = "red"):
    return api.post(f"{URL}{hazard.pk}/photos/", {"file": jpeg(colour)}, format="multipart")


def test_nobody_adds_a_photo_to_a_closed_hazard(api_for, world):
    grid1 = world.users["grid1"]
    hazard = services.register_hazard(
        grid1, world.enterprises["site"], description="临边防护缺失", source="grid_patrol"
    )
    services.perform(grid1, hazard, "fix_on_spot", photos=[jpeg("green")])
    hazard.refresh_from_db()
    assert hazard.state == "closed"
    photos, events = HazardPhoto.objects.count(), HazardEvent.objects.count()
    for username in ("grid1", "county"):
        response = upload(api_for(username), hazard)
        assert response.status_code == 400
        assert "该隐患已销号，不能再添加照片" in response.json()["non_field_errors"][0]
    assert upload(api_for("leader"), hazard).status_code == 403
    assert (HazardPhoto.objects.count(), HazardEvent.objects.count()) == (photos, events)


def test_a_photo_is_added_only_by_someone_who_may_take_a_step_now(api_for, world):
    town = world.users["gaoxing"]
    hazard = services.register_hazard(town, world.enterprises["shop"], description="超量储存", source="public_report")
    services.perform(town, hazard, "assess", grade="general")
    deadline = timezone.localdate() + dt.timedelta(days=10)
    services.perform(town, hazard, "plan", responsible_person="王国平", measures="清理", deadline=deadline)
    services.perform(world.users["qiye1"], hazard, "submit_fix")  # now the town verifies; the shop waits
    response = upload(api_for("qiye1"), hazard)
    assert response.status_code == 400 and "您目前不能对该隐患进行任何操作" in response.json()["non_field_errors"][0]
    assert not HazardPhoto.objects.filter(hazard=hazard).exists()
    assert upload(api_for("gaoxing"), hazard).status_code == 201  # the town may verify or reject now


def test_an_uploaded_photo_shows_who_added_it_and_the_step_that_signs_it(api_for, world):
    api = api_for("grid1")
    unit = world.enterprises["site"].pk
    hazard_id = api.post(URL, {"unit": unit, "description": "配电箱未上锁", "source": "grid_patrol"}).json()["id"]
    response = api.post(f"{URL}{hazard_id}/photos/", {"file": jpeg("blue"), "kind": "fix"}, format="multipart")
    assert response.status_code == 201, response.content
    photo = response.json()
    assert (photo["event"], photo["added_by"]) == (None, "grid1") and photo["added_at"]
    body = {"action": "fix_on_spot", "photo_ids": [photo["id"]]}
    step = api.post(f"{URL}{hazard_id}/transitions/", body, format="json")
    assert step.status_code == 201, step.content
    event = step.json()["event"]
    shown = {p["id"]: p for p in api.get(f"{URL}{hazard_id}/").json()["photos"]}
    assert shown[photo["id"]]["event"] == event["id"] and event["photos"]
