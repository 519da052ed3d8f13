"""Excel import of questions, with the conventions of people/importer.py: every row is imported or reported back
with its row number, column and reason; one bad row never blocks the good ones. A row is refused for a type that
is not 单选题/多选题/判断题, missing options, an answer not among the options (or one right option for a multiple
choice), a sector or topic not in the lists, or a question already in the bank (importing the same file again
adds nothing and says so row by row). Rows go through bank.add_question, so the import refuses what the form
refuses.

The sheet 题库 (the template's): 题型, 题目, 选项A … 选项F, 答案, 行业领域, 主题, 依据, 解析."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from anjian.core.validators import CONTROL_CHARACTERS_MESSAGE, has_control_characters
from anjian.org.models import Region, Sector

from . import access, bank, words

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
HEADER_SCAN_ROWS = 10
SHEET = "题库"
OPTION_HEADERS = [f"选项{c}" for c in "ABCDEF"]
COLUMNS = {"题型": "kind", "题目": "text", **{h: h for h in OPTION_HEADERS}, "答案": "answer",
           "行业领域": "sector", "主题": "topic", "依据": "basis", "解析": "explanation"}  # fmt: skip
HEADERS = {key: header for header, key in COLUMNS.items()} | {"options": "选项A–F"}
KINDS = words.lookup(words.KIND, words.KIND_ALIASES)
TOPICS = words.lookup(words.TOPIC)


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (not an xlsx, damaged, too large, no sheet or header)."""


@dataclass
class RowError:
    row_number: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d, column “%(column)s”: %(message)s") % {
            "row": self.row_number, "column": self.column or "—", "message": self.message,
        }  # fmt: skip


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def failed_rows(self) -> int:
        return len({e.row_number for e in self.errors})


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date | int | float):
        value = str(value)
    return value.strip() if isinstance(value, str) else value


def _rows(data: bytes) -> tuple[list[str], list[tuple[int, tuple]]]:
    if not zipfile.is_zipfile(BytesIO(data)):
        raise ImportFileError(_("This is not an Excel workbook (.xlsx). Open it in Excel or WPS and save it as .xlsx."))
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        raise ImportFileError(_("The workbook cannot be read; it may be damaged.")) from exc
    try:
        sheets = [s for s in book.worksheets if s.title.strip() == SHEET] or book.worksheets[:1]
        headers, rows = None, []
        for number, cells in enumerate(sheets[0].iter_rows(values_only=True), start=1):
            if headers is None:
                texts = ["".join(str(c or "").split()) for c in cells]
                if "题目" in texts and "答案" in texts:
                    headers = texts
                elif number >= HEADER_SCAN_ROWS:
                    break
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(_("The file has more than %(max)d rows: split it.") % {"max": MAX_ROWS})
            if any(c not in (None, "") for c in cells):
                rows.append((number, tuple(_cell(c) for c in cells)))
    finally:
        book.close()
    if headers is None:
        raise ImportFileError(_("No header row with the columns 题目 and 答案: download the template and fill it in."))
    return headers, rows


def import_questions(file, user, region: Region | None = None) -> ImportResult:
    """Import the sheet 题库 of an xlsx file into the user's bank (or the one named)."""
    access.check_organise(user)
    region = bank.bank_region(user, region)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20})
    headers, rows = _rows(data)
    columns = {i: COLUMNS[h] for i, h in enumerate(headers) if h in COLUMNS}
    sectors = {s.name: s for s in Sector.objects.all()} | {s.code: s for s in Sector.objects.all()}
    result = ImportResult()
    for number, cells in rows:
        values = {key: cells[i] if i < len(cells) else None for i, key in columns.items()}
        problems = _row(user, region, values, sectors)
        if problems:
            result.errors.extend(RowError(number, HEADERS.get(k, k), m) for k, m in problems)
        else:
            result.created += 1
    return result


def _row(user, region: Region, values: dict, sectors: dict) -> list[tuple[str, str]]:
    """The row's problems as (key, message); none when the question was added."""
    refused = [k for k, v in values.items() if has_control_characters(v)]
    if refused:
        return [(k, str(CONTROL_CHARACTERS_MESSAGE)) for k in refused]
    problems = []
    kind_text = str(values.get("kind") or "")
    if kind_text not in KINDS:
        problems.append(("kind", _("“%(value)s” is not a question type: write 单选题, 多选题 or 判断题.")
                         % {"value": kind_text[:20]}))  # fmt: skip
    sector_text = str(values.get("sector") or "")
    if sector_text and sector_text != words.EVERY_SECTOR and sector_text not in sectors:
        problems.append(("sector", _("“%(value)s” is not a sector (see the template).") % {"value": sector_text[:30]}))
    topic_text = str(values.get("topic") or "")
    if topic_text and topic_text not in TOPICS:
        problems.append(("topic", _("“%(value)s” is not a topic (see the template).") % {"value": topic_text[:30]}))
    if problems:
        return problems
    question = {
        "kind": KINDS[kind_text], "text": values.get("text") or "", "answer": values.get("answer") or "",
        "options": [values.get(h) for h in OPTION_HEADERS], "sector": sectors.get(sector_text),
        "topic": TOPICS.get(topic_text, ""), "basis": values.get("basis") or "",
        "explanation": values.get("explanation") or "",
    }  # fmt: skip
    try:
        bank.add_question(user, region, **question)
    except ValidationError as exc:
        return [(name, m) for name, messages in exc.message_dict.items() for m in messages]
    return []
