"""Excel import of an enterprise list.

Reads the export's own headers (see exports.ENTERPRISE_COLUMNS) and the attachment-2 style table
(序号, 公司/企业名称, 责任单位, 企业主要负责人, 联系电话, …). Every row is either imported or reported
back with its Excel row number, column and reason; one bad row never blocks the good ones.
Re-importing the same file changes nothing: rows are matched on the credit code, or on name + region
for units without one, and saved only when a value differs (so no history rows are added).
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from anjian.core.validators import CONTROL_CHARACTERS_MESSAGE, credit_code_problem, has_control_characters, is_phone
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import can_edit, within
from anjian.org.models import Region, Sector

from . import services
from .exports import (
    ACTIVITY_LABELS,
    BOOLEANS,
    CHOICES,
    ENTERPRISE_HEADERS,
    HEADER_KEYS,
    KEY_HEADERS,
    PERSON_PHONES,
    choice_lookup,
)
from .models import Enterprise

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SCAN_ROWS = 30


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (not an xlsx, corrupt, too large, no header row)."""


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

    @property
    def failed_rows(self) -> int:
        return len({e.row_number for e in self.errors})


def import_enterprises(file_or_path: Any, user=None) -> ImportResult:
    """Import the first sheet of an xlsx file; `user` (when given) limits rows to their jurisdiction."""
    if user is not None and not can_edit(user):
        raise ImportFileError(_("You may not import enterprises: your role cannot change the registry."))
    rows, title, headers = read_rows(file_or_path)
    reader = RowReader(headers, title)
    result = ImportResult()
    for row_number, cells in rows:
        values = reader.read(row_number, cells)
        if values is None:
            continue
        _import_row(values, user, result)
    return result


def _read_bytes(file_or_path: Any) -> bytes:
    if isinstance(file_or_path, str | os.PathLike):
        if os.path.getsize(file_or_path) > MAX_BYTES:
            raise ImportFileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20})
        with open(file_or_path, "rb") as fh:
            return fh.read()
    if hasattr(file_or_path, "seek"):
        file_or_path.seek(0)
    data = file_or_path.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20})
    return data


def _open_sheet(data: bytes):
    not_xlsx = _("This is not an Excel workbook (.xlsx). Open it in Excel or WPS and save it as .xlsx.")
    if not zipfile.is_zipfile(BytesIO(data)):
        raise ImportFileError(not_xlsx)
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
        return workbook, workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        raise ImportFileError(
            _("The workbook cannot be read; it may be damaged. %(detail)s") % {"detail": not_xlsx}
        ) from exc


def read_rows(file_or_path: Any) -> tuple[list[tuple[int, tuple]], str, list[str]]:
    """The data rows (Excel row number, cell values) below the header row, the title above it, the headers."""
    workbook, sheet = _open_sheet(_read_bytes(file_or_path))
    try:
        above: list[str] = []
        headers: list[str] | None = None
        rows: list[tuple[int, tuple]] = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if headers is None:
                if _is_header(cells):
                    headers = ["" if c is None else str(c) for c in cells]
                elif number >= HEADER_SCAN_ROWS:
                    break
                else:
                    above.extend(str(c).strip() for c in cells if c not in (None, ""))
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(_("The file has more than %(max)d rows: split it.") % {"max": MAX_ROWS})
            rows.append((number, cells))
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(_("The workbook cannot be read; it may be damaged.")) from exc
    finally:
        workbook.close()
    if headers is None:
        raise ImportFileError(
            _("No header row found: the first sheet needs a row with the column “%(a)s” or “%(b)s”.")
            % {"a": ENTERPRISE_HEADERS[0], "b": "公司/企业名称"}
        )
    return rows, " ".join(above), headers


def _is_header(cells: tuple) -> bool:
    texts = {"".join(str(c).split()) for c in cells if isinstance(c, str)}
    return "名称" in texts or "公司/企业名称" in texts


def _find_existing(values: RowValues) -> Enterprise | None:
    changes = values.changes
    code = changes.get("credit_code")
    if code:
        found = Enterprise.objects.filter(credit_code=code).first()
        if found is not None:
            return found
    name, region = changes.get("name"), values.region
    if not name or region is None:
        return None
    qs = Enterprise.objects.filter(name=name, credit_code__isnull=True)
    qs = qs.filter(region__path__startswith=region.path) if values.town_only else qs.filter(region=region)
    matches = list(qs[:2])
    return matches[0] if len(matches) == 1 else None


def _differs(enterprise: Enterprise, name: str, value: Any) -> bool:
    if name in {"region", "grid", "sector", "responsible_department", "responsible_town"}:
        return getattr(enterprise, f"{name}_id") != (value.pk if value is not None else None)
    if name == "credit_code":
        return (enterprise.credit_code or None) != (value or None)
    return getattr(enterprise, name) != value


def _changes_for(existing: Enterprise | None, values: RowValues) -> dict[str, Any]:
    changes = dict(values.changes)
    if existing is not None and values.town_only and "region" in changes:
        # The file names only the town: keep the village already on record when it lies in that town.
        if existing.region.path.startswith(changes["region"].path):
            del changes["region"]
    if existing is None:
        return changes
    return {k: v for k, v in changes.items() if _differs(existing, k, v)}


