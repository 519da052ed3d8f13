"""Excel import of people, training records and certificates, with the conventions of registry/importer.py: every
row is imported or reported back with its sheet, row number, column and reason; one bad row never blocks the good
ones; importing the same file again changes nothing (people are matched on unit + ID number, training on person +
kind + course + date, certificates on person + kind + operation + number + issue date, and saved only when a value
differs). Rows go through the services, so the import refuses what the pages and the API refuse.

The sheets (any of them, by name; the template has all three and a sheet of the allowed words): 人员, 培训记录, 证书.
A row names its unit by 统一社会信用代码 or 单位名称; a unit's own user may leave both empty.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from anjian.core import dates
from anjian.core.validators import CONTROL_CHARACTERS_MESSAGE, has_control_characters
from anjian.org.choices import Role
from anjian.org.jurisdiction import assignments, restrict
from anjian.registry.models import Enterprise

from . import certificates, cleaning, services, words
from .models import Certificate, Person, TrainingRecord
from .validators import normalize_id_number

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SCAN_ROWS = 10
UNIT = {"统一社会信用代码": "credit_code", "单位名称": "unit"}
SHEETS: dict[str, dict[str, str]] = {
    "人员": UNIT | {"姓名": "name", "身份证号": "id_number", "岗位": "post", "人员类别": "categories",
                   "特种作业类别": "operation_type", "任职日期": "appointed_on", "上岗日期": "started_on",
                   "离岗日期": "left_on"},
    "培训记录": UNIT | {"身份证号": "id_number", "姓名": "name", "培训类型": "kind", "培训课程": "course",
                     "学时": "hours", "培训日期": "date", "培训机构": "provider", "考核结果": "result"},
    "证书": UNIT | {"身份证号": "id_number", "姓名": "name", "证书类型": "kind", "作业类别": "operation_type",
                   "证书编号": "number", "发证机关": "issuer", "外地取证": "issued_elsewhere",
                   "发证日期": "issued_on", "有效期至": "expires_on", "复审日期": "reviewed_on"},
}  # fmt: skip
DATES = {"appointed_on", "started_on", "left_on", "date", "issued_on", "expires_on", "reviewed_on"}
CHOICES = {
    "人员": {"operation_type": words.lookup(words.OPERATION, words.OPERATION_ALIASES)},
    "培训记录": {"kind": words.lookup(words.TRAINING_KIND), "result": words.lookup(words.RESULT)},
    "证书": {"kind": words.lookup(words.CERTIFICATE_KIND), "operation_type": words.lookup(words.OPERATION, words.OPERATION_ALIASES)},
}  # fmt: skip
CATEGORIES = words.lookup(words.CATEGORY)
BOOLEANS = {"是": True, "否": False, "": False, "Y": True, "N": False, "TRUE": True, "FALSE": False}


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (not an xlsx, damaged, too large, no known sheet)."""


@dataclass
class RowError:
    sheet: str
    row_number: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Sheet “%(sheet)s”, row %(row)d, column “%(column)s”: %(message)s") % {
            "sheet": self.sheet, "row": self.row_number, "column": self.column or "—", "message": self.message,
        }  # fmt: skip


@dataclass
class SheetResult:
    sheet: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0


@dataclass
class ImportResult:
    sheets: list[SheetResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def failed_rows(self) -> int:
        return sum(s.failed for s in self.sheets)


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.strip() if isinstance(value, str) else value


def _sheets(data: bytes) -> dict[str, tuple[list[str], list[tuple[int, tuple]]]]:
    """{sheet name: (headers, [(row number, cells)])} of the known sheets."""
    if not zipfile.is_zipfile(BytesIO(data)):
        raise ImportFileError(_("This is not an Excel workbook (.xlsx). Open it in Excel or WPS and save it as .xlsx."))
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        raise ImportFileError(_("The workbook cannot be read; it may be damaged.")) from exc
    found: dict = {}
    try:
        for sheet in book.worksheets:
            if sheet.title.strip() in SHEETS:
                found[sheet.title.strip()] = _read(sheet)
    finally:
        book.close()
    if not found:
        raise ImportFileError(_("No sheet named 人员, 培训记录 or 证书: download the template and fill it in."))
    return found


def _read(sheet) -> tuple[list[str], list[tuple[int, tuple]]]:
    headers: list[str] | None = None
    rows: list[tuple[int, tuple]] = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        if headers is None:
            texts = ["".join(str(c or "").split()) for c in cells]
            if "身份证号" in texts:
                headers = texts
            elif number >= HEADER_SCAN_ROWS:
                break
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)d rows: split it.") % {"max": MAX_ROWS})
        if any(c not in (None, "") for c in cells):
            rows.append((number, tuple(_cell(c) for c in cells)))
    if headers is None:
        raise ImportFileError(
            _("Sheet “%(sheet)s” has no header row with the column 身份证号.") % {"sheet": sheet.title}
        )
    return headers, rows


