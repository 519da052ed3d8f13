"""The duties' pages: the unit's calendar and recording a duty done with a photo, refusals on the form with
nothing stored; the overview, the units behind and the reminder; the rule table and the templates the county
office sets; a report written, signed twice and acknowledged; the list set, loaded, delivered and acknowledged;
a contract recorded; every export opens and cites notices, never developer words."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from anjian.duties import lists, services
from anjian.duties.models import (
    DutyItem,
    DutyOccurrence,
    DutyReport,
    ListDelivery,
    OutsourcingContract,
    ReportTemplate,
    ResponsibilityList,
)
from anjian.notifications.models import Notification

from .conftest import GAOXING, TODAY, occurrence
from .test_contracts import ORDERLY
from .test_lists import xlsx

pytestmark = pytest.mark.usefixtures("calendar")
DEVELOPER_WORDS = re.compile(r"seed|种子", re.IGNORECASE)


def png(name: str = "纪要.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def test_the_units_calendar_and_recording_a_duty_with_a_photo(world, client_for, qiye2):
    client = client_for("qiye1")
    page = client.get(reverse("duties:calendar"))
    assert page.status_code == 200 and page.context["enterprise"] == world.enterprises["shop"]
    assert (
        len(page.context["overdue"])
        == DutyOccurrence.objects.filter(enterprise=world.enterprises["shop"], due_on__lt=TODAY).count()
    )
    assert 'name="viewport"' in page.content.decode()
    meeting = occurrence(world.enterprises["shop"], "review_meeting", dt.date(2026, 8, 1))
    url = reverse("duties:occurrence", args=[meeting.pk])
    assert url in page.content.decode()
    refused = client.post(url, {"done_on": "2026-08-16", "minutes": "会"})
    assert refused.status_code == 400 and "done_on" in refused.context["form"].errors
    empty = client.post(url, {"done_on": "2026-08-10", "minutes": ""})
    assert empty.status_code == 400 and "minutes" in empty.context["form"].errors
    bad = client.post(url, {"done_on": "2026-08-10", "minutes": "会\u0007"})
    assert bad.status_code == 400 and "minutes" in bad.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.done_on is None
    done = client.post(url, {"done_on": "2026-08-10", "minutes": "", "files": [png()], "principal_name": "王国平"})
    assert done.status_code == 302, done.context["form"].errors if done.context else done
    meeting.refresh_from_db()
    assert meeting.done_on == dt.date(2026, 8, 10) and meeting.attachments.count() == 1
    photo = meeting.attachments.get()
    assert client.get(photo.file.url).status_code == 200
    assert client_for("gaoxing").get(photo.file.url).status_code == 200
    assert client_for("qiye2").get(photo.file.url).status_code == 404
    assert "form" not in client_for("qiye1").get(url).context or client_for("qiye1").get(url).context["form"] is None


def test_others_may_look_but_not_record(world, client_for, qiye2):
    meeting = occurrence(world.enterprises["shop"], "review_meeting", dt.date(2026, 8, 1))
    url = reverse("duties:occurrence", args=[meeting.pk])
    assert client_for("qiye2").get(url).status_code == 404
    assert client_for("qiye2").post(url, {"done_on": "2026-08-10", "minutes": "会"}).status_code == 404
    county = client_for("county")
    assert county.get(url).context["form"] is None
    assert county.post(url, {"done_on": "2026-08-10", "minutes": "会"}).status_code == 403
    assert (
        client_for("county").get(reverse("duties:calendar_of", args=[world.enterprises["shop"].pk])).status_code == 200
    )
    assert (
        client_for("qiye2").get(reverse("duties:calendar_of", args=[world.enterprises["shop"].pk])).status_code == 404
    )
    assert DutyOccurrence.objects.filter(done_on__isnull=False).count() == 0


def test_the_overview_the_units_behind_and_the_reminder(world, client_for):
    county = client_for("county")
    page = county.get(reverse("duties:overview"))
    assert page.status_code == 200 and page.context["overview"].total.total == DutyOccurrence.objects.count()
    assert (
        county.get(reverse("duties:overview"), {"date_from": "2026-09-01", "date_to": "2026-01-01"}).status_code == 400
    )
    book = load_workbook(io.BytesIO(county.get(reverse("duties:overview"), {"export": "xlsx"}).content))
    assert book.sheetnames == ["按乡镇", "按行业领域", "按履职事项"]
    assert "完成情况" in book["按乡镇"]["A1"].value
    behind = client_for("gaoxing").get(reverse("duties:behind"))
    assert behind.status_code == 200 and behind.context["page"].paginator.count == 2
    shop = world.enterprises["shop"]
    reminded = client_for("gaoxing").post(
        reverse("duties:remind"), {"enterprise": [shop.pk], "next": reverse("duties:behind")}
    )
    assert reminded.status_code == 302 and reminded["Location"] == reverse("duties:behind")
    assert Notification.objects.get().recipient == world.users["qiye1"]
    assert client_for("qiye1").post(reverse("duties:remind"), {"enterprise": [shop.pk]}).status_code == 403


def test_the_rule_table_is_the_county_offices(world, client_for):
    check = DutyItem.objects.get(code="hazard_check")
    kept = check.history.count()  # none from the migration; one where a flushed database had them written again
    url = reverse("duties:item_edit", args=[check.pk])
    assert client_for("yingji").get(url).status_code == 403
    assert "主持召开一次安全生产工作讲评会" in client_for("qiye1").get(reverse("duties:items")).content.decode()
    data = {"code": "hazard_check", "name": check.name, "cite": check.cite, "frequency": "month",
            "high_risk_frequency": "month", "active": "on", "order": "2", "note": ""}  # fmt: skip
    bad = client_for("county").post(url, {**data, "active_until": "2026-01-01", "active_from": "2026-02-01"})
    assert bad.status_code == 400 and "active_until" in bad.context["form"].errors
    assert client_for("county").post(url, data).status_code == 302
    check.refresh_from_db()
    assert check.frequency == "month" and check.history.count() == kept + 1


def test_the_default_template_says_so_and_the_office_changes_it(world, client_for):
    page = client_for("qiye1").get(reverse("duties:templates")).content.decode()
    assert 'class="alert alert-warning py-2 default-note"' in page
    template = ReportTemplate.objects.get()
    data = {
        "name": "季度履职报告",
        "period": "quarter",
        "sections": "履职情况\n隐患排查",
        "signatories": "主要负责人\n安全总监",
        "active": "on",
    }
    assert client_for("gaoxing").post(reverse("duties:template_edit", args=[template.pk]), data).status_code == 403
    one = client_for("county").post(
        reverse("duties:template_edit", args=[template.pk]), {**data, "signatories": "主要负责人"}
    )
    assert one.status_code == 400 and "signatories" in one.context["form"].errors
    assert client_for("county").post(reverse("duties:template_edit", args=[template.pk]), data).status_code == 302
    template.refresh_from_db()
    assert template.sections == ["履职情况", "隐患排查"] and not template.is_default
    assert "default-note" not in client_for("qiye1").get(reverse("duties:templates")).content.decode()


def test_a_report_written_signed_twice_and_acknowledged(world, client_for):
    qiye1 = client_for("qiye1")
    new = qiye1.post(
        reverse("duties:report_new"), {"day": "2026-08-01", "section_0": "履职", "section_1": "", "section_2": ""}
    )
    assert new.status_code == 302
    report = DutyReport.objects.get()
    url = reverse("duties:report", args=[report.pk])
    assert qiye1.get(url).context["may_edit"]
    assert (
        qiye1.post(
            reverse("duties:report_sign", args=[report.pk]), {"position": "0", "signer_name": "王国平"}
        ).status_code
        == 302
    )
    same = qiye1.post(reverse("duties:report_sign", args=[report.pk]), {"position": "1", "signer_name": "王国平"})
    assert same.status_code == 400 and "signer_name" in same.context["sign_form"].errors
    edit = qiye1.post(
        reverse("duties:report_edit", args=[report.pk]), {"section_0": "改", "section_1": "", "section_2": ""}
    )
    assert edit.status_code == 400
    assert (
        qiye1.post(
            reverse("duties:report_sign", args=[report.pk]), {"position": "1", "signer_name": "李安全"}
        ).status_code
        == 302
    )
    assert client_for("gaoxing").get(url).context["acknowledge_form"] is not None
    assert (
        client_for("gaoxing")
        .post(reverse("duties:report_acknowledge", args=[report.pk]), {"comment": "已阅"})
        .status_code
        == 302
    )
    report.refresh_from_db()
    assert report.state == "acknowledged" and report.sections[0]["text"] == "履职"
    assert (
        client_for("county")
        .get(reverse("duties:reports"), {"state": "acknowledged"})
        .context["table"]
        .page.paginator.count
        == 1
    )


def test_the_list_set_loaded_delivered_and_acknowledged(world, client_for):
    county = client_for("county")
    form = county.get(reverse("duties:list_new"))
    assert form.context["form"].initial["deadline"] == dt.date(2024, 11, 30)
    data = {k: v for k, v in lists.NOTICE_LIST.items()} | {"deadline": "2026-11-30", "note": ""}
    assert county.post(reverse("duties:list_new"), data).status_code == 302
    the_list = ResponsibilityList.objects.get()
    upload = SimpleUploadedFile("清单.xlsx", xlsx([(1, "企业主要负责人", "条目一"), ("?", "", "坏行")]))
    page = county.post(reverse("duties:list_import", args=[the_list.pk]), {"file": upload})
    assert page.status_code == 200 and page.context["result"].created == 1 and len(page.context["result"].errors) == 1
    wrong = county.post(
        reverse("duties:list_import", args=[the_list.pk]), {"file": SimpleUploadedFile("a.xlsx", b"text")}
    )
    assert wrong.status_code == 400
    assert (
        client_for("gaoxing").post(reverse("duties:list_import", args=[the_list.pk]), {"file": upload}).status_code
        == 403
    )
    gaoxing = client_for("gaoxing")
    url = reverse("duties:not_reached", args=[the_list.pk])
    assert gaoxing.get(url).context["page"].paginator.count == 2
    shop, mine = world.enterprises["shop"], world.enterprises["mine"]
    sent = gaoxing.post(url, {"enterprise": [shop.pk, mine.pk], "delivered_on": "2026-08-14", "method": "meeting"})
    assert sent.status_code == 302 and ListDelivery.objects.count() == 2
    future = gaoxing.post(
        url, {"enterprise": [world.enterprises["school"].pk], "delivered_on": "2026-09-01", "method": "visit"}
    )
    assert future.status_code == 400
    detail = client_for("county").get(reverse("duties:list", args=[the_list.pk])).context["progress"]
    assert {r.town.code: r.delivered for r in detail.towns}[GAOXING] == 2
    delivery = ListDelivery.objects.get(enterprise=shop)
    assert (
        client_for("qiye1")
        .post(
            reverse("duties:delivery_acknowledge", args=[delivery.pk]),
            {"acknowledged_on": "2026-08-15", "acknowledged_by_name": "王国平"},
        )
        .status_code
        == 302
    )
    assert ListDelivery.objects.get(enterprise=shop).acknowledged_on == TODAY
    exported = client_for("county").get(reverse("duties:deliveries", args=[the_list.pk]), {"export": "xlsx"})
    book = load_workbook(io.BytesIO(exported.content))
    assert book.active.max_row == 2 + 2


def test_a_contract_recorded_on_the_web(world, client_for):
    shop = world.enterprises["shop"]
    data = {k: ("on" if v is True else v) for k, v in ORDERLY.items() if v is not False} | {
        "starts_on": "2026-03-01",
        "ends_on": "2027-02-28",
    }
    del data["agreement_signed"]
    made = client_for("qiye1").post(reverse("duties:contract_new", args=[shop.pk]), data)
    assert made.status_code == 302
    contract = OutsourcingContract.objects.get()
    assert contract.disorderly and contract.reasons() == ["no_agreement"]
    page = client_for("gaoxing").get(reverse("duties:contract", args=[contract.pk])).content.decode()
    assert "contract-reasons" in page
    bad = client_for("qiye1").post(
        reverse("duties:contract_new", args=[shop.pk]), {**data, "counterparty_credit_code": "123"}
    )
    assert bad.status_code == 400 and "counterparty_credit_code" in bad.context["form"].errors
    assert (
        client_for("county")
        .get(reverse("duties:contracts"), {"disorderly": "true"})
        .context["table"]
        .page.paginator.count
        == 1
    )
    assert client_for("grid1").get(reverse("duties:contract_new", args=[shop.pk])).status_code == 404


def test_every_page_and_file_cites_notices_not_developer_words(world, client_for):
    services.save_list(world.users["county"], None, **lists.NOTICE_LIST)
    the_list = ResponsibilityList.objects.get()
    client = client_for("county")
    pages = ["overview", "behind", "occurrences", "items", "reports", "templates", "lists", "contracts"]
    for name in pages:
        body = client.get(reverse(f"duties:{name}")).content.decode()
        assert not DEVELOPER_WORDS.search(body), name
    for url in (
        reverse("duties:list", args=[the_list.pk]),
        reverse("duties:calendar_of", args=[world.enterprises["shop"].pk]),
    ):
        assert not DEVELOPER_WORDS.search(client.get(url).content.decode()), url
    assert "高府发〔2023〕14号" in client.get(reverse("duties:overview")).content.decode()
    for url in (
        reverse("duties:occurrences"),
        reverse("duties:reports"),
        reverse("duties:contracts"),
        reverse("duties:deliveries", args=[the_list.pk]),
    ):
        response = client.get(url, {"export": "xlsx"})
        book = load_workbook(io.BytesIO(response.content))
        text = "\n".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value)
        assert not DEVELOPER_WORDS.search(text), url
    occurrences = load_workbook(
        io.BytesIO(client.get(reverse("duties:occurrences"), {"export": "xlsx"}).content)
    ).active
    assert occurrences["A1"].value == "企业主要负责人“十个一次”履职情况"
    assert occurrences.max_row == 2 + DutyOccurrence.objects.count()
