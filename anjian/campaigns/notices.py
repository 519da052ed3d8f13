"""通报 (高府发〔2023〕14号 五（二）: 季通报, 通报排名): a notice drafted from a month's ranking and its late and
missing reports, edited by the office, issued with the office's next number, rendered as Word and PDF.

The draft's text is a starting point the office rewrites; what it states (ranks, scores, who was late) is
taken from the records and frozen in the notice's table when it is issued.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, reject_control_characters

from . import ranking, rules, services
from .models import Campaign, Notice

BODY_MAX_LENGTH = 4 * DESCRIPTION_MAX_LENGTH  # a notice runs to a few pages


def office_prefix(campaign: Campaign) -> str:
    """The usual prefix of a county office's numbers: the county's first character and 安办 (兴安办, 信安办)."""
    return f"{campaign.region.name[:1]}安办"


def _table(user, campaign: Campaign, month) -> dict:
    found = ranking.current(user, campaign, month)
    standings = services.standings(user, campaign, month)
    return {
        "indicators": [{"key": i["key"], "label": i["label"]} for i in found["indicators"]],
        "rows": [
            {"rank": r["rank"], "name": r["name"], "score": r["score"], "values": r["values"]} for r in found["rows"]
        ],
        "rule": found["rule"],
        "late": [s.participant.name for s in standings if s.late],
        "missing": [s.participant.name for s in standings if s.missing],
    }


def draft(user, campaign: Campaign, month) -> Notice:
    """A draft notice for the month: the ranking's top and bottom, the late and missing reports, named."""
    rules.check_manage(user, campaign)
    table = _table(user, campaign, month)
    rows = table["rows"]
    top = "、".join(r["name"] for r in rows[:3])
    bottom = "、".join(r["name"] for r in rows[-3:]) if len(rows) > 3 else ""
    paragraphs = [
        f"按照《{campaign.title}》（{campaign.document_number}）“周调度、月小结、季通报、年总结”的要求，"
        f"现将{month:%Y年%-m月}各单位专项排查整治工作开展情况通报如下。",
        f"一、排名情况。依据调度表和平台记录，按重大事故隐患排查数量、挂牌督办情况等指标综合排名（排名规则见附表），"
        f"{top}排名靠前" + (f"；{bottom}排名靠后。" if bottom else "。"),
    ]
    if table["late"] or table["missing"]:
        parts = []
        if table["missing"]:
            parts.append(f"{'、'.join(table['missing'])}未按时报送调度表")
        if table["late"]:
            parts.append(f"{'、'.join(table['late'])}逾期报送")
        paragraphs.append("二、报送情况。" + "；".join(parts) + "。")
    paragraphs.append(
        "请排名靠后和未按时报送的单位认真查找原因，切实压实责任，加大重大事故隐患排查整治力度，按要求及时报送进展情况。"
    )
    return Notice.objects.create(
        campaign=campaign,
        month=month,
        title=f"关于{month:%Y年%-m月}{campaign.title}工作情况的通报",
        salutation="各乡（镇）人民政府，县安委会各成员单位：",
        body="\n\n".join(paragraphs),
        number_prefix=office_prefix(campaign),
        issuer=f"{campaign.region.name}安全生产委员会办公室",
        table=table,
        created_by=user,
    )


def edit(user, notice: Notice, *, title: str, salutation: str, body: str, number_prefix: str, issuer: str) -> Notice:
    """The office rewrites the draft; an issued notice is not changed."""
    rules.check_manage(user, notice.campaign)
    if notice.state == "issued":
        raise ValidationError({"state": _("An issued notice is not changed.")})
    values = {"title": title, "salutation": salutation, "body": body, "number_prefix": number_prefix, "issuer": issuer}
    limits = {"title": 200, "salutation": 200, "body": BODY_MAX_LENGTH, "number_prefix": 20, "issuer": 80}
    errors = {}
    for field, value in values.items():
        value = (value or "").strip()
        try:
            reject_control_characters(value)
        except ValidationError as exc:
            errors[field] = exc.messages
            continue
        if len(value) > limits[field]:
            errors[field] = [_("At most %(n)s characters.") % {"n": limits[field]}]
        elif not value and field != "salutation":
            errors[field] = [_("This field is required.")]
        values[field] = value
    if errors:
        raise ValidationError(errors)
    for field, value in values.items():
        setattr(notice, field, value)
    notice.save()
    return notice


@transaction.atomic
def issue(user, notice: Notice) -> Notice:
    """Number the notice (the office's next number of the year), date it and freeze its table."""
    rules.check_manage(user, notice.campaign)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.state == "issued":
        raise ValidationError({"state": _("This notice is already issued.")})
    today = timezone.localdate()
    prefix = f"{notice.number_prefix}〔{today.year}〕"
    used = Notice.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    serials = [int(n[len(prefix) : -1]) for n in used if n[len(prefix) : -1].isdigit()]
    notice.number = f"{prefix}{max(serials, default=0) + 1}号"
    notice.table = _table(user, notice.campaign, notice.month)
    notice.state, notice.issued_by, notice.issued_on = "issued", user, today
    notice.save()
    return notice


def paragraphs(notice: Notice) -> list[str]:
    return [p.strip() for p in notice.body.split("\n\n") if p.strip()]


def notice_docx(notice: Notice) -> bytes:
    """The notice as a Word document the office can still adjust: title, number, text, table, signature."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "仿宋", Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    if notice.number:
        number = document.add_paragraph(notice.number)
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(notice.title)
    run.bold, run.font.size = True, Pt(20)
    if notice.salutation:
        document.add_paragraph(notice.salutation)
    for text in paragraphs(notice):
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(28)
    table = notice.table or {}
    if table.get("rows"):
        document.add_paragraph(f"附表：{notice.month:%Y年%-m月}排名情况")
        indicators = table.get("indicators", [])
        grid = document.add_table(rows=1, cols=3 + len(indicators))
        grid.style = "Table Grid"
        header = ["名次", "单位", *[i["label"] for i in indicators], "得分"]
        for cell, text in zip(grid.rows[0].cells, header, strict=True):
            cell.text = text
        for row in table["rows"]:
            values = [str(row["rank"]), row["name"], *[row["values"].get(i["key"], "") for i in indicators]]
            for cell, text in zip(grid.add_row().cells, [*values, row["score"]], strict=True):
                cell.text = text
        document.add_paragraph(f"排名规则：{table.get('rule', '')}")
    signature = document.add_paragraph(notice.issuer)
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    day = notice.issued_on or timezone.localdate()
    dated = document.add_paragraph(f"{day:%Y年%-m月%-d日}")
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def notice_pdf(notice: Notice) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    context = {"notice": notice, "paragraphs": paragraphs(notice), "table": notice.table or {},
               "day": notice.issued_on or timezone.localdate()}  # fmt: skip
    html = render_to_string("campaigns/notice_pdf.html", context)
    return HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


NOTE_MAX_LENGTH = COMMENT_MAX_LENGTH
