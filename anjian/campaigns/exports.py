"""Attachment 4 of 高府发〔2023〕14号 (《高兴镇____领域重大事故隐患专项排查整治进展情况调度表》) as files to
print and hand in: one participant's filled form (xlsx and PDF) and the county's roll-up (xlsx and PDF).

The form's wording is an official format and stays in Chinese whatever the UI language. A participant's
sheet is laid out as the notice prints it: the block name down the first column, then two (form cell,
value) pairs a row in the order of `dispatch.BLOCKS`, and the three notes under the table. Where one form
cell holds two numbers (行政处罚（次，万元）…) they share one value box: `3次，3.70万元`.

The roll-up has one column per number, too wide for A4: both the xlsx and the PDF are set up for A3
landscape (see ROLLUP_PAPER), where ~40 columns print at about 7 pt; on A4 they would shrink to ~5 pt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from anjian.core import xlsx

from .dispatch import BLOCK_OF, BLOCKS, NOTES, Cell
from .services import CellValue, Rollup, Sheet

TEMPLATE = "campaigns/dispatch_pdf.html"
SHEET_NAME = "调度表"
ROLLUP_SHEET_NAME = "汇总表"
FILLER = "填报单位（部门）："
ROLLUP_NAME_HEADER = "填报单位"
ROLLUP_STATE_HEADER = "报送情况"
TOTAL = "合计"
ROLLUP_NOTE = "合计中由记录计算的数据按全县记录去重统计（同一隐患只计一次），填报数据为各单位已报送数之和。"
STATE_WORDS = {
    "submitted": "已报送",
    "late": "逾期报送",
    "missing": "未报送",
    "draft": "草稿未报送",
    "": "未到报送期",
}
SUBMITTED_STATES = {"submitted", "late"}

# The sheet: block | form cell | value | form cell | value (Excel units).
SHEET_WIDTHS = [12, 56, 16, 56, 16]  # the longest wording (25 characters) on one line
# The roll-up: name | one column per number | state. Narrow number columns, wider for amounts.
ROLLUP_NAME_WIDTH, ROLLUP_COUNT_WIDTH, ROLLUP_MONEY_WIDTH, ROLLUP_STATE_WIDTH = 18, 8, 10, 13
ROLLUP_PAPER = Worksheet.PAPERSIZE_A3
ROLLUP_HEADER_FONT_SIZE = 10.0
# The roll-up PDF on A3 landscape (42 cm less 0.8 cm margins each side), in cm: the number columns share
# what the name, the state and the amounts leave (~0.9 cm each for 35 counts).
PDF_ROLLUP_WIDTH_CM, PDF_NAME_CM, PDF_STATE_CM, PDF_MONEY_CM = 40.4, 3.2, 1.8, 1.4


# --- values ---------------------------------------------------------------------------------------------------


def number_text(value: int | Decimal | None, money: bool = False) -> str:
    """A value as printed: amounts with two decimals, counts whole, nothing for an empty typed value."""
    if value is None:
        return ""
    if money:
        return f"{Decimal(value):.2f}"
    return str(int(value))


def number_value(value: int | Decimal | None, money: bool = False) -> int | Decimal | None:
    """A value for a numeric worksheet cell (amounts keep two decimals, counts are whole)."""
    if value is None:
        return None
    if money:
        return Decimal(value).quantize(Decimal("0.01"))
    return int(value)


def chinese_day(day: dt.date) -> str:
    """时间 as the form prints it: `2026 年 5 月 20 日`."""
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


def chinese_month(month: dt.date) -> str:
    return f"{month.year}年{month.month}月"


def header_label(cell: Cell) -> str:
    """A roll-up column's header: the number's label with its unit (once: some labels already carry it)."""
    suffix = f"（{cell.unit}）"
    return cell.label if cell.label.endswith(suffix) else f"{cell.label}{suffix}"


@dataclass
class Pair:
    """One cell of the printed form: its wording and its value box (one number, or two joined)."""

    label: str
    values: tuple[CellValue, ...]

    @property
    def combined(self) -> bool:
        return len(self.values) > 1

    def text(self) -> str:
        """The value box as text: `3次，3.70万元`, `2个，其中1个`, `0.50万元，其中0.20万元`, or the number."""
        if not self.combined:
            v = self.values[0]
            return number_text(v.value, v.cell.money)
        if all(v.value is None for v in self.values):
            return ""
        parts = []
        for index, v in enumerate(self.values):
            # An empty typed number inside a joined box leaves a blank to fill in, as on the paper form.
            number = number_text(v.value, v.cell.money) or "\u3000"
            lead = "其中" if index and v.cell.label.startswith("其中") else ""
            parts.append(f"{lead}{number}{v.cell.unit}")
        return "，".join(parts)

    def cell_value(self) -> object:
        """What the worksheet holds: a number for a single number, the joined text for two."""
        if self.combined:
            return self.text() or None
        v = self.values[0]
        return number_value(v.value, v.cell.money)

    @property
    def money(self) -> bool:
        return not self.combined and self.values[0].cell.money


def form_rows(sheet: Sheet) -> list[tuple[str, list[list[Pair | None]]]]:
    """Each block of `dispatch.BLOCKS` with its printed rows of two pairs (None fills an odd last row).

    Consecutive cells sharing a form wording make one pair. Values are looked up by key, so the layout is
    always the form's, whatever order the sheet's cells come in; a cell the sheet lacks prints blank.
    """
    values = {cv.cell.key: cv for cv in sheet.cells}
    blocks = []
    for block, cells in BLOCKS:
        pairs: list[Pair] = []
        for cell in cells:
            cv = values.get(cell.key) or CellValue(cell, block, None, "computed" if cell.computed else "typed")
            if pairs and pairs[-1].label == cell.form_label:
                pairs[-1].values += (cv,)
            else:
                pairs.append(Pair(cell.form_label, (cv,)))
        rows: list[list[Pair | None]] = [list(pairs[i : i + 2]) for i in range(0, len(pairs), 2)]
        if rows and len(rows[-1]) == 1:
            rows[-1].append(None)
        blocks.append((block, rows))
    return blocks


# --- one participant's sheet ------------------------------------------------------------------------------


def _plain_style(wb, name: str, alignment: Alignment, font: Font = xlsx.BODY_FONT) -> str:
    """Unbordered text (the lines above and the notes below the table)."""
    return xlsx.named_style(wb, name, font=font, alignment=alignment)


def _merge(ws, row: int, first: int, last: int) -> None:
    ws.merged_cells.add(f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}")


def sheet_xlsx(sheet: Sheet) -> bytes:
    """The filled form on one A4 landscape page: title, 填报单位 and 时间, the four blocks, the notes."""
    wb = xlsx.workbook()
    table = xlsx.TableSheet(wb, SHEET_NAME, SHEET_WIDTHS)
    ws, columns = table.ws, len(SHEET_WIDTHS)
    ws.page_setup.fitToHeight = 1  # a one-page form: also one page tall (set before the first row is written)
    table.title(sheet.title)

    left = _plain_style(wb, "campaign-line-left", Alignment(horizontal="left", vertical="center"))
    right = _plain_style(wb, "campaign-line-right", Alignment(horizontal="right", vertical="center"))
    line_height = table.font_size * xlsx.LINE_FACTOR + xlsx.ROW_PADDING
    table.append([f"{FILLER}{sheet.filler}", None, None, f"时间：{chinese_day(sheet.day)}"], [left, left, left, right],
                 height=line_height)  # fmt: skip
    _merge(ws, table.rows, 1, 3)
    _merge(ws, table.rows, 4, columns)

    block_style = xlsx.named_style(
        wb, "campaign-block", font=xlsx.HEADER_FONT, border=xlsx.BORDER, alignment=xlsx.CENTRE
    )
    money = xlsx.named_style(
        wb, "campaign-money", font=xlsx.BODY_FONT, border=xlsx.BORDER, alignment=xlsx.CENTRE, number_format="0.00"
    )
    for block, rows in form_rows(sheet):
        first = table.rows + 1
        for index, pairs in enumerate(rows):
            values: list[object] = [block if index == 0 else None]
            styles = [block_style]
            for pair in pairs:
                values += [pair.label, pair.cell_value()] if pair else [None, None]
                styles += [table.left, money if pair and pair.money else table.centre]
            # The block name is spread over its rows: count only the pairs for the row's height.
            height = xlsx.row_height(values[1:], SHEET_WIDTHS[1:], table.font_size)
            table.append(values, styles, height=height)
        if table.rows > first:
            ws.merged_cells.add(f"A{first}:A{table.rows}")

    note = _plain_style(wb, "campaign-note", xlsx.LEFT)
    for text in NOTES:
        table.append([text], [note], height=xlsx.row_height([xlsx.clean(text)], [sum(SHEET_WIDTHS)], table.font_size))
        _merge(ws, table.rows, 1, columns)
    return xlsx.save(wb)


def sheet_context(sheet: Sheet) -> dict:
    blocks = []
    for block, rows in form_rows(sheet):
        printed = [[(p.label, p.text()) if p else ("", "") for p in pairs] for pairs in rows]
        blocks.append({"name": block, "span": len(printed), "first": printed[0], "rest": printed[1:]})
    return {
        "rollup": False,
        "title": xlsx.clean(sheet.title),
        "filler": xlsx.clean(sheet.filler),
        "day": chinese_day(sheet.day),
        "blocks": blocks,
        "notes": NOTES,
    }


def _pdf(context: dict) -> bytes:
    html = render_to_string(TEMPLATE, context)
    # Nothing but data: URLs: rendering never opens a file or the network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def sheet_pdf(sheet: Sheet) -> bytes:
    """The filled form as an A4 landscape PDF, laid out as the xlsx."""
    return _pdf(sheet_context(sheet))


# --- the roll-up ------------------------------------------------------------------------------------------------


def block_spans(cells: Iterable[Cell]) -> list[tuple[str, int]]:
    """The block names over the roll-up's columns, each with how many consecutive columns it spans."""
    spans: list[tuple[str, int]] = []
    for cell in cells:
        block = BLOCK_OF.get(cell.key, "")
        if spans and spans[-1][0] == block:
            spans[-1] = (block, spans[-1][1] + 1)
        else:
            spans.append((block, 1))
    return spans


