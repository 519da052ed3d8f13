"""The demo county's hazards: every screen has something to show, and every step is properly signed."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from anjian import settings as project_settings
from anjian.hazards.choices import QUARTERLY_MAJOR_QUOTA, Grade, Level, Source, State, SupervisionLevel
from anjian.hazards.models import Hazard, HazardEvent, Supervision
from anjian.hazards.quota import Quarter
from anjian.hazards.supervision import flagged_supervisions
from anjian.org.models import User

SMALL = 300


def load(seed: int = 2023) -> str:
    out = io.StringIO()
    call_command("load_demo", enterprises=SMALL, seed=seed, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """One demo county for the module (loading takes seconds), rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            yield load()
            transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def values(field: str) -> set:
    return set(Hazard.objects.values_list(field, flat=True))


def test_every_state_grade_source_and_level_occurs(demo):
    assert "hazards" in demo
    assert values("state") == set(State.values)
    assert values("grade") == set(Grade.values) | {""}  # registered hazards are not graded yet
    assert values("source") == set(Source.values)
    assert values("level") == set(Level.values)
    assert not Hazard.objects.filter(state=State.REGISTERED).exclude(grade="").exists()


def test_overdue_listed_and_flagged(demo):
    hazards = list(Hazard.objects.all())
    assert sum(h.overdue for h in hazards) >= 5
    assert not any(h.overdue for h in hazards if h.state == State.CLOSED)
    listed = set(Supervision.objects.filter(kind="listing").values_list("level", flat=True))
    assert listed == set(SupervisionLevel.values)
    assert Supervision.objects.exclude(kind="listing").exists()
    assert flagged_supervisions().exists()
    assert Supervision.objects.exclude(pk__in=flagged_supervisions()).filter(level="county", kind="listing").exists()


def test_every_event_is_signed_and_chains(demo):
    assert not HazardEvent.objects.filter(actor=None).exists()
    assert not HazardEvent.objects.filter(signed_at__gt=timezone.now()).exists()
    for h in Hazard.objects.prefetch_related("events"):
        events = list(h.events.all())
        assert events[0].action == "register" and events[0].signed_at == h.found_at
        assert all(b.from_state == a.to_state for a, b in zip(events, events[1:], strict=False))
        assert events[-1].to_state == h.state


def test_major_hazards_are_graded_and_the_quarter_has_quota_finders(demo):
    majors = Hazard.objects.filter(grade=Grade.MAJOR)
    assert majors.exclude(criterion=None).exists() and majors.exclude(major_reason="").exists()
    assert not majors.filter(criterion=None, major_reason="").exists()
    quarter = Quarter.of(timezone.localdate() - dt.timedelta(days=1))  # the quarter of the demo's last day
    found = {}
    in_quarter = majors.filter(found_at__date__gte=quarter.first_day, found_at__date__lte=quarter.last_day)
    for username in in_quarter.values_list("found_by__username", flat=True):
        found[username] = found.get(username, 0) + 1
    assert any(n >= QUARTERLY_MAJOR_QUOTA for n in found.values())
    assert any(n < QUARTERLY_MAJOR_QUOTA for n in found.values())


def test_closed_on_time_and_late_and_photos(demo):
    closed = Hazard.objects.filter(state=State.CLOSED).exclude(deadline=None)
    on_time = [timezone.localdate(h.closed_at) <= h.deadline for h in closed]
    assert any(on_time) and not all(on_time)
    assert Hazard.objects.filter(photos__isnull=False).distinct().count() >= 5


def test_demo_logins_are_unchanged_and_extra_users_share_the_password(demo, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # the module's demo was loaded with them
    for username in ("county", "leader", "yingji", "gaoxing", "grid1", "qiye1", "expert1", "zhujian", "lianjiang"):
        assert User.objects.get(username=username).check_password("Anjian#2024")


def test_the_demo_runs_the_notices_campaign_with_reports_on_time_late_missing_and_returned(demo):
    from anjian.campaigns import progress
    from anjian.campaigns import services as campaigns
    from anjian.campaigns.models import Campaign, Submission
    from anjian.core.figures import Frame

    campaign = Campaign.objects.get(template="major-hazards-2023")
    today = timezone.localdate()
    assert campaign.document_number == "高府发〔2023〕14号" and campaign.tasks.count() == 45
    assert campaign.period_start.year == (today.year if today.month >= 5 else today.year - 1)
    closed = [m for m in campaigns.open_periods(campaign) if campaigns.last_day(m) < today]
    if not closed:
        return  # loaded in the campaign's first month: nothing is due yet
    late = Submission.objects.filter(late=True).exists()
    returned = Submission.objects.exclude(return_reason="").get()
    assert returned.report.submissions.count() == 2 and returned.report.state == "submitted"
    standings = campaigns.standings(User.objects.get(username="county"), campaign, closed[-1])
    assert late or any(s.late for s in standings)
    assert any(s.missing for s in standings) and any(s.report and s.report.state == "submitted" for s in standings)
    assert campaign.rankings.get().month == closed[-1] and campaign.notices.get(state="issued").number
    filed = set(campaign.reports.filter(state="submitted").values_list("period", flat=True))
    assert filed == set(closed)  # every closed month has its reports, not only the latest ones
    measured = {r.task.number: r for r in progress.progress(User.objects.get(username="county"), campaign)}
    assert measured["（三）10"].total == sum(1 for _ in measured["（三）10"].figure.rows(  # the region's majors
        Frame(User.objects.get(username="county"), campaign.region, None, measured["（三）10"].start,
              measured["（三）10"].end)))  # fmt: skip


def test_the_demo_has_demonstration_sites_nominated_assessed_and_awarded(demo):
    from anjian.campaigns.models import Campaign, DemoSite

    campaign = Campaign.objects.get(template="ge-shi-bai-qian-wan")
    statuses = set(DemoSite.objects.filter(campaign=campaign).values_list("status", flat=True))
    assert statuses == {"nominated", "assessed", "awarded"}
    assert set(DemoSite.objects.values_list("kind", flat=True)) == {"village", "estate", "premises"}
    from anjian.campaigns import progress

    [training] = progress.progress(User.objects.get(username="county"), campaign)  # 组织千人培训
    assert training.task.number == "（四）2" and training.target == 1000
    assert (training.total > 0) == (campaign.period_start < timezone.localdate())
