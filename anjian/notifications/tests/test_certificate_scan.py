"""证书到期提醒: the unit's users hear of a certificate 90, 30 and 7 days before it expires (or its review falls
due) — once at each stage, never every day, and never with the holder's ID number in the text."""

from __future__ import annotations

import datetime as dt

import pytest

from anjian.core.testing import make_user
from anjian.notifications import scans
from anjian.notifications.models import Notification
from anjian.org.choices import Role
from anjian.people.tests.conftest import certificate, person

from .conftest import at

pytestmark = pytest.mark.django_db


def test_a_certificate_is_announced_at_90_30_and_7_days(world, time_machine):
    at(time_machine, dt.date(2024, 1, 10))
    owner = make_user("mine_clerk", Role.ENTERPRISE, enterprise=world.enterprises["mine"])
    make_user("shop_clerk", Role.ENTERPRISE, enterprise=world.enterprises["shop"])
    holder = person(world, "mine", serial=7, categories=["safety_manager"])
    cert = certificate(world, holder, dt.date(2021, 6, 1), kind="safety_qualification")  # 3 years: 2024-06-01
    expires = cert.expires_on
    assert expires == dt.date(2024, 6, 1)
    told = []
    for offset in range(100, -1, -1):
        at(time_machine, expires - dt.timedelta(days=offset))
        if scans.run("certificates_expiring"):
            told.append(offset)
        assert scans.run("certificates_expiring") == 0  # twice a day tells once
    assert told == [90, 30, 7]
    notices = Notification.objects.filter(verb="certificate_expiring")
    assert {n.recipient for n in notices} == {owner}
    assert all("2024-06-01" in n.text and holder.id_number not in n.text for n in notices)
    assert notices.first().target_url == f"/people/{holder.pk}/"
