"""Numbered enforcement documents (no gaps, no duplicates, also under concurrent issue) and 责任倒查."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone, translation

from anjian.inspections import services
from anjian.inspections.choices import DocumentKind, SignerRole, VisitKind
from anjian.inspections.documents import document_prefix
from anjian.inspections.models import DocumentCounter, EnforcementDocument
from anjian.inspections.tests.test_services import second_officer, sign_all, visit
from anjian.org.models import Department


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the Chinese translations come separately)."""
    with translation.override("en"):
        yield


def issue(world, user="yingji", department="yingji", unit="shop", day=None, **kw):
    return services.issue_document(
        world.users[user],
        department=world.departments[department],
        kind=kw.pop("kind", DocumentKind.INSPECTION_RECORD),
        unit=world.enterprises[unit],
        issued_on=day or timezone.localdate(),
        **kw,
    )


def test_the_prefix_comes_from_the_county_and_the_short_name(world):
    assert document_prefix(world.departments["yingji"]) == "兴应急"
    assert document_prefix(world.departments["zhujian"]) == "兴住建"
    nameless = Department.objects.create(
        code="shiguan", name="兴国县市场监督管理局", region=world.departments["yingji"].region
    )
    assert document_prefix(nameless) == "兴市场监督"


def test_numbers_run_per_department_and_year(world):
    this_year = timezone.localdate().year
    first, second = issue(world), issue(world, kind=DocumentKind.PENALTY_DECISION)
    last_year = issue(world, day=dt.date(this_year - 1, 12, 31))
    other = issue(world, user="county", department="zhujian", unit="site")
    assert first.number == f"兴应急〔{this_year}〕1号"
    assert second.number == f"兴应急〔{this_year}〕2号"
    assert last_year.number == f"兴应急〔{this_year - 1}〕1号"
    assert other.number == f"兴住建〔{this_year}〕1号"
    assert DocumentCounter.objects.get(department=world.departments["yingji"], year=this_year).last == 2


def test_a_refused_document_takes_no_number(world):
    with pytest.raises(ValidationError):
        issue(world, kind="nonsense")
    with pytest.raises(ValidationError):
        issue(world, unit="site")  # outside 应急局's jurisdiction
    assert issue(world).sequence == 1


def test_who_may_issue_in_whose_name(world):
    with pytest.raises(ValidationError) as refused:
        issue(world, department="zhujian", unit="shop")  # 应急局 cannot number 住建局's documents
    assert "department" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        issue(world, user="leader")
    assert issue(world, user="county", department="zhujian", unit="site").sequence == 1


def test_linked_visit_and_action_must_concern_the_unit(world):
    made = visit(world, unit="mine")
    with pytest.raises(ValidationError) as refused:
        issue(world, inspection=made)
    assert "inspection" in refused.value.message_dict
    assert issue(world, unit="mine", inspection=made).inspection == made


def _issue_many(world, count: int, errors: list, barrier: threading.Barrier) -> None:
    try:
        barrier.wait()
        for _ in range(count):
            issue(world)
    except Exception as exc:  # noqa: BLE001 (collected and asserted on in the test thread)
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_issue_leaves_no_gaps_and_no_duplicates(world):
    """8 threads × 5 documents, each thread on its own connection: sequences are exactly 1..40.

    Skipped on the in-memory SQLite test database: its connections share one cache, where a writer meets
    "database table is locked" at once instead of waiting (the busy timeout does not apply). A file
    database with IMMEDIATE transactions, as in settings, serialises the writers.
    """
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("shared-cache in-memory SQLite cannot make concurrent writers wait")
    threads, errors, barrier = [], [], threading.Barrier(8)
    for _ in range(8):
        threads.append(threading.Thread(target=_issue_many, args=(world, 5, errors, barrier)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(EnforcementDocument.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 41))
    assert EnforcementDocument.objects.values("number").distinct().count() == 40


def test_tracing_lists_the_visits_of_the_unit_and_who_signed(world):
    old = visit(world, day=timezone.localdate() - dt.timedelta(days=100))
    sign_all(world, old, representative="王国平")
    recent = visit(world, kind=VisitKind.SPECIAL, officers=[world.users["yingji"], second_officer(world, "yingji3")])
    visit(world, unit="mine")
    traced = list(services.trace_responsibility(world.enterprises["shop"]))
    assert traced == [recent, old]
    signers = {(s.role, s.signer_name) for s in traced[1].signatures.all()}
    assert signers == {
        (SignerRole.INSPECTOR, "yingji"),
        (SignerRole.INSPECTOR, "yingji2"),
        (SignerRole.UNIT_REPRESENTATIVE, "王国平"),
    }
    assert traced[0].signatures.all().count() == 0
    window = services.trace_responsibility(
        world.enterprises["shop"], date_from=timezone.localdate() - dt.timedelta(days=120), date_to=old.visit_date
    )
    assert list(window) == [old]