def _check_required(existing: Enterprise | None, values: RowValues) -> list[RowError]:
    errors = []
    if existing is None and "sector" not in values.changes and not values.has_error("sector"):
        errors.append(values.error("sector", _("A new unit needs its sector (所属行业领域).")))
    if existing is None and "region" not in values.changes and not values.has_error("region"):
        errors.append(values.error("region", _("A new unit needs its town (所属乡镇) or village.")))
    errors.extend(values.check_high_risk(existing))
    return errors


class _Refused(Exception):
    """Raised inside a row's transaction to roll it back."""


def _import_row(values: RowValues, user, result: ImportResult) -> None:
    if values.errors:
        result.errors.extend(values.errors)
        return
    existing = _find_existing(values)
    if not _within(user, existing):  # checked before "unchanged": say nothing of others' records
        result.errors.append(values.error("region", _("This unit is outside your jurisdiction; it was not imported.")))
        return
    problems = _check_required(existing, values)
    if problems:
        result.errors.extend(problems)
        return
    changes = _changes_for(existing, values)
    if existing is not None and not changes:
        result.unchanged += 1
        return
    try:
        with transaction.atomic():
            saved = services.save_enterprise(existing or Enterprise(), changes)
            if not _within(user, saved):
                raise _Refused  # rolls back this row only
    except _Refused:
        result.errors.append(values.error("region", _("This unit is outside your jurisdiction; it was not imported.")))
        return
    except ValidationError as exc:
        result.errors.extend(values.validation_errors(exc))
        return
    if existing is None:
        result.created += 1
    else:
        result.updated += 1


def _within(user, enterprise: Enterprise | None) -> bool:
    if user is None or enterprise is None:
        return True
    return within(user, enterprise)


TEXT_KEYS = {"name", "address", "principal", "liaison_leader", "responsible_cadre"}
PHONE_KEYS = set(PERSON_PHONES.values())
# Model field of a validation error → the column it is reported on.
FIELD_KEYS = {
    "__all__": "name",
    "region": "town",
    "responsible_department": "responsible_unit",
    "responsible_town": "responsible_unit",
    "high_risk_activity": "high_risk",
}


def _norm(text: Any) -> str:
    return "".join(str(text or "").split()).replace("(", "（").replace(")", "）").rstrip("：:*")


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


@dataclass
class RowValues:
    """One data row turned into model changes, with the errors found on the way."""

    row_number: int
    headers: dict[str, str]
    changes: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    region: Region | None = None
    town_only: bool = False
    says_high_risk: bool = False

    def column(self, key: str) -> str:
        """The header an error on `key` (an import key or a model field) is reported under."""
        key = FIELD_KEYS.get(key, key)
        if key == "town" and "town" not in self.headers and "village" in self.headers:
            key = "village"
        return self.headers.get(key) or KEY_HEADERS.get(key, "")

    def error(self, key: str, message: str) -> RowError:
        return RowError(self.row_number, self.column(key), str(message))

    def has_error(self, key: str) -> bool:
        return any(e.column == self.column(key) for e in self.errors)

    def validation_errors(self, exc: ValidationError) -> list[RowError]:
        if not hasattr(exc, "error_dict"):
            return [self.error("name", m) for m in exc.messages]
        return [self.error(name, m) for name, messages in exc.message_dict.items() for m in messages]

    def check_high_risk(self, existing: Enterprise | None) -> list[RowError]:
        sector = self.changes.get("sector") or (existing.sector if existing else None)
        if self.says_high_risk and sector is not None and not sector.high_risk:
            message = _(
                "The sector %(sector)s is not high-risk by itself: name the activity (%(choices)s) or write 否."
            )
            return [
                self.error(
                    "high_risk", message % {"sector": sector.name, "choices": "、".join(ACTIVITY_LABELS.values())}
                )
            ]
        return []


