"""安全生产责任公示牌 (seed 004 attachment 1) as a printable PDF, 60 cm × 40 cm, blue ground and white text.

WeasyPrint renders the template with Debian's Noto Sans CJK, which it embeds as subsets, so the plate
prints with correct Chinese glyphs on any machine. Nothing is fetched from the network.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .models import Enterprise

MAX_PAGES = 500
TEMPLATE = "registry/signboard.html"


class SignboardLimitError(ValueError):
    """Too many plates in one batch: the PDF would be too large to print or download sensibly."""


def _sized(text: str, per_line: int) -> dict[str, str]:
    """A value with a smaller type when it would take more than two lines at the normal size.

    `per_line` is how many characters fit on one line at the normal size; the smaller sizes fit
    1.25 and 1.55 times as many, so a long name wraps onto three or four lines instead of overflowing.
    """
    text = (text or "").strip()
    size = ""
    if len(text) > per_line * 1.25 * 3:
        size = "longer"
    elif len(text) > per_line * 2:
        size = "long"
    return {"text": text, "size": size}


def plate_rows(enterprise: Enterprise) -> list[tuple]:
    """The four lines of attachment 1, each with two label/value pairs, in the attachment's order."""
    e = enterprise
    return [
        ("公司/企业名称", _sized(e.name, 10), "责任单位", _sized(e.responsible_unit, 8)),
        ("企业主要负责人", _sized(e.principal, 9), "联系电话", _sized(e.principal_phone, 16)),
        ("挂点领导", _sized(e.liaison_leader, 9), "联系电话", _sized(e.liaison_leader_phone, 16)),
        ("责任干部", _sized(e.responsible_cadre, 9), "联系电话", _sized(e.responsible_cadre_phone, 16)),
    ]


def _render(enterprises: Iterable[Enterprise]) -> bytes:
    html = render_to_string(TEMPLATE, {"plates": [{"rows": plate_rows(e)} for e in enterprises]})
    # Only local files and data: URLs; a template change can never make rendering reach the network.
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def signboard_pdf(enterprise: Enterprise) -> bytes:
    """One plate for one enterprise."""
    return _render([enterprise])


def signboards_pdf(queryset: QuerySet) -> bytes:
    """One plate per enterprise, for batch printing; refuses more than MAX_PAGES plates."""
    count = queryset.count()
    if count > MAX_PAGES:
        raise SignboardLimitError(
            _("%(count)d signboards were asked for; at most %(max)d can be printed at once. Narrow the filter.")
            % {"count": count, "max": MAX_PAGES}
        )
    qs = queryset.select_related("responsible_department", "responsible_town")
    return _render(qs.iterator(chunk_size=500))
