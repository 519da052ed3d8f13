"""The demo's duties: a year of occurrences (most done, some overdue), reports signed and acknowledged, the list
delivered in part with its sample items labelled as such, a few disorderly contracts; all dated before today,
and the same for the same seed."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from anjian.demo.duties import load_demo_duties
from anjian.duties.models import (
    DutyOccurrence,
    DutyReport,
    DutyReportAcknowledgement,
    DutyReportSignature,
    ListDelivery,
    OutsourcingContract,
    ResponsibilityList,
)
from anjian.registry.models import Enterprise

from .conftest import TODAY, TZ

pytestmark = pytest.mark.usefixtures("frozen")


def _digest() -> str:
    rows = [
        sorted(
            DutyOccurrence.objects.values_list(
                "enterprise__name", "item__code", "period_start", "done_on", "minutes", "principal_name"
            )
        ),
        sorted(DutyReport.objects.values_list("enterprise__name", "period_start", "state")),
        sorted(DutyReportSignature.objects.values_list("report__enterprise__name", "position", "signer_name")),
        sorted(ListDelivery.objects.values_list("enterprise__name", "delivered_on", "acknowledged_on", "method")),
        sorted(OutsourcingContract.objects.values_list("enterprise__name", "counterparty", "starts_on", "disorderly")),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _load(seed: int) -> tuple[dict, str]:
    with transaction.atomic():
        counts = load_demo_duties(seed, TODAY)
        digest = _digest()
        transaction.set_rollback(True)
    return counts, digest


def test_the_demo_duties(world):
    Enterprise.objects.update(created_at=dt.datetime(2020, 1, 1, tzinfo=TZ))
    counts = load_demo_duties(2023, TODAY)
    assert counts["duty occurrences"] == DutyOccurrence.objects.count() > 100
    done = DutyOccurrence.objects.filter(done_on__isnull=False)
    overdue = DutyOccurrence.objects.filter(done_on__isnull=True, due_on__lt=TODAY)
    assert done.count() > overdue.count() > 0
    assert not done.filter(done_on__gte=TODAY).exists() and not done.filter(done_on__lt=F("period_start")).exists()
    assert DutyOccurrence.objects.filter(item__code="campaign_check").exists()  # the demo's campaign runs this year
    cutoff = timezone.make_aware(dt.datetime.combine(TODAY, dt.time()))
    assert not done.filter(recorded_at__gte=cutoff).exists()
    assert DutyReport.objects.filter(state="acknowledged").count() == DutyReportAcknowledgement.objects.count() > 0
    assert not DutyReportAcknowledgement.objects.filter(acknowledged_at__gte=cutoff).exists()
    signed = DutyReport.objects.exclude(state="draft")
    assert all(r.signatures.count() == 2 for r in signed)
    the_list = ResponsibilityList.objects.get()
    assert the_list.items_sample and the_list.items.count() == 35
    assert all(item.text.startswith("示例条目") for item in the_list.items.all())
    assert the_list.deadline == dt.date(2025, 11, 30)  # 15 August 2026: the list of the year before
    assert ListDelivery.objects.exists() and not ListDelivery.objects.filter(delivered_on__gte=TODAY).exists()
    assert OutsourcingContract.objects.filter(disorderly=True).exists()
    assert all(c.disorderly == bool(c.reasons()) for c in OutsourcingContract.objects.all())


def test_the_same_seed_gives_the_same_duties(world):
    Enterprise.objects.update(created_at=dt.datetime(2020, 1, 1, tzinfo=TZ))
    first, again, other = _load(7), _load(7), _load(8)
    assert first == again
    assert first[1] != other[1]
