"""Photos sent in parts over a weak signal: resumable, refused cleanly, attached once, checked like any photo."""

from __future__ import annotations

import datetime as dt
import io
import os
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from anjian.field import uploads
from anjian.field.models import Upload
from anjian.hazards.models import Hazard, HazardPhoto

pytestmark = pytest.mark.django_db

URL = "/api/v1/field/uploads/"
MB = 2**20
GPS_IFD = 0x8825


def phone_photo(width: int = 1300, height: int = 1000) -> bytes:
    """A noisy JPEG of about 3 MB carrying the phone's GPS position in its EXIF."""
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD)[2] = (26.0, 20.0, 0.0)  # GPSLatitude
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, subsampling=0, exif=exif)
    return out.getvalue()


def begin(api, size: int, **extra):
    body = {"client_uuid": str(uuid.uuid4()), "filename": "现场.jpg", "size": size, "content_type": "image/jpeg"}
    return api.post(URL, {**body, **extra}, format="json")


def put(api, upload_id: int, data: bytes, start: int, total: int, header: str | None = None):
    header = header or f"bytes {start}-{start + len(data) - 1}/{total}"
    return api.generic(
        "PUT", f"{URL}{upload_id}/", data, content_type="application/octet-stream", HTTP_CONTENT_RANGE=header
    )


def send_all(api, upload_id: int, data: bytes, part: int = MB) -> None:
    for start in range(0, len(data), part):
        assert put(api, upload_id, data[start : start + part], start, len(data)).status_code == 200


@pytest.fixture
def hazard(world):
    from anjian.hazards import services

    return services.register_hazard(
        world.users["grid1"], world.enterprises["site"], description="脚手架未设防护", source="grid_patrol"
    )


def test_a_3_mb_photo_arrives_in_parts_resumes_after_a_gap_and_is_attached_without_its_gps(
    world, api_for, hazard, django_capture_on_commit_callbacks
):
    api, photo = api_for("grid1"), phone_photo()
    assert 2.5 * MB < len(photo) < 10 * MB
    started = begin(api, len(photo))
    assert started.status_code == 201, started.content
    upload_id = started.json()["id"]
    assert started.json()["received"] == 0 and started.json()["size"] == len(photo)

    assert put(api, upload_id, photo[:MB], 0, len(photo)).json()["received"] == MB
    gap = put(api, upload_id, photo[2 * MB : 3 * MB], 2 * MB, len(photo))  # the second part was lost
    assert gap.status_code == 409 and gap.json() == {"received": MB}
    status = api.get(f"{URL}{upload_id}/").json()
    assert status == {"id": upload_id, "client_uuid": started.json()["client_uuid"], "received": MB,
                      "size": len(photo), "complete": False}  # fmt: skip

    early = api.post(f"/api/v1/hazards/{hazard.pk}/photos/", {"upload": upload_id}, format="json")
    assert early.status_code == 409 and early.json()["received"] == MB and early.json()["upload"]

    half = MB // 2
    overlap = put(api, upload_id, photo[half : half + MB], half, len(photo))  # a retry overlapping
    assert overlap.status_code == 200 and overlap.json()["received"] == half + MB
    for start in range(half + MB, len(photo), MB):
        last = put(api, upload_id, photo[start : start + MB], start, len(photo))
    assert last.json()["received"] == len(photo) and last.json()["complete"] is True
    assert uploads.data_path(Upload.objects.get()).read_bytes() == photo

    with django_capture_on_commit_callbacks(execute=True):
        attached = api.post(f"/api/v1/hazards/{hazard.pk}/photos/", {"upload": upload_id}, format="json")
    assert attached.status_code == 201, attached.content
    again = api.post(f"/api/v1/hazards/{hazard.pk}/photos/", {"upload": upload_id}, format="json")
    assert again.status_code == 200 and again.json()["id"] == attached.json()["id"]
    photo_row = HazardPhoto.objects.get(hazard=hazard)
    with Image.open(photo_row.attachment.file.path) as stored:
        assert stored.format == "JPEG" and not stored.getexif().get_ifd(GPS_IFD) and not stored.getexif()
    assert not uploads.directory(Upload.objects.get()).exists()  # the parts are gone once stored


