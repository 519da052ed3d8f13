"""The demo's people: every unit has its principal, the records are dated before today and tell the stories the
pages show (people short of hours, certificates expiring and expired, uncertified welders, hot-work permits of
certified welders), and the same seed gives the same people."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from anjian.core.management.commands.load_demo import build
from anjian.demo.generator import plan
from anjian.demo.people import load_demo_people
from anjian.people import permits
from anjian.people.certificates import with_status
from anjian.people.models import Certificate, Permit, Person, TrainingRecord
from anjian.people.rates import welders
from anjian.people.rules import with_compliance
from anjian.registry.models import Enterprise

pytestmark = pytest.mark.django_db(transaction=False)
TODAY = dt.date(2024, 7, 15)


def digest() -> str:
    rows = Person.objects.order_by("enterprise__name", "id_number").values_list("enterprise__name", "name", "id_number")
    hours = TrainingRecord.objects.order_by("person__id_number", "date", "kind").values_list(
        "person__id_number", "hours"
    )
    return hashlib.sha256(repr((list(rows), list(hours))).encode()).hexdigest()


def load() -> dict:
    build(plan(11, 160), TODAY)
    return load_demo_people(11, TODAY)


def test_the_demo_people(time_machine):
    time_machine.move_to(dt.datetime(2024, 7, 15, 10, 0), tick=False)
    with transaction.atomic():
        first = load()
        first_digest = digest()
        transaction.set_rollback(True)
    counts = load()
    assert counts == first and digest() == first_digest
    units = Enterprise.objects.count()
    assert Person.objects.filter(is_principal=True).values("enterprise").distinct().count() == units
    assert Person.objects.values("enterprise", "id_number").annotate(n=Count("pk")).filter(n__gt=1).count() == 0
    assert TrainingRecord.objects.aggregate(last=Max("date"))["last"] < TODAY
    assert Certificate.objects.aggregate(last=Max("issued_on"))["last"] < TODAY
    standing = set(with_compliance(Person.objects.all(), TODAY).values_list("compliance", flat=True))
    assert {"compliant", "short"} <= standing
    statuses = set(with_status(Certificate.objects.all(), TODAY).values_list("status", flat=True))
    assert {"valid", "expiring", "expired"} <= statuses
    assert "uncertified" in set(welders(Person.objects.all(), TODAY).values_list("standing", flat=True))
    assert counts["special work permits"] > 0
    for permit in Permit.objects.select_related("worker"):
        first, last = timezone.localdate(permit.starts_at), timezone.localdate(permit.ends_at)
        assert permits.certificate_for(permit.worker, permit.kind, first, last) is not None
        assert last < TODAY
