"""Visits and results entered offline: created once per client_uuid; a signed visit refuses results with 409."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from anjian.core.testing import make_user
from anjian.field.models import Upload
from anjian.inspections import services
from anjian.inspections.models import Inspection, InspectionResult
from anjian.org.choices import Role

pytestmark = pytest.mark.django_db

URL = "/api/v1/inspections/"


@pytest.fixture
def yingji2(world):
    return make_user("yingji2", Role.DEPARTMENT, department=world.departments["yingji"])


def visit_body(world, **extra) -> dict:
    day = timezone.localdate() - dt.timedelta(days=1)
    return {
        "unit": world.enterprises["shop"].pk,
        "kind": "routine",
        "visit_date": day.isoformat(),
        "inspectors": ["yingji", "yingji2"],
        **extra,
    }


def test_a_replayed_visit_answers_200_with_the_same_record(world, api_for, yingji2):
    api, key = api_for("yingji"), str(uuid.uuid4())
    captured = (timezone.now() - dt.timedelta(hours=2)).isoformat()
    first = api.post(URL, visit_body(world, client_uuid=key, captured_at=captured), format="json")
    assert first.status_code == 201, first.content
    assert first.json()["client_uuid"] == key and first.json()["captured_at"] and first.json()["received_at"]
    again = api.post(URL, visit_body(world, client_uuid=key, summary="另写的"), format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Inspection.objects.count() == 1


def test_another_users_uuid_for_a_visit_is_a_conflict(world, api_for, yingji2):
    key = str(uuid.uuid4())
    assert api_for("yingji").post(URL, visit_body(world, client_uuid=key), format="json").status_code == 201
    other = api_for("county").post(URL, visit_body(world, client_uuid=key), format="json")
    assert other.status_code == 409 and list(other.json()) == ["client_uuid"]
    assert Inspection.objects.count() == 1


def test_a_replayed_result_is_recorded_once_and_another_users_uuid_conflicts(world, api_for, yingji2):
    api = api_for("yingji")
    visit_id = api.post(URL, visit_body(world), format="json").json()["id"]
    key, results = str(uuid.uuid4()), f"{URL}{visit_id}/results/"
    first = api.post(results, {"result": "fail", "text": "超量储存", "client_uuid": key}, format="json")
    assert first.status_code == 201, first.content
    again = api.post(results, {"result": "fail", "text": "超量储存", "client_uuid": key}, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert again.json()["client_uuid"] == key
    other = api_for("county").post(results, {"result": "pass", "text": "x", "client_uuid": key}, format="json")
    assert other.status_code == 409 and "client_uuid" in other.json()
    assert InspectionResult.objects.count() == 1


def test_a_result_for_a_visit_signed_by_someone_else_is_refused_naming_who_signed(world, api_for, yingji2):
    api = api_for("yingji")
    visit_id = api.post(URL, visit_body(world), format="json").json()["id"]
    inspection = Inspection.objects.get(pk=visit_id)
    services.sign(yingji2, inspection)
    services.sign(world.users["yingji"], inspection)
    Inspection.objects.filter(pk=visit_id).update(state="signed")  # the representative's hand signature aside
    refused = api.post(
        f"{URL}{visit_id}/results/",
        {"result": "fail", "text": "超量储存", "client_uuid": str(uuid.uuid4())},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert refused.status_code == 409
    assert "yingji2" in refused.json()["signed_by"] and "yingji2" in refused.json()["detail"]
    assert not InspectionResult.objects.exists()


def test_a_failed_items_photo_may_come_from_an_upload_in_parts(world, api_for, yingji2):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, "JPEG")
    data = out.getvalue()
    api = api_for("yingji")
    visit_id = api.post(URL, visit_body(world), format="json").json()["id"]
    body = {"client_uuid": str(uuid.uuid4()), "size": len(data), "content_type": "image/jpeg"}
    upload_id = api.post("/api/v1/field/uploads/", body, format="json").json()["id"]
    sent = api.generic(
        "PUT",
        f"/api/v1/field/uploads/{upload_id}/",
        data,
        content_type="application/octet-stream",
        HTTP_CONTENT_RANGE=f"bytes 0-{len(data) - 1}/{len(data)}",
    )
    assert sent.json()["complete"] is True
    result = api.post(
        f"{URL}{visit_id}/results/", {"result": "fail", "text": "超量储存", "upload": upload_id}, format="json"
    )
    assert result.status_code == 201, result.content
    assert result.json()["photo_url"]
    assert InspectionResult.objects.get().photo_id == Upload.objects.get().attachment_id
