"""The audit trail of a record as rows a person can read: when, who, what, and each field before → after.

django-simple-history writes a historical row on every create, update and delete; this module only
reads them. Related records are looked up in one query per related model, whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "+": pgettext_lazy("history action", "created"),
    "~": pgettext_lazy("history action", "changed"),
    "-": pgettext_lazy("history action", "deleted"),
}
EMPTY = "—"


@dataclass
class FieldChange:
    name: str
    label: str
    before: str
    after: str


@dataclass
class HistoryRow:
    when: datetime
    who: str
    action: str
    action_code: str
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)


def history_rows(obj: Model, limit: int = 50) -> list[HistoryRow]:
    """The newest `limit` changes of `obj`, newest first."""
    manager = getattr(obj, "history", None)
    if manager is None:
        return []
    records = list(manager.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    pairs = [(r, records[i + 1] if i + 1 < len(records) else None) for i, r in enumerate(records[:limit])]
    raw = [(record, _raw_changes(record, previous)) for record, previous in pairs]
    labels = _Labels(type(obj))
    for _record, changes in raw:
        for name, before, after in changes:
            labels.want(name, before)
            labels.want(name, after)
    labels.fetch()
    return [
        HistoryRow(
            when=record.history_date,
            who=_who(record),
            action=str(ACTIONS.get(record.history_type, record.history_type)),
            action_code=record.history_type,
            reason=record.history_change_reason or "",
            changes=[
                FieldChange(name, labels.verbose(name), labels.show(name, before), labels.show(name, after))
                for name, before, after in changes
            ],
        )
        for record, changes in raw
    ]


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return str(_("system"))
    return str(user)


def _raw_changes(record, previous) -> list[tuple[str, Any, Any]]:
    """(field name, before, after); a creation lists the values it was created with."""
    if previous is not None and record.history_type != "+":
        delta = record.diff_against(previous)
        changes = [(c.field, c.old, c.new) for c in delta.changes]
    elif record.history_type == "+":
        names = [f.name for f in record.tracked_fields if f.editable and not f.primary_key]
        changes = [(n, None, getattr(record, _attname(record, n))) for n in names]
        changes = [c for c in changes if c[2] not in (None, "", False)]
    else:
        changes = []
    order = {f.name: i for i, f in enumerate(record.instance_type._meta.get_fields())}
    return sorted(changes, key=lambda c: order.get(c[0], 999))


def _attname(record, name: str) -> str:
    f = record.instance_type._meta.get_field(name)
    return f.attname if getattr(f, "many_to_one", False) else name


class _Labels:
    """Turns raw values (ids, choice keys, booleans) into what a person reads."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.wanted: dict[type[Model], set[Any]] = defaultdict(set)
        self.found: dict[type[Model], dict[Any, str]] = {}

    def _field(self, name: str):
        try:
            return self.model._meta.get_field(name)
        except Exception:  # a field removed since the change was recorded
            return None

    def verbose(self, name: str) -> str:
        f = self._field(name)
        return str(getattr(f, "verbose_name", name))

    def _ids(self, name: str, value: Any) -> list[Any]:
        f = self._field(name)
        if f is None or not f.is_relation or value in (None, ""):
            return []
        if f.many_to_many:
            key = f.m2m_reverse_field_name()
            return [row.get(key) for row in value if isinstance(row, dict)]
        return [value]

    def want(self, name: str, value: Any) -> None:
        f = self._field(name)
        for pk in self._ids(name, value):
            self.wanted[f.related_model].add(pk)

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            self.found[model] = {o.pk: str(o) for o in model._default_manager.filter(pk__in=pks)}

    def show(self, name: str, value: Any) -> str:
        f = self._field(name)
        if value is None or value == "" or value == []:
            return EMPTY
        if f is not None and f.is_relation:
            names = self.found.get(f.related_model, {})
            return "、".join(names.get(pk, f"#{pk}") for pk in self._ids(name, value)) or EMPTY
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        if f is not None and getattr(f, "flatchoices", None):
            return str(dict(f.flatchoices).get(value, value))
        return str(value)
