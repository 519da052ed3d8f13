"""Loading a list's items from the city's file (xlsx), with a row-by-row report as the enterprise import gives
(registry/importer.py): every row is imported or reported with its Excel row number, column and reason; one bad
row never blocks the good ones; importing the same file again changes nothing. The items' texts come only from
the file — the platform never types them."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from anjian.core.validators import DESCRIPTION_MAX_LENGTH

from . import rules, texts
from .models import ListItem, ResponsibilityList

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 500
HEADER_SCAN_ROWS = 20
NUMBER_HEADERS = ("序号", "编号", "条目序号")
AREA_HEADERS = ("方面", "类别", "所属方面", "领域")
TEXT_HEADERS = ("内容", "责任内容", "清单内容", "责任清单", "任务内容", "条目", "重点任务")


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not an xlsx, damaged, too large, no header row)."""


@dataclass
class RowError:
    row_number: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d, column “%(column)s”: %(message)s") % {
            "row": self.row_number,
            "column": self.column or "—",
            "message": self.message,
        }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    items: int = 0  # the list's items after the import


def _cells(data: bytes) -> list[tuple]:
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20})
    not_xlsx = _("This is not an Excel workbook (.xlsx). Open it in Excel or WPS and save it as .xlsx.")
    if not zipfile.is_zipfile(BytesIO(data)):
        raise ImportFileError(not_xlsx)
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
        try:
            return list(book.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + HEADER_SCAN_ROWS + 1))
        finally:
            book.close()
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        raise ImportFileError(
            _("The workbook cannot be read; it may be damaged. %(detail)s") % {"detail": not_xlsx}
        ) from exc


def _header(rows: list[tuple]) -> tuple[int, dict[str, int]]:
    """The header row's index and the columns of number, area and text."""
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        names = ["".join(str(c).split()) if c is not None else "" for c in cells]
        found = {}
        for key, options in (("number", NUMBER_HEADERS), ("area", AREA_HEADERS), ("text", TEXT_HEADERS)):
            at = next((i for i, n in enumerate(names) if n in options), None)
            if at is not None:
                found[key] = at
        if "number" in found and "text" in found:
            return index, found
    raise ImportFileError(
        _("No header row found: the first sheet needs a row with the columns “%(a)s” and “%(b)s” (and “%(c)s”).")
        % {"a": NUMBER_HEADERS[0], "b": TEXT_HEADERS[0], "c": AREA_HEADERS[0]}
    )


def _number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 1 <= value <= MAX_ROWS else None


def read_items(data: bytes) -> tuple[list[tuple[int, int, str, str]], list[RowError]]:
    """(row number, item number, area, text) of every good row, and the report of the others."""
    rows = _cells(data)
    at, columns = _header(rows)
    good, errors, seen = [], [], set()
    for row_number, cells in enumerate(rows[at + 1 :], start=at + 2):

        def cell(key: str, cells=cells):
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        if all(c in (None, "") for c in cells):
            continue
        number = _number(cell("number"))
        found: dict = {}
        body = texts.text(None if cell("text") is None else str(cell("text")), "text", DESCRIPTION_MAX_LENGTH, found)
        area = texts.text(None if cell("area") is None else str(cell("area")), "area", 60, found)
        if number is None:
            errors.append(
                RowError(row_number, NUMBER_HEADERS[0], _("Give the item's number (1 to %(max)d).") % {"max": MAX_ROWS})
            )
        elif number in seen:
            errors.append(RowError(row_number, NUMBER_HEADERS[0], _("Number %(n)d appears twice.") % {"n": number}))
        elif found:
            for name, messages in found.items():
                column = TEXT_HEADERS[0] if name == "text" else AREA_HEADERS[0]
                errors.append(RowError(row_number, column, " ".join(messages)))
        elif not body:
            errors.append(RowError(row_number, TEXT_HEADERS[0], _("The item has no text.")))
        else:
            seen.add(number)
            good.append((row_number, number, area, body))
    return good, errors


@transaction.atomic
def import_items(user, responsibility_list: ResponsibilityList, data: bytes, sample: bool = False) -> ImportResult:
    """Load the items of the file into the list (matched on their number). Items loaded as a sample are replaced
    whole by the first real file; `sample` marks the file itself a sample (the demo's)."""
    rules.check_office(user)
    good, errors = read_items(data)
    result = ImportResult(errors=errors)
    locked = ResponsibilityList.objects.select_for_update().get(pk=responsibility_list.pk)
    if locked.items_sample != sample:
        locked.items.all().delete()
        locked.items_sample = sample
        locked._history_user = user  # type: ignore[attr-defined]
        locked.save(update_fields=["items_sample"])
    existing = {i.number: i for i in locked.items.all()}
    for _row, number, area, body in good:
        item = existing.get(number)
        if item is not None and (item.area, item.text) == (area, body):
            result.unchanged += 1
            continue
        item = item or ListItem(list=locked, number=number)
        result.created += item.pk is None
        result.updated += item.pk is not None
        item.area, item.text = area, body
        item._history_user = user  # type: ignore[attr-defined]
        item.save()
    result.items = locked.items.count()
    responsibility_list.items_sample = locked.items_sample
    return result
