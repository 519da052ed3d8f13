"""An enforcement document (执法文书) as a printable A4 PDF in its kind's official layout.

The issuing department, the document's name and number, the unit, the facts found, the legal basis and
decision, the deadline where the kind sets one, the remedies of a decision, the signature lines, the date
and the seal area. WeasyPrint renders it with Debian's Noto Sans CJK (embedded as subsets); only data:
URLs are fetched (the representative's signature), never the network.
"""

from __future__ import annotations

import base64
import datetime as dt

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .choices import SignerRole
from .document_kinds import REMEDY, spec
from .models import EnforcementDocument

TEMPLATE = "inspections/document_pdf.html"


def chinese_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "    年  月  日"


def _data_url(attachment) -> str:
    """The signature PNG inline (a data: URL), so the renderer never opens a path or a URL."""
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError):
        return ""
    return f"data:{attachment.content_type};base64,{base64.b64encode(data).decode()}"


def _signatures(document: EnforcementDocument) -> tuple[list[str], dict | None]:
    """The officers' names and, on the visit record itself, the representative's handwritten signature.

    The representative signed the visit record (现场签字确认); their signature is printed on the kind that
    is that record (现场检查记录) and never copied onto an order or decision they did not sign.
    """
    visit = document.inspection
    if visit is None:
        return [document.issued_by.full_name or document.issued_by.username], None
    signatures = list(visit.signatures.select_related("image"))
    officers = [s.signer_name for s in signatures if s.role == SignerRole.INSPECTOR]
    officers = officers or [u.full_name or u.username for u in visit.inspectors.order_by("pk")]
    if not spec(document.kind).visit_signature:
        return officers, None
    rep = next((s for s in signatures if s.role == SignerRole.UNIT_REPRESENTATIVE), None)
    if rep is None:
        return officers, None
    return officers, {"name": rep.signer_name, "image": _data_url(rep.image) if rep.image_id else ""}


def document_context(document: EnforcementDocument) -> dict:
    kind = spec(document.kind)
    department, unit = document.department, document.unit
    county = department.region.name if department.region_id else ""
    officers, representative = _signatures(document)
    remedy = ""
    if kind.remedy:
        remedy = REMEDY.format(title=kind.title, government=f"{county}人民政府", court=f"{county}人民法院")
    return {
        "d": document,
        "kind": kind,
        "authority": department.name,
        "unit": unit,
        "facts": [line for line in document.facts.splitlines() if line.strip()],
        "decision": document.decision,
        "deadline": chinese_date(document.deadline) if document.deadline else "",
        "remedy": remedy,
        "visit_day": chinese_date(document.inspection.visit_date) if document.inspection_id else "",
        "officers": officers,
        "representative": representative,
        "issued": chinese_date(document.issued_on),
    }


def document_pdf(document: EnforcementDocument) -> bytes:
    html = render_to_string(TEMPLATE, document_context(document))
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def document_filename(document: EnforcementDocument) -> str:
    return f"{document.number}-{spec(document.kind).title}.pdf"
