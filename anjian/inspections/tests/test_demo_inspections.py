"""The demo county's year of supervision: visits, every kind of action, numbered documents, typical cases."""

import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from anjian.inspections import services
from anjian.inspections.choices import ActionKind, DocumentKind, ItemResult, SignerRole, VisitKind, VisitState
from anjian.inspections.models import EnforcementAction, EnforcementDocument, Inspection, InspectionResult
from anjian.org.models import User

SMALL = 300


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """One small demo county (without hazards and risk) for the module, rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            out = io.StringIO()
            call_command("load_demo", enterprises=SMALL, seed=2023, no_hazards=True, no_risk=True, stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def test_a_year_of_visits_by_two_officers(demo):
    assert "visits" in demo and "yingji2" in demo
    visits = Inspection.objects.all()
    assert 200 <= visits.count() <= 400
    assert visits.filter(department__isnull=False).exists() and visits.filter(town__isnull=False).exists()
    for visit in visits.exclude(kind=VisitKind.ASSISTANCE).prefetch_related("inspectors")[:100]:
        assert visit.inspectors.count() >= 2
    assert visits.filter(state=VisitState.SIGNED).count() > visits.count() * 0.8
    assert User.objects.filter(username="yingji2", assignments__department__code="yingji").exists()
    assert {k for k in visits.values_list("kind", flat=True)} >= {VisitKind.ROUTINE, VisitKind.ASSISTANCE}


def test_failures_become_hazards_through_the_services(demo):
    failed = InspectionResult.objects.filter(result=ItemResult.FAIL)
    assert failed.exists() and InspectionResult.objects.filter(result=ItemResult.PASS).count() > failed.count()
    converted = failed.filter(hazard__isnull=False)
    assert converted.count() > failed.count() * 0.5
    assert all(r.hazard.events.exists() for r in converted[:20])


def test_actions_of_each_kind_with_double_penalties_and_a_referral(demo):
    kinds = set(EnforcementAction.objects.values_list("kind", flat=True))
    assert kinds == set(ActionKind.values)
    assert EnforcementAction.objects.filter(kind=ActionKind.PENALTY, target="both").exists()
    referral = EnforcementAction.objects.get(kind=ActionKind.JUDICIAL_REFERRAL)
    assert referral.dangerous_operation_crime and referral.referred_people >= 1


def test_documents_are_numbered_without_gaps_per_department_year_and_kind(demo):
    sequences = defaultdict(list)
    for department, year, kind, sequence, issued_on in EnforcementDocument.objects.values_list(
        "department_id", "year", "kind", "sequence", "issued_on"
    ).order_by("sequence"):
        sequences[(department, year, kind)].append((sequence, issued_on))
    assert {kind for _d, _y, kind in sequences} >= {
        DocumentKind.INSPECTION_RECORD,
        DocumentKind.RECTIFICATION_ORDER,
        DocumentKind.ON_SITE_MEASURE,
        DocumentKind.PENALTY_DECISION,
    }
    for rows in sequences.values():
        assert [s for s, _d in rows] == list(range(1, len(rows) + 1))
        assert [d for _s, d in rows] == sorted(d for _s, d in rows)  # numbers follow the dates
    assert not EnforcementDocument.objects.filter(kind=DocumentKind.RECTIFICATION_ORDER, deadline=None).exists()


def test_signed_visits_are_fully_checked_and_signed_by_hand(demo):
    signed = Inspection.objects.filter(state=VisitState.SIGNED, checklist__isnull=False)
    assert signed.exists()
    for visit in signed.prefetch_related("results", "signatures", "checklist__items")[:50]:
        assert {r.item_id for r in visit.results.all()} >= {i.pk for i in visit.checklist.items.all()}
        representative = [s for s in visit.signatures.all() if s.role == SignerRole.UNIT_REPRESENTATIVE]
        assert representative and representative[0].image_id is not None


def test_typical_cases_some_reported_this_quarter_some_not(demo):
    assert EnforcementAction.objects.filter(typical=True).exists()
    rows = services.typical_case_quota()
    assert any(r.short for r in rows)


def test_figures_are_of_the_order_of_seed_002(demo):
    county = User.objects.get(username="county")
    f = services.figures(county)
    assert 100 <= f["units_inspected"] <= 400
    assert f["penalties"] >= 10 and f["documents"] > f["penalties"] * 2
    assert f["hazards_fixed"] > 0 and f["suspensions"] >= 1 and f["referrals"] >= 1
    assert f["typical_dangerous_operation_cases"] == 1  # the referral for 危险作业罪 is reported as typical


def test_the_county_office_published_two_typical_cases_on_the_public_register(demo, client):
    from django.urls import reverse

    from anjian.core import figures
    from anjian.core.figures import Frame
    from anjian.public.models import CasePublication

    published = CasePublication.objects.filter(state="published").select_related("action", "published_by")
    assert "typical cases published" in demo and published.count() == 2
    office = User.objects.get(username="county")
    for case in published:
        assert case.action.typical and case.published_by == office and case.drafted_by == case.action.created_by
        assert case.drafted_at <= case.published_at and case.basis and case.outcome
    assert published.filter(action__dangerous_operation_crime=True).count() == 1
    page = client.get(reverse("public:cases")).content.decode()
    assert all(case.title in page for case in published)
    values = figures.values(
        {k: (figures.get(k), Frame(office)) for k in ("public.typical_cases", "public.typical_dangerous_operation")}
    )
    assert values == {"public.typical_cases": 2, "public.typical_dangerous_operation": 1}