def submitted_summary(rollup: Rollup) -> str:
    done = sum(1 for row in rollup.rows if row.state in SUBMITTED_STATES)
    return f"已报送{done}家／共{len(rollup.rows)}家"


def rollup_xlsx(rollup: Rollup) -> bytes:
    """Title, month, two header rows (blocks over numbers), a row per participant, 合计, the note.

    Streamed (write-only), so a province roll-up of thousands of rows holds none of them in memory. A3
    landscape fitted to one page wide; the two header rows repeat on every page.
    """
    cells = list(rollup.cells)
    widths = [ROLLUP_NAME_WIDTH]
    widths += [ROLLUP_MONEY_WIDTH if c.money else ROLLUP_COUNT_WIDTH for c in cells]
    widths += [ROLLUP_STATE_WIDTH]
    columns = len(widths)
    last = get_column_letter(columns)

    wb = xlsx.workbook()
    table = xlsx.TableSheet(wb, ROLLUP_SHEET_NAME, widths)
    ws = table.ws
    # Before the first row: a write-only sheet writes its head (views, page set-up) with it.
    ws.page_setup.paperSize = ROLLUP_PAPER
    ws.print_title_rows = "3:4"
    ws.freeze_panes = "B5"

    table.title(f"{xlsx.clean(rollup.title)}（汇总）")
    month = _plain_style(wb, "campaign-month", xlsx.CENTRE)
    table.append([chinese_month(rollup.month)], [month], height=table.font_size * xlsx.LINE_FACTOR + xlsx.ROW_PADDING)
    _merge(ws, table.rows, 1, columns)

    header_font = Font(name=xlsx.HEADER_FONT.name, size=ROLLUP_HEADER_FONT_SIZE, bold=True)
    head = xlsx.named_style(wb, "campaign-rollup-header", font=header_font, border=xlsx.BORDER, alignment=xlsx.CENTRE)
    groups: list[object] = [ROLLUP_NAME_HEADER]
    for block, span in block_spans(cells):
        groups += [block] + [None] * (span - 1)
    groups.append(ROLLUP_STATE_HEADER)
    # The block names lie across merged columns: one line, not the height of a name wrapped in one column.
    table.append(groups, [head] * columns, height=ROLLUP_HEADER_FONT_SIZE * xlsx.LINE_FACTOR + xlsx.ROW_PADDING)
    top = table.rows
    labels = [None, *(header_label(c) for c in cells), None]
    table.append(labels, [head] * columns, height=xlsx.row_height(labels, widths, ROLLUP_HEADER_FONT_SIZE))
    ws.merged_cells.add(f"A{top}:A{top + 1}")
    ws.merged_cells.add(f"{last}{top}:{last}{top + 1}")
    column = 2
    for _block, span in block_spans(cells):
        if span > 1:
            ws.merged_cells.add(f"{get_column_letter(column)}{top}:{get_column_letter(column + span - 1)}{top}")
        column += span

    money = xlsx.named_style(
        wb, "campaign-money", font=xlsx.BODY_FONT, border=xlsx.BORDER, alignment=xlsx.CENTRE, number_format="0.00"
    )
    bold = Font(name=xlsx.BODY_FONT.name, size=xlsx.BODY_FONT.sz, bold=True)
    total_centre = xlsx.named_style(wb, "campaign-total", font=bold, border=xlsx.BORDER, alignment=xlsx.CENTRE)
    total_money = xlsx.named_style(
        wb, "campaign-total-money", font=bold, border=xlsx.BORDER, alignment=xlsx.CENTRE, number_format="0.00"
    )
    row_styles = [table.left, *(money if c.money else table.centre for c in cells), table.centre]
    for row in rollup.rows:
        values = [row.name, *(number_value(row.values.get(c.key), c.money) for c in cells)]
        values.append(STATE_WORDS.get(row.state, row.state))
        table.append(values, row_styles)
    total = [TOTAL, *(number_value(rollup.total.get(c.key), c.money) for c in cells), submitted_summary(rollup)]
    table.append(total, [total_centre, *(total_money if c.money else total_centre for c in cells), total_centre])

    note = _plain_style(wb, "campaign-note", xlsx.LEFT)
    table.append([ROLLUP_NOTE], [note], height=xlsx.row_height([ROLLUP_NOTE], [sum(widths)], table.font_size))
    _merge(ws, table.rows, 1, columns)
    return xlsx.save(wb)


