"""Shared pieces of the public reports' tests: a frozen day, a test key for the sealed identities, an empty rate-limit
cache, and helpers that send, acknowledge and verify reports."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.public import services

NOW = dt.datetime(2024, 7, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
GAOXING, LIANJIANG, PARK = "360732104000", "360732100000", "360732400000"
PHONE = "13812345678"  # appears in no other test record
NAME = "赵举报"
TEST_KEY = "q0OCsPUeC4m4oQ9s4xJ8nEhc7m3mAO1r1QX5c7lkXq4="


@pytest.fixture(autouse=True)
def _report_key(monkeypatch):
    """A key of the tests' own (public.sealing reads the environment first): no key file is written."""
    monkeypatch.setenv("ANJIAN_REPORT_KEY", TEST_KEY)


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Each test starts with an empty rate-limit budget (the cache outlives a test)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def photo(name="site.jpg", gps: bool = False, size=(64, 48), colour="orange") -> SimpleUploadedFile:
    """A JPEG; with `gps`, carrying an EXIF GPS position (as a phone's camera writes it)."""
    from PIL import Image

    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        gps_ifd = {1: "N", 2: (25.0, 50.0, 0.0), 3: "E", 4: (115.0, 21.0, 0.0)}
        exif[0x8825] = gps_ifd
        exif[0x010F] = "PhoneMaker"
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def send(town=GAOXING, photos=(), **values):
    """A report sent as a reporter would: (report, secret)."""
    values.setdefault("description", "居民楼一楼商铺存放大量烟花爆竹，有人住在里面")
    values.setdefault("address", "高兴镇高兴村圩上街12号")
    values.setdefault("sector", "fireworks")
    values["town"] = town
    return services.submit(values, photos)


def named(**values):
    return send(anonymous=False, name=NAME, phone=PHONE, **values)


def acknowledged(world, who="gaoxing", **values):
    report, secret = send(**values)
    services.perform(world.users[who], report, "acknowledge")
    report.refresh_from_db()
    return report, secret


def verified(world, who="gaoxing", **values):
    report, secret = acknowledged(world, who, **values)
    services.perform(world.users[who], report, "verify", note="现场核实属实")
    report.refresh_from_db()
    return report, secret


def grant_reveal(user):
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        Permission.objects.get(codename="view_reporter_identity", content_type__app_label="public")
    )
    user.refresh_from_db()
    for cached in ("_perm_cache", "_user_perm_cache"):
        if hasattr(user, cached):
            delattr(user, cached)
    return user