def test_a_replay_of_the_beginning_is_the_same_upload_and_another_users_uuid_a_conflict(world, api_for):
    key = str(uuid.uuid4())
    first = begin(api_for("grid1"), 1000, client_uuid=key)
    again = begin(api_for("grid1"), 2000, client_uuid=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["size"] == 1000
    other = begin(api_for("gaoxing"), 1000, client_uuid=key)
    assert other.status_code == 409 and list(other.json()) == ["client_uuid"]
    assert Upload.objects.count() == 1


def test_only_photos_within_the_size_limit_are_begun(world, api_for):
    api = api_for("grid1")
    too_big = begin(api, 10 * MB + 1)
    assert too_big.status_code == 400 and "size" in too_big.json()
    pdf = begin(api, 1000, content_type="application/pdf")
    assert pdf.status_code == 400 and "content_type" in pdf.json()
    assert not Upload.objects.exists()


def test_someone_elses_upload_does_not_exist_for_them(world, api_for, hazard):
    upload_id = begin(api_for("grid1"), 10).json()["id"]
    other = api_for("county")  # sees the hazard, not the upload
    assert other.get(f"{URL}{upload_id}/").status_code == 404
    assert put(other, upload_id, b"0123456789", 0, 10).status_code == 404
    attach = other.post(f"/api/v1/hazards/{hazard.pk}/photos/", {"upload": upload_id}, format="json")
    assert attach.status_code == 400 and "upload" in attach.json()
    assert Upload.objects.get().received == 0


@pytest.mark.parametrize(
    "header",
    ["", "bytes 0-9", "bytes 0-9/11", "bytes 5-2/10", "bytes 0-10/10", "items 0-9/10", "bytes -1-9/10", "bytes 0-4/10"],
)
def test_a_bad_content_range_is_a_field_error_never_a_500(world, api_for, header):
    api = api_for("grid1")
    upload_id = begin(api, 10).json()["id"]
    response = api.generic(
        "PUT", f"{URL}{upload_id}/", b"0123456789", content_type="application/octet-stream", HTTP_CONTENT_RANGE=header
    )
    assert response.status_code == 400
    assert set(response.json()) <= {"content_range", "body"} and response.json()
    assert Upload.objects.get().received == 0


def test_a_part_over_1_mb_is_refused(world, api_for):
    api = api_for("grid1")
    upload_id = begin(api, 3 * MB).json()["id"]
    response = put(api, upload_id, b"x" * (MB + 1), 0, 3 * MB)
    assert response.status_code == 400 and response.json()
    assert Upload.objects.get().received == 0


def test_a_complete_upload_that_is_no_photo_is_refused_like_a_photo_sent_whole(world, api_for, hazard):
    api = api_for("grid1")
    upload_id = begin(api, 12).json()["id"]
    send_all(api, upload_id, b"not a photo!")
    response = api.post(f"/api/v1/hazards/{hazard.pk}/photos/", {"upload": upload_id}, format="json")
    assert response.status_code == 400 and "upload" in response.json()
    assert not HazardPhoto.objects.exists()


def test_uploads_left_for_a_week_are_pruned_with_their_parts(world, api_for):
    api = api_for("grid1")
    old_id, new_id = begin(api, 10).json()["id"], begin(api, 10).json()["id"]
    put(api, old_id, b"01234", 0, 10)
    old = Upload.objects.get(pk=old_id)
    assert uploads.data_path(old).exists()
    Upload.objects.filter(pk=old_id).update(updated_at=timezone.now() - dt.timedelta(days=8))
    call_command("prune_field_uploads")
    assert list(Upload.objects.values_list("pk", flat=True)) == [new_id]
    assert not uploads.directory(old).exists()


def test_the_daily_upkeep_scan_prunes_them_too(world, api_for):
    from anjian.notifications import scans

    upload_id = begin(api_for("grid1"), 10).json()["id"]
    Upload.objects.filter(pk=upload_id).update(updated_at=timezone.now() - dt.timedelta(days=8))
    scans.run("audit_upkeep")
    assert not Upload.objects.exists()


def test_a_hazard_photo_sent_whole_still_works(world, api_for, hazard):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = phone_photo(64, 48)
    response = api_for("grid1").post(
        f"/api/v1/hazards/{hazard.pk}/photos/", {"file": SimpleUploadedFile("p.jpg", data, "image/jpeg")}
    )
    assert response.status_code == 201, response.content
    assert Hazard.objects.get().photos.count() == 1
