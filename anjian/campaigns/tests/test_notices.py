"""通报: drafted from the month's ranking and its late and missing reports, edited by the office, issued with
the office's next number, as Word and PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from docx import Document
from pypdf import PdfReader

from anjian.campaigns import notices, services
from anjian.campaigns.models import Notice

from .conftest import MAY, at


def test_a_notice_is_drafted_edited_issued_numbered_and_frozen(world, campaign, records, time_machine):
    county = world.users["county"]
    at(time_machine, dt.date(2026, 6, 25))  # the May reports were due on the 20th: all are missing
    draft = notices.draft(county, campaign, MAY)
    assert draft.title == f"关于2026年5月{campaign.title}工作情况的通报"
    assert "未按时报送调度表" in draft.body and "高兴镇" in draft.body
    assert draft.number == "" and draft.number_prefix == "兴安办" and "高兴镇" in draft.table["missing"]
    with pytest.raises(PermissionDenied):
        notices.draft(world.users["gaoxing"], campaign, MAY)
    fields = {
        "title": draft.title,
        "salutation": "",
        "body": "改写后的正文。",
        "number_prefix": "兴安办",
        "issuer": "x",
    }
    for bad, key in (({"title": ""}, "title"), ({"body": "x" * 9000}, "body"), ({"issuer": "办\u0007"}, "issuer")):
        with pytest.raises(ValidationError) as refused:
            notices.edit(county, draft, **(fields | bad))
        assert key in refused.value.message_dict
    assert Notice.objects.get().body == draft.body  # nothing saved
    notices.edit(county, draft, **fields | {"issuer": "兴国县安全生产委员会办公室"})
    first = notices.issue(county, draft)
    second = notices.issue(county, notices.draft(county, campaign, MAY))
    assert (first.number, second.number) == ("兴安办〔2026〕1号", "兴安办〔2026〕2号")
    assert first.issued_on == dt.date(2026, 6, 25) and first.body == "改写后的正文。"
    with pytest.raises(ValidationError):
        notices.edit(county, first, **fields)
    with pytest.raises(ValidationError):
        notices.issue(county, first)


def test_the_notice_as_word_and_pdf(world, campaign, records, time_machine):
    county = world.users["county"]
    at(time_machine, dt.date(2026, 6, 25))
    notice = notices.issue(county, notices.draft(county, campaign, MAY))
    document = Document(io.BytesIO(notices.notice_docx(notice)))
    texts = [p.text for p in document.paragraphs]
    assert "兴安办〔2026〕1号" in texts and notice.title in texts and "2026年6月25日" in texts
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert cells[:2] == ["名次", "单位"] and "高兴镇" in cells
    pdf = "".join(PdfReader(io.BytesIO(notices.notice_pdf(notice))).pages[0].extract_text().split())
    assert "兴安办〔2026〕1号" in pdf and "工作情况的通报" in pdf
    assert services.due_date(campaign, MAY) == dt.date(2026, 6, 20)


def test_the_notice_pages(world, campaign, records, client_for, time_machine):
    at(time_machine, dt.date(2026, 6, 25))
    office, town = client_for("county"), Client()
    town.force_login(world.users["gaoxing"])
    made = office.post(f"/campaigns/{campaign.pk}/notices/new/", {"period": "2026-05"})
    notice = Notice.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/campaigns/notices/{notice.pk}/"
    assert town.get(f"/campaigns/notices/{notice.pk}/").status_code == 404  # a draft is the office's
    fields = {"title": notice.title, "salutation": "", "number_prefix": "兴安办", "issuer": "兴国县安委办"}
    bad = office.post(f"/campaigns/notices/{notice.pk}/", fields | {"body": "", "issue": "1"})
    assert bad.status_code == 400 and Notice.objects.get().state == "draft"
    office.post(f"/campaigns/notices/{notice.pk}/", fields | {"body": "第一段。\n\n第二段。", "issue": "1"})
    notice.refresh_from_db()
    assert notice.number == "兴安办〔2026〕1号"
    page = town.get(f"/campaigns/notices/{notice.pk}/")
    assert page.status_code == 200 and "第二段。" in page.content.decode()
    word = town.get(f"/campaigns/notices/{notice.pk}.docx")
    assert word.status_code == 200 and word["Content-Type"].endswith("wordprocessingml.document")
    assert "兴安办〔2026〕1号" in office.get(f"/campaigns/{campaign.pk}/", {"period": "2026-05"}).content.decode()