def rollup_widths(cells: list[Cell]) -> dict[str, str]:
    money = sum(1 for c in cells if c.money)
    counts = max(1, len(cells) - money)
    count = (PDF_ROLLUP_WIDTH_CM - PDF_NAME_CM - PDF_STATE_CM - money * PDF_MONEY_CM) / counts
    return {"name": f"{PDF_NAME_CM}", "state": f"{PDF_STATE_CM}", "money": f"{PDF_MONEY_CM}", "count": f"{count:.3f}"}


def rollup_context(rollup: Rollup) -> dict:
    cells = list(rollup.cells)
    return {
        "widths": rollup_widths(cells),
        "rollup": True,
        "title": f"{xlsx.clean(rollup.title)}（汇总）",
        "month": chinese_month(rollup.month),
        "blocks": [{"name": block, "span": span} for block, span in block_spans(cells)],
        "columns": [{"label": header_label(c), "money": c.money} for c in cells],
        "rows": [
            {
                "name": xlsx.clean(row.name),
                "values": [number_text(row.values.get(c.key), c.money) for c in cells],
                "state": STATE_WORDS.get(row.state, row.state),
            }
            for row in rollup.rows
        ],
        "total": [number_text(rollup.total.get(c.key), c.money) for c in cells],
        "summary": submitted_summary(rollup),
        "note": ROLLUP_NOTE,
    }


def rollup_pdf(rollup: Rollup) -> bytes:
    """The roll-up as a PDF: A3 landscape (on A4 ~40 number columns would be under 1 cm, their headers
    unreadable), the two header rows repeated on every page."""
    return _pdf(rollup_context(rollup))


def dispatch_file(user, campaign, month, participant, extension: str) -> tuple[bytes, str]:
    """(content, file name) of attachment 4: one participant's form, or the roll-up without one."""
    from . import services

    if participant is None:
        rollup = services.rollup(user, campaign, month)
        content = rollup_xlsx(rollup) if extension == "xlsx" else rollup_pdf(rollup)
        return content, f"{rollup.title}（汇总）{month:%Y-%m}.{extension}"
    sheet = services.sheet(user, campaign, month, participant)
    content = sheet_xlsx(sheet) if extension == "xlsx" else sheet_pdf(sheet)
    return content, f"{sheet.title}-{participant.name}-{month:%Y-%m}.{extension}"
