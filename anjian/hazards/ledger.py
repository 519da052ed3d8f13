"""The hazard ledger (隐患台账) as xlsx, in the format of seed 004 attachment 3.

Title, headers, footer and labels are an official format, so they are written in Chinese whatever the
UI language; towns hand this sheet in as it is.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter

from anjian.registry.exports import BODY_FONT, BORDER, CENTER, HEADER_FONT

from .choices import Action, State, SupervisionKind, SupervisionLevel
from .models import Hazard, HazardEvent, RectificationPlan, Supervision

LEDGER_TITLE = "安全生产重大事故隐患排查整治台账"
LEDGER_HEADERS = [
    "序号",
    "部门/村居",
    "企业（项目）",
    "所属行业领域",
    "重大隐患描述",
    "整改措施",
    "督办层级，文件名称及文号",
    "整改期限",
    "整改进展",
]
LEDGER_WIDTHS = [6, 16, 24, 12, 36, 30, 30, 14, 24]
LEDGER_FOOTER = ["填报单位（盖章）：", "填报人：", "联系电话"]

STATE_LABELS = {
    State.REGISTERED: "已登记",
    State.ASSESSED: "已评估",
    State.REPORTED: "已报告",
    State.RECTIFYING: "整改中",
    State.AWAITING_VERIFICATION: "待验收",
    State.CLOSED: "已销号",
}
LEVEL_LABELS = {SupervisionLevel.CITY: "市", SupervisionLevel.COUNTY: "县", SupervisionLevel.TOWN: "乡"}
KIND_LABELS = {
    SupervisionKind.REMINDER: "提醒",
    SupervisionKind.SUPERVISION: "督办",
    SupervisionKind.LISTING: "挂牌督办",
}
OVERDUE_LABEL = "（已逾期）"
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def chinese_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def for_ledger(queryset: QuerySet) -> QuerySet:
    """Everything a row needs in a fixed number of queries, whatever the number of rows."""
    return queryset.select_related("unit", "sector", "region", "responsible_department", "plan").prefetch_related(
        Prefetch(
            "supervisions", queryset=Supervision.objects.order_by("listed_on", "id"), to_attr="ledger_supervisions"
        ),
        Prefetch(
            "events",
            queryset=HazardEvent.objects.filter(action=Action.PROGRESS).order_by("-signed_at", "-id"),
            to_attr="ledger_progress",
        ),
    )


def _plan(hazard: Hazard) -> RectificationPlan | None:
    try:
        return hazard.plan
    except RectificationPlan.DoesNotExist:
        return None


def supervision_text(supervisions) -> str:
    """Each as “县级挂牌督办：文件名称及文号（2026年2月1日）”, one a line."""
    lines = []
    for s in supervisions:
        label = f"{LEVEL_LABELS.get(s.level, s.level)}级{KIND_LABELS.get(s.kind, s.kind)}"
        lines.append(
            f"{label}：{s.document}（{chinese_date(s.listed_on)}）"
            if s.document
            else f"{label}（{chinese_date(s.listed_on)}）"
        )
    return "\n".join(lines)


def progress_text(hazard: Hazard) -> str:
    """The state in Chinese, overdue when it is, and the latest progress entry (or the closing date)."""
    label = STATE_LABELS.get(hazard.state, hazard.state)
    if hazard.state == State.CLOSED:
        closed = timezone.localdate(hazard.closed_at) if hazard.closed_at else None
        return f"{label}（{chinese_date(closed)}）" if closed else label
    if hazard.overdue:
        label += OVERDUE_LABEL
    progress = getattr(hazard, "ledger_progress", None)
    if progress is None:
        progress = list(hazard.events.filter(action=Action.PROGRESS).order_by("-signed_at", "-id")[:1])
    return f"{label}：{progress[0].comment}" if progress and progress[0].comment else label


def ledger_row(number: int, hazard: Hazard) -> list[object]:
    plan = _plan(hazard)
    supervisions = getattr(hazard, "ledger_supervisions", None)
    if supervisions is None:
        supervisions = hazard.supervisions.order_by("listed_on", "id")
    return [
        number,
        hazard.responsible_department.name if hazard.responsible_department_id else hazard.region.name,
        hazard.unit.name,
        hazard.sector.name,
        hazard.description,
        plan.measures if plan else "",
        supervision_text(supervisions),
        chinese_date(hazard.deadline),
        progress_text(hazard),
    ]


def _title_and_header(ws, title: str) -> None:
    last = get_column_letter(len(LEDGER_HEADERS))
    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(name="方正小标宋简体", size=18, bold=True)
    ws["A1"].alignment = CENTER
    ws.row_dimensions[1].height = 36
    ws.append(LEDGER_HEADERS)
    for cell in ws[2]:
        cell.font, cell.border, cell.alignment = HEADER_FONT, BORDER, CENTER
    ws.row_dimensions[2].height = 32
    for index, width in enumerate(LEDGER_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _print_setup(ws) -> None:
    """Landscape A4, all columns on one page width, the header row repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.freeze_panes = "A3"


def ledger_xlsx(queryset: QuerySet, filler_unit: str = "") -> bytes:
    """Attachment 3: title, nine headers, one bordered row per hazard, a blank row, then the footer lines."""
    wb = Workbook()
    ws = wb.active
    ws.title = "隐患台账"
    _title_and_header(ws, f"{filler_unit}{LEDGER_TITLE}")
    center = NamedStyle(name="ledger-center", font=BODY_FONT, border=BORDER, alignment=CENTER)
    left = NamedStyle(name="ledger-left", font=BODY_FONT, border=BORDER, alignment=LEFT)
    wb.add_named_style(center)
    wb.add_named_style(left)
    styles = [center.name, center.name, left.name, center.name, left.name, left.name, left.name, center.name, left.name]
    row = 2
    for row, hazard in enumerate(for_ledger(queryset), start=3):
        for column, value in enumerate(ledger_row(row - 2, hazard), start=1):
            ws.cell(row=row, column=column, value=value).style = styles[column - 1]
    for offset, line in enumerate(LEDGER_FOOTER, start=2):
        cell = ws.cell(row=row + offset, column=1, value=line)
        cell.font, cell.alignment = BODY_FONT, Alignment(horizontal="left", vertical="center")
        ws.merge_cells(start_row=row + offset, start_column=1, end_row=row + offset, end_column=4)
    _print_setup(ws)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
