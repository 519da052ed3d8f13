"""The three lists of "一图一牌三清单" (seed 004 (一)2): responsibility, control measures, emergency response.

One enterprise's points, red → blue then by name, as one workbook of three sheets or as a landscape A4
PDF per list. Headers and titles are the official wording, fixed in Chinese whatever the UI language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

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

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TITLE_FONT = Font(name="宋体", size=16, bold=True)
HEADER_FONT = Font(name="宋体", size=11, bold=True)
BODY_FONT = Font(name="宋体", size=10)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
LEVEL_FILLS = {level: PatternFill("solid", fgColor=colour[1:]) for level, colour in LEVEL_COLOURS.items()}
LEVEL_FONTS = {level: Font(name="宋体", size=10, bold=True, color=c[1:]) for level, c in LEVEL_TEXT_COLOURS.items()}


def risk_lists_xlsx(enterprise: Enterprise) -> bytes:
    """One workbook, one sheet per list, each with a merged title row, the headers and bordered rows."""
    data = rows(enterprise)
    wb = Workbook()
    wb.remove(wb.active)
    for which, spec in LISTS.items():
        ws = wb.create_sheet(spec.sheet)
        _write_sheet(ws, list_title(enterprise, which), spec.columns, data)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_sheet(ws, title: str, columns: list[Column], data: list[Row]) -> None:
    last = get_column_letter(len(columns))
    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font, ws["A1"].alignment = TITLE_FONT, CENTRE
    ws.row_dimensions[1].height = 34
    ws.append([c.header for c in columns])
    for cell in ws[2]:
        cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, BORDER, CENTRE
    ws.row_dimensions[2].height = 30
    for index, row in enumerate(data, start=3):
        values = [c.value(row) for c in columns]
        ws.append(values)
        for column, cell in zip(columns, ws[index], strict=True):
            cell.font, cell.border = BODY_FONT, BORDER
            cell.alignment = CENTRE if column.centred else LEFT
            if column is LEVEL and row.point.level in LEVEL_FILLS:
                cell.fill, cell.font = LEVEL_FILLS[row.point.level], LEVEL_FONTS[row.point.level]
        ws.row_dimensions[index].height = _row_height(columns, values)
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    ws.freeze_panes = "A3"


def _row_height(columns: list[Column], values: list[object]) -> float:
    """Excel does not grow rows for wrapped text it did not lay out itself: estimate the lines (CJK = 2)."""
    lines = 1
    for column, value in zip(columns, values, strict=True):
        per_line = max(1, column.width - 1)
        parts = str(value if value is not None else "").split("\n")
        lines = max(lines, sum(max(1, -(-_units(part) // per_line)) for part in parts))
    return min(409, 14 * lines + 8)


def _units(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


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
