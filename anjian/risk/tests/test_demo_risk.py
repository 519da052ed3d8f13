"""The demo county's risk data: every level, site plans with zones, major hazard sources, late reviews."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from anjian.core.pg_guard import maintenance
from anjian.demo.risk import load_demo_risk
from anjian.risk.choices import ReviewKind
from anjian.risk.models import (
    MajorHazardSource,
    RegionMap,
    RiskAssessment,
    RiskPoint,
    RiskReview,
    RiskZone,
    SitePlan,
)
from anjian.risk.regional import town_levels
from anjian.risk.reviews import review_schedule

SMALL = 300


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """One small demo county (without hazards) for the module, rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            out = io.StringIO()
            call_command("load_demo", enterprises=SMALL, seed=2023, no_hazards=True, stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def digest() -> list:
    points = RiskPoint.objects.values_list("enterprise__name", "name", "level", "holds_major_hazard_source")
    assessments = RiskAssessment.objects.values_list("risk_point__name", "method", "score", "level", "raised_reason")
    sources = MajorHazardSource.objects.values_list("enterprise__name", "name", "ratio_sum", "grade")
    reviews = RiskReview.objects.values_list("enterprise__name", "region__code", "kind", "held_on")
    zones = RiskZone.objects.values_list("site_plan__enterprise__name", "label", "polygon")
    return [sorted(map(str, qs)) for qs in (points, assessments, sources, reviews, zones)]


def test_all_four_levels_occur_with_few_red(demo):
    assert "risk points" in demo
    levels = list(RiskPoint.objects.values_list("level", flat=True))
    assert set(levels) == {"red", "orange", "yellow", "blue"}
    assert levels.count("red") < len(levels) * 0.1
    assert RiskPoint.objects.values("enterprise").distinct().count() >= 60
    assert RiskAssessment.objects.exclude(raised_reason="").exists()  # raised by hand, with a reason
    assert {p.measures.count() for p in RiskPoint.objects.all()[:20]} == {5}
    colours = {t.level for t in town_levels()}
    assert len(colours - {""}) >= 2  # the map is not one colour


def test_site_plans_with_zones_linked_to_points(demo):
    assert SitePlan.objects.count() >= 3
    assert SitePlan.objects.filter(enterprise__name="王国平烟花爆竹零售店").exists()
    for zone in RiskZone.objects.select_related("risk_point"):
        assert zone.risk_point and zone.risk_point.enterprise_id == zone.site_plan.enterprise_id
        assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in zone.polygon) and len(zone.polygon) >= 3
        assert zone.risk_point.plan_x is not None


def test_major_hazard_sources_identified_and_graded(demo):
    identified = MajorHazardSource.objects.filter(identified=True)
    assert identified.exists() and not identified.filter(grade="").exists()
    assert MajorHazardSource.objects.filter(identified=False, grade="").exists()
    flagged = RiskPoint.objects.filter(holds_major_hazard_source=True)
    assert flagged.exists() and set(flagged.values_list("level", flat=True)) == {"red"}


def test_reviews_with_some_late(demo):
    items = review_schedule(timezone.localdate())
    monthly = [i.state for i in items if i.kind == ReviewKind.MONTHLY]
    assert monthly and "late" in monthly and "ok" in monthly
    areas = sorted(i.state for i in items if i.kind == ReviewKind.AREA_ASSESSMENT)
    assert areas == ["late", "ok"]  # 潋江镇 overdue, the park within its five years
    assert [i.state for i in items if i.kind == ReviewKind.HALF_YEARLY] == ["due"]
    assert RegionMap.objects.count() == 1


def test_deterministic_from_the_seed(demo, tmp_path):
    before = digest()
    with transaction.atomic(), override_settings(MEDIA_ROOT=tmp_path), maintenance():
        RiskAssessment.objects.all().delete()  # assessments are kept for ever (protected): the test's own upkeep
        RiskPoint.objects.all().delete()
        SitePlan.objects.all().delete()
        MajorHazardSource.objects.all().delete()
        RiskReview.objects.all().delete()
        load_demo_risk(2023, timezone.localdate())
        assert digest() == before
        transaction.set_rollback(True)
