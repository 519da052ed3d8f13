"""风险告知牌 (seed 004 (一)2, "一图一牌三清单"): one printable A4 board per risk point.

Rendered like the registry's signboard: WeasyPrint with Debian's Noto Sans CJK embedded as subsets and a
fetcher that refuses the network. The helpers here (Chinese labels, grouped measures, dates) are shared
by the three lists and the four-colour map so every document words things the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Case, IntegerField, Max, QuerySet, Value, When
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .choices import LEVEL_COLOURS, LEVEL_NAMES_ZH, LEVEL_RANK, AccidentType, MeasureKind
from .models import RiskPoint

MAX_PAGES = 500
TEMPLATE = "risk/noticeboard.html"
# Official wording of the documents, fixed in Chinese whatever the UI language.
MEASURE_NAMES_ZH = {
    MeasureKind.ENGINEERING: "工程技术措施",
    MeasureKind.MANAGEMENT: "管理措施",
    MeasureKind.TRAINING: "培训教育措施",
    MeasureKind.PERSONAL_PROTECTION: "个体防护措施",
    MeasureKind.EMERGENCY: "应急处置措施",
}
CONTROL_LEVEL_NAMES_ZH = {"company": "公司级", "workshop": "车间级", "team": "班组级", "post": "岗位级"}
UNGRADED = "未评级"
# Text on the level's colour: dark on yellow and orange (white on them cannot be read at a distance).
LEVEL_TEXT_COLOURS = {"red": "#FFFFFF", "orange": "#1A1A1A", "yellow": "#1A1A1A", "blue": "#FFFFFF"}
# Characters of free text above which the board's type gets smaller, so it still fits on one page.
DENSE_CHARS, DENSER_CHARS = 600, 1000
PUBLIC_PHONES = [("火警", "119"), ("急救", "120")]


class NoticeBoardLimitError(ValueError):
    """Too many boards in one batch: the PDF would be too large to print or download sensibly."""


def level_name(level: str) -> str:
    return LEVEL_NAMES_ZH.get(level, UNGRADED)


def level_style(level: str) -> dict[str, str]:
    return {"bg": LEVEL_COLOURS.get(level, "#9E9E9E"), "fg": LEVEL_TEXT_COLOURS.get(level, "#FFFFFF")}


def level_order() -> Case:
    """Red first, blue last, ungraded points after them: the order every list of the package uses."""
    whens = [When(level=str(level), then=Value(rank)) for level, rank in LEVEL_RANK.items()]
    return Case(*whens, default=Value(len(LEVEL_RANK)), output_field=IntegerField())


def ordered_points(queryset: QuerySet) -> QuerySet:
    """Points red → blue then by name, with measures and the latest assessment date fetched up front."""
    return (
        queryset.select_related("enterprise")
        .prefetch_related("measures")
        .annotate(level_rank=level_order(), last_assessed=Max("assessments__assessed_at"))
        .order_by("level_rank", "name", "id")
    )


def cn_date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.year}年{value.month}月{value.day}日"


def accident_names(point: RiskPoint) -> list[str]:
    """GB 6441 names of the point's possible accidents, in the standard's order."""
    chosen = set(point.accident_types or [])
    return [label for value, label in AccidentType.choices if value in chosen]


def measures_by_kind(point: RiskPoint) -> dict[str, list[str]]:
    """The point's measure texts per kind (uses the prefetched measures, no query per point)."""
    grouped: dict[str, list[str]] = {kind: [] for kind in MeasureKind.values}
    for measure in point.measures.all():
        if measure.kind in grouped and measure.text.strip():
            grouped[measure.kind].append(measure.text.strip())
    return grouped


def emergency_texts(point: RiskPoint, grouped: dict[str, list[str]] | None = None) -> list[str]:
    """The point's emergency response, then its emergency-kind measures that do not repeat it."""
    grouped = grouped if grouped is not None else measures_by_kind(point)
    texts = [point.emergency_response.strip()] if point.emergency_response.strip() else []
    return texts + [t for t in grouped[MeasureKind.EMERGENCY] if t not in texts]


def numbered(texts: list[str]) -> str:
    """One text as is; several as "1. … 2. …" lines (how the lists and boards write them)."""
    if len(texts) <= 1:
        return texts[0] if texts else ""
    return "\n".join(f"{n}. {t}" for n, t in enumerate(texts, start=1))


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, context)
    # Only local files and data: URLs; a template change can never make rendering reach the network.
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def board(point: RiskPoint) -> dict:
    """Everything one board shows, in the board's order."""
    grouped = measures_by_kind(point)
    control = [
        (MEASURE_NAMES_ZH[kind], texts) for kind, texts in grouped.items() if kind != MeasureKind.EMERGENCY and texts
    ]
    last = getattr(point, "last_assessed", None)
    if last is None and not hasattr(point, "last_assessed"):
        last = point.assessments.aggregate(last=Max("assessed_at"))["last"]
    emergency = emergency_texts(point, grouped)
    length = len(point.hazard_factors) + sum(len(t) for _k, texts in control for t in texts)
    length += sum(len(t) for t in emergency)
    density = "denser" if length > DENSER_CHARS else "dense" if length > DENSE_CHARS else ""
    phones = ([("企业应急电话", point.emergency_phone)] if point.emergency_phone else []) + PUBLIC_PHONES
    return {
        "point": point,
        "level_name": level_name(point.level),
        "style": level_style(point.level),
        "accidents": "、".join(accident_names(point)),
        "control": control,
        "emergency": emergency,
        "density": density,
        "phones": phones,
        "enterprise": point.enterprise.name,
        "assessed": cn_date(last),
    }


def _render(points: Iterable[RiskPoint]) -> bytes:
    return render_pdf(TEMPLATE, {"boards": [board(p) for p in points]})


def notice_board_pdf(point: RiskPoint) -> bytes:
    """The board of one point."""
    return _render([point])


def notice_boards_pdf(queryset: QuerySet) -> bytes:
    """One board per point, red first, for batch printing; refuses more than MAX_PAGES boards."""
    count = queryset.count()
    if count > MAX_PAGES:
        raise NoticeBoardLimitError(
            _("%(count)d notice boards were asked for; at most %(max)d can be printed at once. Narrow the filter.")
            % {"count": count, "max": MAX_PAGES}
        )
    return _render(ordered_points(queryset))