def import_people(file, user) -> ImportResult:
    """Import the known sheets of an xlsx file (people first, then training, then certificates) for `user`."""
    cleaning.check_write(user)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20})
    found = _sheets(data)
    result = ImportResult()
    importer = _Importer(user, result)
    for name in SHEETS:
        if name in found:
            importer.sheet(name, *found[name])
    return result


class _Importer:
    def __init__(self, user, result: ImportResult) -> None:
        self.user, self.result = user, result
        self.units: dict[tuple[str, str], Enterprise | str] = {}
        own = [a.enterprise for a in assignments(user) if a.role == Role.ENTERPRISE and a.enterprise_id]
        self.own = own[0] if len(own) == 1 and not user.is_superuser else None

    def sheet(self, name: str, headers: list[str], rows: list[tuple[int, tuple]]) -> None:
        columns = {i: SHEETS[name][h] for i, h in enumerate(headers) if h in SHEETS[name]}
        self.headers = {key: header for header, key in SHEETS[name].items()}
        counts = SheetResult(name)
        self.result.sheets.append(counts)
        for number, cells in rows:
            values = {key: cells[i] if i < len(cells) else None for i, key in columns.items()}
            errors = self._row(name, values)
            if isinstance(errors, str):
                setattr(counts, errors, getattr(counts, errors) + 1)
                continue
            counts.failed += 1
            self.result.errors.extend(RowError(name, number, self.headers.get(k, k), m) for k, m in errors)

    def _row(self, name: str, values: dict) -> str | list[tuple[str, str]]:
        """The outcome ("created", "updated", "unchanged") or the row's errors as (key, message)."""
        refused = [k for k, v in values.items() if has_control_characters(v)]
        if refused:
            return [(k, str(CONTROL_CHARACTERS_MESSAGE)) for k in refused]
        code = values.pop("credit_code", None)
        unit = self._unit(code, values.pop("unit", None))
        if isinstance(unit, str):
            return [("credit_code" if code else "unit", unit)]
        try:
            values = self._values(name, values)
            return {"人员": self._person, "培训记录": self._training, "证书": self._certificate}[name](unit, values)
        except ValidationError as exc:
            return _messages(exc)
        except PermissionDenied as exc:
            return [("unit", str(exc))]

    def _unit(self, code: Any, name: Any) -> Enterprise | str:
        code, name = str(code or "").strip().upper(), str(name or "").strip()
        if not code and not name:
            return self.own or _("Name the unit (统一社会信用代码 or 单位名称).")
        if (code, name) not in self.units:
            visible = restrict(self.user, Enterprise.objects.all())
            found = list((visible.filter(credit_code=code) if code else visible.filter(name=name))[:2])
            if len(found) == 1:
                self.units[code, name] = found[0]
            else:
                self.units[code, name] = (
                    _("No unit “%(unit)s” within your jurisdiction.") % {"unit": code or name}
                    if not found else _("More than one unit is called “%(unit)s”: give its credit code.") % {"unit": name}
                )  # fmt: skip
        return self.units[code, name]

    def _values(self, sheet: str, values: dict) -> dict:
        errors = {}
        for key, lookup in CHOICES[sheet].items():
            text = str(values.get(key) or "")
            if text and text not in lookup:
                errors[key] = [_("“%(value)s” is not one of the allowed words (see the template).") % {"value": text}]
            values[key] = lookup.get(text, "")
        if "categories" in values:
            parts = [p for p in str(values["categories"] or "").replace(",", "、").replace("，", "、").split("、") if p]
            unknown = [p for p in parts if p.strip() not in CATEGORIES]
            if unknown:
                errors["categories"] = [_("Unknown categories: %(names)s.") % {"names": "、".join(unknown)}]
            values["categories"] = [CATEGORIES[p.strip()] for p in parts if p.strip() in CATEGORIES]
        if "issued_elsewhere" in values:
            text = str(values["issued_elsewhere"] or "").upper()
            if text not in BOOLEANS:
                errors["issued_elsewhere"] = [_("Write 是 or 否, not “%(value)s”.") % {"value": text}]
            values["issued_elsewhere"] = BOOLEANS.get(text, False)
        for key in DATES & set(values):
            text = values[key]
            if isinstance(text, str):
                text = _padded(text.replace("/", "-").replace(".", "-")) if text else None
            try:
                values[key] = dates.parse(text, key) if text not in (None, "") else None
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
        return {k: ("" if v is None and k not in DATES else v) for k, v in values.items()}

    def _person_at(self, unit: Enterprise, values: dict) -> Person:
        number = normalize_id_number(values.pop("id_number", ""))
        values.pop("name", None)
        person = Person.objects.filter(enterprise=unit, id_number=number).first()
        if person is not None:
            return person
        elsewhere = restrict(self.user, Person.objects.filter(id_number=number)).select_related("enterprise").first()
        if elsewhere is not None:
            message = _("This ID number belongs to %(name)s of %(unit)s, not to a person of this unit.") % {
                "name": elsewhere.name, "unit": elsewhere.enterprise.name,
            }  # fmt: skip
        else:
            message = _("No person with this ID number at this unit: register the person (sheet 人员) first.")
        raise ValidationError({"id_number": [message]})

    def _person(self, unit: Enterprise, values: dict) -> str:
        values["id_number"] = normalize_id_number(values.get("id_number"))
        values["post"] = str(values.get("post") or "")
        person = Person.objects.filter(enterprise=unit, id_number=values["id_number"]).first()
        if person is None:
            services.add_person(self.user, enterprise=unit, **values)
            return "created"
        current = services.person_values(person)
        changes = {k: v for k, v in values.items() if _differs(current.get(k), v)}
        if not changes:
            return "unchanged"
        services.change_person(self.user, person, changes)
        return "updated"

    def _training(self, unit: Enterprise, values: dict) -> str:
        person = self._person_at(unit, values)
        same = TrainingRecord.objects.filter(person=person, kind=values.get("kind"), course=values.get("course"))
        existing = same.filter(date=values.get("date")).first() if isinstance(values.get("date"), dt.date) else None
        if existing is None:
            services.add_training(self.user, person=person, **values)
            return "created"
        changes = {k: v for k, v in values.items() if _differs(getattr(existing, k), v)}
        if not changes:
            return "unchanged"
        services.change_training(self.user, existing, changes)
        return "updated"

    def _certificate(self, unit: Enterprise, values: dict) -> str:
        person = self._person_at(unit, values)
        existing = Certificate.objects.filter(
            person=person, kind=values.get("kind"), operation_type=values.get("operation_type"),
            number=str(values.get("number") or ""), issued_on=values.get("issued_on") or None,
        ).first() if isinstance(values.get("issued_on"), dt.date) else None  # fmt: skip
        if existing is None:
            certificates.add_certificate(self.user, person=person, **values)
            return "created"
        changes = {k: v for k, v in values.items() if v not in (None, "") and _differs(getattr(existing, k), v)}
        if not changes:
            return "unchanged"
        certificates.change_certificate(self.user, existing, changes)
        return "updated"


def _padded(text: str) -> str:
    """2024-1-5 as 2024-01-05 (people type dates without zeros)."""
    parts = text.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[0]}-{int(parts[1]):02d}-{int(parts[2]):02d}"
    return text


def _differs(current: Any, value: Any) -> bool:
    if isinstance(value, list) or isinstance(current, list):
        return sorted(current or []) != sorted(value or [])
    if isinstance(value, dt.date) or isinstance(current, dt.date):
        return str(current or "") != str(value or "")
    if hasattr(current, "normalize") and not isinstance(value, str | bool):
        return current != value
    return str(current if current is not None else "") != str(value if value is not None else "")


def _messages(exc: ValidationError) -> list[tuple[str, str]]:
    if not hasattr(exc, "error_dict"):
        return [("", m) for m in exc.messages]
    return [(name, m) for name, messages in exc.message_dict.items() for m in messages]
