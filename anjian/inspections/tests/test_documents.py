"""Numbered enforcement documents (no gaps, no duplicates, also under concurrent issue) and 责任倒查."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from anjian.inspections import services
from anjian.inspections.choices import DocumentKind, SignerRole, VisitKind
from anjian.inspections.document_pdf import document_pdf
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


def test_numbers_run_per_department_year_and_kind(world):
    this_year = timezone.localdate().year
    first, second = issue(world), issue(world)
    order = issue(world, kind=DocumentKind.RECTIFICATION_ORDER, deadline=timezone.localdate())
    decision = issue(world, kind=DocumentKind.PENALTY_DECISION)
    last_year = issue(world, day=dt.date(this_year - 1, 12, 31))
    other = issue(world, user="county", department="zhujian", unit="site")
    assert first.number == f"兴应急检记〔{this_year}〕1号"
    assert second.number == f"兴应急检记〔{this_year}〕2号"
    assert order.number == f"兴应急责改〔{this_year}〕1号"  # each kind its own sequence
    assert decision.number == f"兴应急罚〔{this_year}〕1号"
    assert last_year.number == f"兴应急检记〔{this_year - 1}〕1号"
    assert other.number == f"兴住建检记〔{this_year}〕1号"
    third = issue(world)
    assert (third.sequence, third.number) == (3, f"兴应急检记〔{this_year}〕3号")
    counters = DocumentCounter.objects.filter(department=world.departments["yingji"], year=this_year)
    assert dict(counters.values_list("kind", "last")) == {
        DocumentKind.INSPECTION_RECORD: 3,
        DocumentKind.RECTIFICATION_ORDER: 1,
        DocumentKind.PENALTY_DECISION: 1,
    }


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


# --- the document itself: its facts, deadline and printable PDF ----------------------------------------


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "".join(page.extract_text() for page in reader.pages)


def pdf_images(content: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(content)).pages)


def failed_visit(world):
    made = visit(world)
    services.record_result(world.users["yingji"], made, result="fail", text="安全出口堵塞", note="仓库后门上锁")
    services.record_result(world.users["yingji"], made, result="pass", text="灭火器在有效期内")
    return made


def test_a_kind_with_a_deadline_needs_one_within_a_year(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        issue(world, kind=DocumentKind.RECTIFICATION_ORDER)
    assert "deadline" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        issue(world, kind=DocumentKind.RECTIFICATION_ORDER, deadline=today - dt.timedelta(days=1))
    assert "before" in refused.value.message_dict["deadline"][0]
    with pytest.raises(ValidationError) as refused:
        issue(world, kind=DocumentKind.RECTIFICATION_ORDER, deadline=today + dt.timedelta(days=400))
    assert "year" in refused.value.message_dict["deadline"][0]
    with pytest.raises(ValidationError) as refused:
        issue(world, deadline=today)  # a visit record sets no deadline
    assert "deadline" in refused.value.message_dict
    assert not EnforcementDocument.objects.exists() and not DocumentCounter.objects.filter(last__gt=0).exists()


def test_the_facts_default_to_the_visits_failed_items(world):
    made = failed_visit(world)
    order = issue(world, kind=DocumentKind.RECTIFICATION_ORDER, inspection=made, deadline=timezone.localdate())
    assert order.facts == "1. 安全出口堵塞 仓库后门上锁"
    assert order.decision.startswith("依据《中华人民共和国安全生产法》")
    own = issue(world, inspection=made, facts="现场检查未发现问题。", decision="经核对无误。")
    assert (own.facts, own.decision) == ("现场检查未发现问题。", "经核对无误。")


def test_the_pdf_of_an_order_says_what_it_is(world):
    made = failed_visit(world)
    deadline = timezone.localdate() + dt.timedelta(days=15)
    order = issue(world, kind=DocumentKind.RECTIFICATION_ORDER, inspection=made, deadline=deadline)
    content = document_pdf(order)
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    for expected in (
        "兴国县应急管理局",
        "责令限期整改指令书",
        order.number,
        "王国平烟花爆竹零售店",
        "安全出口堵塞",
        f"{deadline.year}年{deadline.month}月{deadline.day}日前整改完毕",
        "申请行政复议",
        "安全生产执法人员（签名）",
        "印章",
    ):
        assert expected in text, expected
    assert "现场检查记录" not in text and pdf_images(content) == 0


def test_the_visit_record_carries_the_representatives_handwritten_signature(world):
    made = failed_visit(world)
    sign_all(world, made, representative="王国平")
    record = issue(world, inspection=made)
    content = document_pdf(record)
    text = pdf_text(content)
    assert "现场检查记录" in text and record.number in text and "被检查单位现场负责人（签名）" in text
    assert "yingji2" in text  # the officers who signed
    assert pdf_images(content) == 1  # the signature PNG on the representative's line
    order = issue(world, kind=DocumentKind.RECTIFICATION_ORDER, inspection=made, deadline=timezone.localdate())
    assert pdf_images(document_pdf(order)) == 0  # never copied onto an order the representative did not sign


def test_the_pdf_page_is_for_those_who_may_see_the_document(world, client_for):
    document = issue(world, inspection=failed_visit(world))
    url = reverse("inspections:document_pdf", args=[document.pk])
    response = client_for("qiye1").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "inline" in response["Content-Disposition"]
    assert document.number in pdf_text(response.content)
    assert client_for("grid1").get(url).status_code == 404  # the shop lies outside the grid
    listing = client_for("yingji").get(reverse("inspections:documents")).content.decode()
    assert url in listing
