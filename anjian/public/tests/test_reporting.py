"""Sending and following a report without an account: what is required, what is refused and why, the sealed
identity, the tracking code and the hashed secret, the photos checked and stripped of their location."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from anjian.public import sealing, services, tracking
from anjian.public.choices import ReportState
from anjian.public.models import PublicReport, ReportEvent

from .conftest import GAOXING, NAME, NOW, PHONE, named, photo, send

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def refusal(**values) -> dict:
    with pytest.raises(ValidationError) as refused:
        send(**values)
    return refused.value.message_dict


def test_an_anonymous_report_is_received_routed_and_given_a_code_and_a_secret(world):
    report, secret = send()
    assert tracking.CODE_RE.match(report.tracking_code)
    assert len(tracking.normal_secret(secret)) == 16
    assert report.secret_hash == tracking.digest(secret) and secret not in report.secret_hash
    assert report.state == ReportState.RECEIVED and report.anonymous
    assert report.name_sealed == report.phone_sealed == ""
    assert report.town.code == GAOXING
    assert report.department == world.departments["yingji"]  # fireworks: 应急局
    assert report.received_at == NOW and report.ack_due_at == NOW + __import__("datetime").timedelta(hours=24)
    assert ReportEvent.objects.filter(report=report, action="submit", actor=None).count() == 1


def test_a_named_report_seals_the_name_and_phone(world):
    report, _secret = named()
    assert not report.anonymous
    assert PHONE not in report.phone_sealed and NAME not in report.name_sealed
    assert sealing.unseal(report.phone_sealed) == PHONE and sealing.unseal(report.name_sealed) == NAME


def test_the_code_and_secret_find_the_report_and_nothing_else_does(world):
    report, secret = send()
    other, other_secret = send(description="某加油站旁边有人焊接作业，没有看护")
    assert services.find(report.tracking_code, secret) == report
    assert services.find(report.tracking_code.lower(), secret.replace("-", " ").lower()) == report  # as typed
    assert services.find(report.tracking_code, other_secret) is None
    assert services.find(other.tracking_code, secret) is None
    assert services.find("JB0000000000", secret) is None
    assert services.find("", "") is None


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"description": ""}, "description"),
        ({"description": "有隐患"}, "description"),  # too short to act on
        ({"description": "x" * 2001}, "description"),
        ({"town": "360732000000"}, "town"),  # the county, not a town
        ({"town": "999999999999"}, "town"),
        ({"town": "abc"}, "town"),
        ({"address": "", "latitude": None}, "address"),
        ({"latitude": "25.9", "longitude": ""}, "latitude"),
        ({"latitude": "95", "longitude": "115"}, "latitude"),
        ({"latitude": "25.9", "longitude": "east"}, "longitude"),
        ({"observed_on": "2099-01-01"}, "observed_on"),
        ({"observed_on": "1999-12-31"}, "observed_on"),
        ({"sector": "astrology"}, "sector"),
        ({"unit_name": "厂" * 121}, "unit_name"),
        ({"description": "烟花爆竹存放在居民楼\x07里"}, "description"),
        ({"phone": PHONE}, "phone"),  # anonymous with a phone
        ({"name": NAME}, "name"),  # anonymous with a name
        ({"anonymous": False, "name": NAME}, "phone"),
        ({"anonymous": False, "phone": PHONE}, "name"),
        ({"anonymous": False, "name": NAME, "phone": "12345"}, "phone"),
    ],
)
def test_what_is_refused_and_keyed_by_field(world, values, field):
    assert field in refusal(**values)
    assert PublicReport.objects.count() == 0


def test_a_pin_alone_is_a_place(world):
    report, _secret = send(address="", latitude="25.880123", longitude="115.351234")
    assert str(report.latitude) == "25.880123" and report.address == ""


def test_photos_are_stored_without_their_gps_position(world):
    report, _secret = send(photos=[photo(gps=True)])
    stored = report.photos.get().attachment
    with Image.open(stored.file.path) as image:
        exif = image.getexif()
        assert 0x8825 not in exif and not exif.get_ifd(0x8825)
        assert image.size == (64, 48)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("bad.jpg", b"not an image at all", content_type="image/jpeg"),
        SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"),
        SimpleUploadedFile("empty.jpg", b"", content_type="image/jpeg"),
    ],
)
def test_a_malformed_photo_refuses_the_whole_report(world, upload):
    with pytest.raises(ValidationError) as refused:
        send(photos=[upload])
    assert "photos" in refused.value.message_dict
    assert PublicReport.objects.count() == 0


def test_at_most_six_photos(world):
    assert "photos" in refusal(photos=[photo(colour=(i, i, i)) for i in range(7)])


def test_a_gif_is_refused(world):
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "GIF")
    upload = SimpleUploadedFile("a.gif", out.getvalue(), content_type="image/gif")
    assert "photos" in refusal(photos=[upload])


def test_the_reporter_answers_only_a_waiting_question(world):
    report, _secret = send()
    with pytest.raises(ValidationError):
        services.answer(report, "在二楼")
    services.perform(world.users["gaoxing"], report, "ask", public_text="具体在几楼？")
    report.refresh_from_db()
    assert report.awaiting_answer
    services.answer(report, "在二楼仓库")
    report.refresh_from_db()
    assert not report.awaiting_answer
    assert report.events.filter(action="answer", actor=None, public_text="在二楼仓库").exists()
    with pytest.raises(ValidationError):
        services.answer(report, "再补充一句")