class RowReader:
    """Maps columns by header text and turns rows into RowValues; lookups are cached per import."""

    def __init__(self, headers: list[str], title: str) -> None:
        self.columns: list[tuple[int, str]] = []
        self.headers: dict[str, str] = {}
        person = None
        for index, header in enumerate(headers):
            key = HEADER_KEYS.get(_norm(header))
            if key is None and _norm(header) == "联系电话" and person:
                key = PERSON_PHONES[person]
            person = key if key in PERSON_PHONES else person
            if key:
                self.columns.append((index, key))
                self.headers[key] = header.strip()
        self.choices = {key: choice_lookup(key) for key in CHOICES}
        self.default_sector = None
        if "sector" not in self.headers and title:
            self.default_sector = next((s for s in Sector.objects.all() if s.name in title), None)
        self.cache: dict[tuple[str, str], Any] = {}

    def read(self, row_number: int, cells: tuple) -> RowValues | None:
        raw = {key: _cell_text(cells[i]) if i < len(cells) else "" for i, key in self.columns}
        if not any(raw.values()):
            return None
        values = RowValues(row_number, self.headers)
        refused = [key for key, text in raw.items() if has_control_characters(text)]
        if refused:  # e.g. _x0007_ escapes written by other programs: refuse the row, say which cell
            values.errors.extend(values.error(key, str(CONTROL_CHARACTERS_MESSAGE)) for key in refused)
            return values
        if self.default_sector is not None:
            values.changes["sector"] = self.default_sector
        for key, text in raw.items():
            if key not in ("town", "village", "grid"):
                self._read_cell(values, key, text)
        if not values.changes.get("name"):
            values.errors.append(values.error("name", _("The name is missing.")))
        self._read_region(values, raw)
        return values

    def _read_cell(self, values: RowValues, key: str, text: str) -> None:
        changes = values.changes
        try:
            if key in TEXT_KEYS:
                changes[key] = text
            elif key in PHONE_KEYS:
                if text and not is_phone(text):
                    raise ValidationError(
                        _(
                            "“%(value)s” is not a phone number: give an 11-digit mobile number or a landline with its area code."
                        )
                        % {"value": text}
                    )
                changes[key] = text.replace(" ", "")
            elif key == "credit_code":
                code = "".join(text.split()).upper()
                problem = credit_code_problem(code) if code else None
                if problem:
                    raise ValidationError(problem)
                changes[key] = code or None
            elif key == "sector":
                changes[key] = self._cached(key, text, services.resolve_sector)
            elif key == "responsible_unit":
                unit = self._cached(key, text, services.resolve_responsible_unit)
                changes["responsible_department"], changes["responsible_town"] = unit
            else:
                self._read_other(values, key, text)
        except ValidationError as exc:
            values.errors.extend(values.error(key, m) for m in exc.messages)

    def _read_other(self, values: RowValues, key: str, text: str) -> None:
        if key == "above_scale":
            if text.upper() not in BOOLEANS:
                raise ValidationError(_("Write 是 or 否, not “%(value)s”.") % {"value": text})
            values.changes[key] = BOOLEANS[text.upper()]
        elif key == "staff_count":
            if text and not text.isdigit():
                raise ValidationError(_("The staff count must be a whole number, not “%(value)s”.") % {"value": text})
            values.changes[key] = int(text or 0)
        elif key == "high_risk" and text.upper() in BOOLEANS:
            values.says_high_risk = BOOLEANS[text.upper()]
            values.changes["high_risk_activity"] = ""
        else:
            choice = self.choices[key].get(text.upper())
            if choice is None:
                raise ValidationError(_("“%(value)s” is not one of the allowed values.") % {"value": text})
            values.changes["high_risk_activity" if key == "high_risk" else key] = choice

    def _cached(self, kind: str, text: str, resolve) -> Any:
        """Resolve a looked-up value once per import; an unknown value raises the same error every time."""
        if (kind, text) not in self.cache:
            try:
                self.cache[kind, text] = resolve(text)
            except ValidationError as exc:
                self.cache[kind, text] = exc
        found = self.cache[kind, text]
        if isinstance(found, ValidationError):
            raise found
        return found

    def _read_region(self, values: RowValues, raw: dict[str, str]) -> None:
        town_text, village_text = raw.get("town", ""), raw.get("village", "")
        try:
            town = self._cached("town", town_text, _resolve_town) if town_text else None
        except ValidationError as exc:
            values.errors.extend(values.error("town", m) for m in exc.messages)
            return
        try:
            village = (
                self._cached("village", f"{town.pk if town else ''}/{village_text}", _resolve_village)
                if village_text
                else None
            )
        except ValidationError as exc:
            values.errors.extend(values.error("village", m) for m in exc.messages)
            return
        if town is None and village is None and "town" not in raw and "village" not in raw:
            town = values.changes.get("responsible_town")  # attachment 2: the town government's own shops
        values.region = village or town
        values.town_only = village is None
        if values.region is not None:
            values.changes["region"] = values.region
        if "grid" in raw:
            self._read_grid(values, raw["grid"])

    def _read_grid(self, values: RowValues, text: str) -> None:
        if not text:
            values.changes["grid"] = None
        elif values.region is None:
            values.errors.append(values.error("grid", _("A grid needs its town and village.")))
        else:
            grid = Region.objects.filter(
                Q(code=text) | Q(name=text), level=RegionLevel.GRID, path__startswith=values.region.path
            ).first()
            if grid is None:
                values.errors.append(
                    values.error(
                        "grid",
                        _("Unknown grid “%(value)s” in %(region)s.") % {"value": text, "region": values.region.name},
                    )
                )
            else:
                values.changes["grid"] = grid


def _resolve_town(text: str) -> Region:
    return services.resolve_region(text, levels=(RegionLevel.TOWN,))


def _resolve_village(key: str) -> Region:
    town_pk, _sep, text = key.partition("/")
    qs = Region.objects.filter(Q(code=text) | Q(name=text), level=RegionLevel.VILLAGE)
    matches = list((qs.filter(parent_id=town_pk) if town_pk else qs)[:2])
    if len(matches) != 1:
        message = (
            _("Unknown village or community “%(value)s”.")
            if not matches
            else _("“%(value)s” names more than one village: give the town too.")
        )
        raise ValidationError(message % {"value": text})
    return matches[0]
