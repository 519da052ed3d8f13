"""Excel files that people print: text cleaned of what XML cannot hold, rows tall enough for wrapped
Chinese, A4 landscape fitted to the page width with the header row repeated on every page.

Every xlsx writer of Anjian builds its sheets here, streamed (openpyxl write-only), so a province-wide
export never holds its rows in memory. Neither Excel nor LibreOffice grows a row for wrapped text it
did not lay out itself, so each row's height is estimated from its text and the column widths.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from copy import copy
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
BODY_FONT = Font(name="宋体", size=11)
HEADER_FONT = Font(name="宋体", size=11, bold=True)
TITLE_FONT = Font(name="方正小标宋简体", size=18, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

# What XML 1.0 cannot hold (openpyxl raises IllegalCharacterError on the control characters), and
# Word's manual line break (vertical tab) and page break (form feed), which become line breaks.
ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})

# Widths in Excel's unit (the width of '0' in the default font). A Chinese character of 宋体 11 pt is
# 2.1 units in Excel and about 1.7 in LibreOffice: count the wider, and a margin for wrapping at words.
WIDE, NARROW = 2.2, 1.1
CELL_PADDING = 1.0
# Line height per point of font size: LibreOffice draws Chinese with Noto Sans CJK (1.45), Excel 宋体 (1.3).
LINE_FACTOR = 1.5
ROW_PADDING = 6.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit, in points


def clean(value: object) -> object:
    """A value a worksheet can hold: text loses the characters XML 1.0 refuses (already stored rows may have them)."""
    if isinstance(value, str):
        return ILLEGAL.sub("", value.translate(LINE_BREAKS))
    return value


def text_units(text: str) -> float:
    """The printed width of `text` in Excel units; any non-ASCII character is counted as wide."""
    narrow = len(text.encode("ascii", "ignore"))
    return narrow * NARROW + (len(text) - narrow) * WIDE


def line_count(value: object, width: float) -> int:
    """How many lines `value` takes when wrapped in a column `width` units wide."""
    if value is None:
        return 1
    text = str(value)
    capacity = max(1.0, width - CELL_PADDING)
    if "\n" not in text and len(text) * WIDE <= capacity:
        return 1
    return sum(max(1, math.ceil(text_units(part) / capacity)) for part in text.split("\n"))


def row_height(values: Sequence[object], widths: Sequence[float], font_size: float = 11) -> float:
    """The height in points of a row whose wrapped cells must all show every line."""
    lines = max((line_count(v, w) for v, w in zip(values, widths, strict=False)), default=1)
    return min(MAX_ROW_HEIGHT, round(lines * font_size * LINE_FACTOR + ROW_PADDING, 1))


def print_setup(ws, header_row: int | None) -> None:
    """A4 landscape, every column on one page width (as many pages down as needed), the header repeated.

    On a write-only sheet this must run before the first row is written (fitToPage goes in the head).
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def named_style(wb: Workbook, name: str, **attributes) -> str:
    """A named style registered once per workbook: one shared style is much faster than styles per cell."""
    if name not in wb.named_styles:
        wb.add_named_style(NamedStyle(name=name, **attributes))
    return name


def save(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


class TableSheet:
    """One printable table on a write-only sheet: an optional merged title, the header row, bordered rows
    of cleaned text with estimated heights, and footer lines. Rows are written as they come."""

    def __init__(
        self,
        wb: Workbook,
        name: str,
        widths: Sequence[float],
        *,
        title: str = "",
        header: Sequence[str] = (),
        header_fill: PatternFill | None = None,
        body_font: Font = BODY_FONT,
        freeze_column: str = "A",
    ):
        self.wb, self.widths, self.rows = wb, list(widths), 0
        self._styles: dict[str, object] = {}
        self.ws = wb.create_sheet(name)
        self.font_size = float(body_font.sz or 11)
        for index, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        header_row = (2 if title else 1) if header else None
        print_setup(self.ws, header_row)
        if header_row:
            self.ws.freeze_panes = f"{freeze_column}{header_row + 1}"
        size = f"{self.font_size:g}"
        self.centre = named_style(wb, f"anjian-centre-{size}", font=body_font, border=BORDER, alignment=CENTRE)
        self.left = named_style(wb, f"anjian-left-{size}", font=body_font, border=BORDER, alignment=LEFT)
        fill = {"fill": header_fill} if header_fill else {}
        colour = header_fill.fgColor.rgb if header_fill else "none"
        head = named_style(wb, f"anjian-header-{colour}", font=HEADER_FONT, border=BORDER, alignment=CENTRE, **fill)
        if title:
            self.title(title)
        if header:
            self.append(header, [head] * len(header))

    @property
    def last_column(self) -> str:
        return get_column_letter(len(self.widths))

    def title(self, text: str, font: Font = TITLE_FONT) -> None:
        """A title row merged across every column."""
        style = named_style(self.wb, f"anjian-title-{font.sz:g}", font=font, alignment=CENTRE)
        height = row_height([text], [sum(self.widths)], float(font.sz or 18))
        self.append([text], [style], height=height)
        self.ws.merged_cells.add(f"A{self.rows}:{self.last_column}{self.rows}")

    def append(self, values: Sequence[object], styles: Sequence[str | None] = (), height: float | None = None) -> None:
        """One row; `styles` names a style per cell (None or missing: left-aligned body text)."""
        values = [clean(v) for v in values]
        self.rows += 1
        dimension = self.ws.row_dimensions[self.rows]
        dimension.height = height or row_height(values, self.widths, self.font_size)
        cells = []
        for index, value in enumerate(values):
            cell = WriteOnlyCell(self.ws, value=value)
            cell._style = copy(self._style_array((styles[index] if index < len(styles) else None) or self.left))
            cells.append(cell)
        self.ws.append(cells)
        del self.ws.row_dimensions[self.rows]  # already written: a long export keeps no row in memory

    def _style_array(self, name: str):
        """The named style's cell format, looked up once: copying it is much cheaper than `cell.style = name`."""
        if name not in self._styles:
            template = WriteOnlyCell(self.ws)
            template.style = name
            self._styles[name] = template._style
        return self._styles[name]

    def blank(self) -> None:
        self.rows += 1
        self.ws.append([])

    def footer(self, lines: Iterable[str], span: int = 4) -> None:
        """Lines below the table (填报单位, 填报人 …), each merged over the first `span` columns, unbordered."""
        style = named_style(
            self.wb, "anjian-footer", font=BODY_FONT, alignment=Alignment(horizontal="left", vertical="center")
        )
        for line in lines:
            self.append([line], [style], height=self.font_size * LINE_FACTOR + ROW_PADDING)
            self.ws.merged_cells.add(f"A{self.rows}:{get_column_letter(span)}{self.rows}")


def workbook() -> Workbook:
    """A streamed workbook (write-only: rows go to the file as they are appended)."""
    return Workbook(write_only=True)
