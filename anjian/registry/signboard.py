"""安全生产责任公示牌 (seed 004 attachment 1) as a printable PDF, 60 cm × 40 cm, blue ground and white text.

WeasyPrint renders the template with Debian's Noto Sans CJK, which it embeds as subsets, so the plate
prints with correct Chinese glyphs on any machine. Nothing is fetched from the network.

Each plate carries a QR code of the unit's public page (`/p/u/<token>/`: what the plate shows and a button to
report a hazard there). Its address starts with ANJIAN_PUBLIC_URL, the address the public reaches the platform
at; without it, the address the clerk printing the plate uses.
"""

from __future__ import annotations

from collections.abc import Iterable

import segno
from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .models import Enterprise

MAX_PAGES = 500
TEMPLATE = "registry/signboard.html"


class SignboardLimitError(ValueError):
    """Too many plates in one batch: the PDF would be too large to print or download sensibly."""


PT_PER_CM = 72 / 2.54
# The value boxes of the template: the 18.5 cm and 15 cm columns less 0.3 cm of padding each side.
LEFT_VALUE_CM, RIGHT_VALUE_CM = 17.9, 14.4
MAX_PT, MIN_PT = 50.0, 24.0  # 24 pt is 0.85 cm a character, still read from a few metres
TEXT_HEIGHT_CM, LINE_HEIGHT = 5.6, 1.25  # a 6.4 cm row less its padding; the template's line-height
SAFETY = 0.95  # glyphs and kerning the estimate does not see


def text_em(text: str) -> float:
    """The width of `text` in em of Noto Sans CJK: 1 a Chinese character, at most 0.65 an ASCII one."""
    narrow = len(text.encode("ascii", "ignore"))
    return (len(text) - narrow) + 0.65 * narrow


def fitted(text: str, width_cm: float) -> dict[str, object]:
    """A value with its font size. WeasyPrint has no shrink-to-fit, so the size is computed: as large
    as 50 pt allows on one line, down to 24 pt; a longer text takes two to four balanced lines that
    fit in the row's height."""
    text = (text or "").strip()
    em = text_em(text)
    size, lines = MAX_PT, 1
    for lines in (1, 2, 3, 4):
        per_line = em / lines + (1 if lines > 1 else 0)  # room for the break pushing a character down
        tallest = TEXT_HEIGHT_CM * PT_PER_CM / (LINE_HEIGHT * lines)
        size = min(MAX_PT, tallest, width_cm * PT_PER_CM * SAFETY / per_line) if per_line else MAX_PT
        if size >= MIN_PT:
            break
    return {"text": text, "size": f"{size:.1f}", "one_line": lines == 1}


def plate_rows(enterprise: Enterprise) -> list[tuple]:
    """The four lines of attachment 1, each with two label/value pairs, in the attachment's order."""
    e = enterprise
    return [
        ("公司/企业名称", fitted(e.name, LEFT_VALUE_CM), "责任单位", fitted(e.responsible_unit, RIGHT_VALUE_CM)),
        ("企业主要负责人", fitted(e.principal, LEFT_VALUE_CM), "联系电话", fitted(e.principal_phone, RIGHT_VALUE_CM)),
        (
            "挂点领导",
            fitted(e.liaison_leader, LEFT_VALUE_CM),
            "联系电话",
            fitted(e.liaison_leader_phone, RIGHT_VALUE_CM),
        ),
        (
            "责任干部",
            fitted(e.responsible_cadre, LEFT_VALUE_CM),
            "联系电话",
            fitted(e.responsible_cadre_phone, RIGHT_VALUE_CM),
        ),
    ]


def public_address(enterprise: Enterprise, site: str = "") -> str:
    """The full address of the unit's public page, as the QR code on its plate holds it ("" without a site)."""
    site = (getattr(settings, "ANJIAN_PUBLIC_URL", "") or site).rstrip("/")
    return f"{site}{reverse('public_unit', args=[enterprise.public_token])}" if site else ""


def qr_image(address: str) -> str:
    """The QR code as an SVG data: address, dark on white with a quiet zone, error correction Q (a plate outdoors
    gets dirty and scratched)."""
    return segno.make(address, error="q").svg_data_uri(dark="#000", light="#fff", border=3) if address else ""


def _plate(enterprise: Enterprise, site: str) -> dict:
    address = public_address(enterprise, site)
    return {"rows": plate_rows(enterprise), "qr": qr_image(address), "address": address}


def _render(enterprises: Iterable[Enterprise], site: str = "") -> bytes:
    html = render_to_string(TEMPLATE, {"plates": [_plate(e, site) for e in enterprises]})
    # Only local files and data: URLs; a template change can never make rendering reach the network.
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def signboard_pdf(enterprise: Enterprise, site: str = "") -> bytes:
    """One plate for one enterprise; `site` is the scheme and host its QR code points to."""
    return _render([enterprise], site)


def signboards_pdf(queryset: QuerySet, site: str = "") -> bytes:
    """One plate per enterprise, for batch printing; refuses more than MAX_PAGES plates."""
    count = queryset.count()
    if count > MAX_PAGES:
        raise SignboardLimitError(
            _("%(count)d signboards were asked for; at most %(max)d can be printed at once. Narrow the filter.")
            % {"count": count, "max": MAX_PAGES}
        )
    qs = queryset.select_related("responsible_department", "responsible_town")
    return _render(qs.iterator(chunk_size=500), site)
