"""The demo county's public reports: a dozen of them, each one the services accepted, dated before today in the story's
order; some acknowledged late, some waiting (one past its deadline), one merged, one opened into a major hazard whose
anonymous reporter was paid 3,000 yuan — read back by attachment 4's reward cells — and a named reporter whose identity
the county office may view. Deterministic for a seed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from anjian.core import figures
from anjian.core.figures import Frame
from anjian.core.management.commands.load_demo import build
from anjian.demo.clock import cutoff
from anjian.demo.generator import plan
from anjian.demo.hazards import restart_photos
from anjian.demo.public import load_demo_public
from anjian.hazards.choices import Grade, Source
from anjian.org.models import User
from anjian.public import services
from anjian.public.choices import ReportState, RewardState
from anjian.public.models import PublicReport, ReportEvent, Reward

from .conftest import TEST_KEY

SMALL = 300


def digest() -> list:
    return list(PublicReport.objects.order_by("pk").values_list("description", "town__code", "state", "received_at"))


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    today = timezone.localdate()
    key = pytest.MonkeyPatch.context()
    with key as patch, django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        patch.setenv("ANJIAN_REPORT_KEY", TEST_KEY)
        with transaction.atomic():
            build(plan(enterprises=SMALL), today)
            restart_photos()
            with transaction.atomic():
                load_demo_public(2023, today)
                first = digest()
                transaction.set_rollback(True)
            restart_photos()
            counts = load_demo_public(2023, today)
            yield {"counts": counts, "first": first, "today": today}
            transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def test_the_demo_tells_each_story_of_a_report(demo):
    reports = PublicReport.objects.all()
    assert demo["counts"]["public reports"] == reports.count() == 12
    assert digest() == demo["first"]  # the same seed, the same reports
    states = set(reports.values_list("state", flat=True))
    assert states == {s.value for s in ReportState}
    assert sum(r.ack_late for r in reports if r.acknowledged_at) >= 2  # acknowledged late
    assert any(r.ack_late for r in reports.filter(state=ReportState.RECEIVED))  # waiting past its deadline
    end = cutoff(demo["today"])
    for report in reports:
        times = list(report.events.order_by("id").values_list("at", flat=True))
        assert times == sorted(times) and times[0] == report.received_at and times[-1] < end
        if report.acknowledged_at:
            assert report.acknowledged_at == report.events.get(action="acknowledge").at


def test_one_report_became_a_major_hazard_and_its_anonymous_reporter_was_paid(demo):
    report = PublicReport.objects.get(state=ReportState.HAZARD_OPENED)
    assert report.anonymous and report.hazard.source == Source.PUBLIC_REPORT and report.hazard.grade == Grade.MAJOR
    reward = Reward.objects.get()
    assert (reward.state, reward.amount, reward.anonymous) == (RewardState.PAID, Decimal("3000.00"), True)
    assert reward.approved_by != reward.proposed_by and reward.paid_on < demo["today"]
    paid = report.events.get(action="reward_pay")
    assert reward.paid_on.isoformat() in paid.public_text
    office = User.objects.get(username="county")
    values = figures.values(
        {k: (figures.get(k), Frame(office)) for k in ("public.rewards_paid", "public.anonymous_rewards_paid")}
    )
    assert values == {"public.rewards_paid": Decimal("0.30"), "public.anonymous_rewards_paid": Decimal("0.30")}
    merged = PublicReport.objects.get(state=ReportState.DUPLICATE)
    assert merged.duplicate_of == report


def test_the_office_may_view_a_named_reporter(demo):
    office = User.objects.get(username="county")
    report = PublicReport.objects.filter(anonymous=False).order_by("pk").first()
    identity = services.reveal(office, report, "演示：核对举报人联系方式")
    assert identity.name and identity.phone.isdigit()
    assert not ReportEvent.objects.filter(public_text__contains=identity.phone).exists()
