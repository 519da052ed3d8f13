"""The demo county's drills, plans, named places and accidents: deterministic for a seed, dated before today, every
record one the services would accept, and every screen with something to show (overdue units, an unscripted drill
filed late, places in progress, plans due and revised, a concealed accident)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings
from django.utils import timezone

from anjian.core.management.commands.load_demo import build
from anjian.demo.emergency import load_demo_emergency
from anjian.demo.generator import plan
from anjian.demo.hazards import restart_photos
from anjian.emergency import access, rules, services
from anjian.emergency.choices import FrequencyStatus, RequirementStatus
from anjian.emergency.models import Accident, Drill, DrillRequirement, EmergencyPlan
from anjian.org.models import User
from anjian.registry.models import Enterprise

SMALL = 300


def digest() -> str:
    rows = Drill.objects.order_by("pk").values_list("enterprise__name", "kind", "held_on", "filed_on", "participants")
    plans = EmergencyPlan.objects.order_by("pk").values_list("title", "version", "issued_on", "current")
    return hashlib.sha256(repr((list(rows), list(plans))).encode()).hexdigest()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The registry of a small county and its emergency records, once for the module, rolled back at its end; the
    second load (in a savepoint) gives the same records."""
    today = timezone.localdate()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            build(plan(enterprises=SMALL), today)
            restart_photos()
            with transaction.atomic():
                counts = load_demo_emergency(2023, today)
                first = digest()
                transaction.set_rollback(True)
            restart_photos()
            counts = load_demo_emergency(2023, today)
            yield {"counts": counts, "first": first, "today": today}
            transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def test_the_same_seed_gives_the_same_records(demo):
    assert digest() == demo["first"]
    assert demo["counts"]["drills"] == Drill.objects.count() > SMALL


def test_everything_lies_before_today(demo):
    today = demo["today"]
    assert not Drill.objects.filter(held_on__gte=today).exists()
    assert not Drill.objects.filter(filed_on__gte=today).exists()
    assert not EmergencyPlan.objects.filter(issued_on__gte=today).exists()
    assert not Accident.objects.filter(occurred_at__date__gte=today).exists()


def test_every_record_is_one_the_services_accept(demo):
    office = User.objects.get(username="county")
    for drill in Drill.objects.select_related("enterprise", "department", "region", "plan"):
        services.clean_drill(office, services.drills.current_values(drill))
    for row in EmergencyPlan.objects.filter(current=True).select_related("enterprise", "department", "region"):
        services.clean_plan(office, services.plans.current_values(row))
    for accident in Accident.objects.all():
        values = {name: getattr(accident, name) for name in services.accidents.ACCIDENT_FIELDS}
        services.clean_accident(office, values)
    assert all(access.may_record_for(office, access.owner_of(d)) for d in Drill.objects.all()[:50])


def test_every_screen_has_something_to_show(demo):
    today = demo["today"]
    statuses = {u.drill_status for u in rules.with_frequency(rules.subject_units(Enterprise.objects.all()), today)}
    assert statuses >= {FrequencyStatus.COMPLIANT, FrequencyStatus.OVERDUE}
    assert Drill.objects.filter(rules.late_filing_q()).count() == 1
    assert Drill.objects.filter(unscripted=True).count() > 10
    sector = Drill.objects.exclude(organiser="enterprise")
    assert sector.count() == 104 and sector.aggregate(n=Sum("participants"))["n"] == 5200
    assert Drill.objects.filter(organiser="department", region__level="town").exists()
    assert EmergencyPlan.objects.filter(rules.review_due_q(today)).exists()
    assert EmergencyPlan.objects.filter(needs_revision=True, revision_drill__isnull=False).exists()
    assert EmergencyPlan.objects.filter(supersedes__isnull=False, enterprise__isnull=False).exists()
    issued = EmergencyPlan.objects.filter(enterprise__isnull=True, issued_on__gte=today - dt.timedelta(days=365))
    assert issued.count() == 15
    places = {r.status for r in rules.with_requirement_status(DrillRequirement.objects.all(), today)}
    assert RequirementStatus.HELD in places and len(places) >= 2
    grades = set(Accident.objects.values_list("grade", flat=True))
    assert grades == {"general"} and Accident.objects.filter(rules.concealed_q()).count() == 1
    assert Drill.objects.filter(photos__isnull=False).exists()


def test_most_high_risk_units_drilled_twice(demo):
    from django.db.models import Count

    year_ago = demo["today"] - dt.timedelta(days=365)
    counts = [
        n
        for _pk, n in Drill.objects.filter(enterprise__high_risk=True, held_on__gte=year_ago)
        .values_list("enterprise")
        .annotate(n=Count("pk"))
    ]
    assert sum(n >= 2 for n in counts) > len(counts) / 2
