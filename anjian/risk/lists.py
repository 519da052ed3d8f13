"""The three lists of "一图一牌三清单" (seed 004 (一)2): responsibility, control measures, emergency response.

One enterprise's points, red → blue then by name, as one workbook of three sheets or as a landscape A4
PDF per list. Headers and titles are the official wording, fixed in Chinese whatever the UI language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill

from anjian.core import xlsx
from anjian.registry.models import Enterprise

from .choices import LEVEL_COLOURS, MeasureKind
from .models import RiskPoint
from .noticeboard import (
    CONTROL_LEVEL_NAMES_ZH,
    LEVEL_TEXT_COLOURS,
    accident_names,
    cn_date,
    emergency_texts,
    level_name,
    measures_by_kind,
    numbered,
    ordered_points,
    render_pdf,
)


@dataclass
class Row:
    """One point with its measures grouped once, so each column reads without touching the database."""

    number: int
    point: RiskPoint
    measures: dict[str, list[str]]


@dataclass(frozen=True)
class Column:
    header: str
    width: int  # Excel character widths; the PDF shares them out in proportion
    value: Callable[[Row], object]
    centred: bool = False
    pdf_mm: float | None = None  # short columns get a fixed width on paper, the rest share what is left


NUMBER = Column("序号", 6, lambda r: r.number, centred=True, pdf_mm=10)
NAME = Column("风险点名称", 18, lambda r: r.point.name)
LEVEL = Column("风险等级", 10, lambda r: level_name(r.point.level), centred=True, pdf_mm=18)
ACCIDENTS = Column("可能导致的事故类型", 16, lambda r: "、".join(accident_names(r.point)))
EMERGENCY = Column("应急处置措施", 34, lambda r: numbered(emergency_texts(r.point, r.measures)))
PERSON = Column("责任人", 10, lambda r: r.point.responsible_person, centred=True)


def _measures(kind: str, header: str, width: int) -> Column:
    return Column(header, width, lambda r: numbered(r.measures[kind]))


@dataclass(frozen=True)
class RiskList:
    title: str  # after the enterprise's name
    sheet: str
    columns: list[Column]


LISTS: dict[str, RiskList] = {
    "responsibility": RiskList(
        "安全风险管控责任清单",
        "风险管控责任清单",
        [
            NUMBER,
            NAME,
            LEVEL,
            Column("管控层级", 10, lambda r: CONTROL_LEVEL_NAMES_ZH.get(r.point.control_level, ""), centred=True),
            Column("责任单位/部门", 18, lambda r: r.point.post_or_area),
            PERSON,
            Column("联系电话", 15, lambda r: r.point.responsible_phone, centred=True),
        ],
    ),
    "measures": RiskList(
        "安全风险管控措施清单",
        "风险管控措施清单",
        [
            NUMBER,
            NAME,
            LEVEL,
            Column("主要危险因素", 26, lambda r: r.point.hazard_factors),
            ACCIDENTS,
            _measures(MeasureKind.ENGINEERING, "工程技术措施", 28),
            _measures(MeasureKind.MANAGEMENT, "管理措施", 28),
            _measures(MeasureKind.TRAINING, "培训教育措施", 22),
            _measures(MeasureKind.PERSONAL_PROTECTION, "个体防护措施", 22),
            Column("应急处置措施", 28, EMERGENCY.value),
        ],
    ),
    "emergency": RiskList(
        "安全风险应急处置清单",
        "应急处置清单",
        [
            NUMBER,
            NAME,
            LEVEL,
            ACCIDENTS,
            EMERGENCY,
            Column("应急电话", 15, lambda r: r.point.emergency_phone, centred=True),
            PERSON,
        ],
    ),
}


def rows(enterprise: Enterprise) -> list[Row]:
    """The enterprise's points in level order: two queries however many points there are."""
    points = ordered_points(RiskPoint.objects.filter(enterprise=enterprise))
    return [Row(n, p, measures_by_kind(p)) for n, p in enumerate(points, start=1)]


def list_title(enterprise: Enterprise, which: str) -> str:
    return f"{enterprise.name}{LISTS[which].title}"


# ---- xlsx

BODY_FONT = Font(name="宋体", size=10)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
LEVEL_FILLS = {level: PatternFill("solid", fgColor=colour[1:]) for level, colour in LEVEL_COLOURS.items()}
LEVEL_FONTS = {level: Font(name="宋体", size=10, bold=True, color=c[1:]) for level, c in LEVEL_TEXT_COLOURS.items()}


def risk_lists_xlsx(enterprise: Enterprise) -> bytes:
    """One workbook, one sheet per list, each with a merged title row, the headers and bordered rows."""
    data = rows(enterprise)
    wb = xlsx.workbook()
    for which, spec in LISTS.items():
        _write_sheet(wb, spec, list_title(enterprise, which), data)
    return xlsx.save(wb)


def _write_sheet(wb, spec: RiskList, title: str, data: list[Row]) -> None:
    columns = spec.columns
    sheet = xlsx.TableSheet(
        wb,
        spec.sheet,
        [c.width for c in columns],
        title=title,
        header=[c.header for c in columns],
        header_fill=HEADER_FILL,
        body_font=BODY_FONT,
    )
    level_styles = {
        level: xlsx.named_style(
            wb, f"risk-{level}", font=LEVEL_FONTS[level], fill=fill, border=xlsx.BORDER, alignment=xlsx.CENTRE
        )
        for level, fill in LEVEL_FILLS.items()
    }
    for row in data:
        styles = [
            level_styles.get(row.point.level, sheet.centre) if c is LEVEL else (sheet.centre if c.centred else None)
            for c in columns
        ]
        sheet.append([c.value(row) for c in columns], styles)


# ---- PDF

PDF_WIDTH_MM = 277  # landscape A4 less the template's margins


def risk_list_pdf(enterprise: Enterprise, which: str) -> bytes:
    """One list as landscape A4, the header row repeated on every page."""
    if which not in LISTS:
        raise ValueError(_("Unknown list: %(which)s.") % {"which": which})
    spec = LISTS[which]
    free = PDF_WIDTH_MM - sum(c.pdf_mm or 0 for c in spec.columns)
    shared = sum(c.width for c in spec.columns if c.pdf_mm is None)
    body = []
    for row in rows(enterprise):
        cells = [
            {"text": c.value(row), "centred": c.centred, "style": _level_css(row.point.level) if c is LEVEL else ""}
            for c in spec.columns
        ]
        body.append(cells)
    context = {
        "title": list_title(enterprise, which),
        "columns": [{"header": c.header, "width": c.pdf_mm or round(free * c.width / shared, 1)} for c in spec.columns],
        "rows": body,
        "enterprise": enterprise.name,
        "date": cn_date(timezone.localdate()),
    }
    return render_pdf("risk/list.html", context)


def _level_css(level: str) -> str:
    if level not in LEVEL_COLOURS:
        return ""
    return f"background: {LEVEL_COLOURS[level]}; color: {LEVEL_TEXT_COLOURS[level]};"
