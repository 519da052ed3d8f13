"""The list of work records. Every column reads select_related data."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import WorkRecord

TABLE_ATTRS = {"class": "table table-hover table-sm align-middle mb-0 enterprise-table"}


class WorkRecordTable(tables.Table):
    date = tables.DateColumn(verbose_name=_("Date"), format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    title = tables.LinkColumn(
        "worklog:detail",
        args=[tables.A("pk")],
        verbose_name=_("Title"),
        attrs={"a": {"hx-boost": "false", "class": "fw-semibold"}, "td": {"class": "col-name"}},
    )
    kind = tables.Column(verbose_name=_("Kind"))
    unit = tables.Column(verbose_name=_("Unit"), empty_values=(), orderable=False)
    people = tables.Column(verbose_name=_("People"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = WorkRecord
        fields = ("date", "title", "kind", "people")
        sequence = ("date", "title", "kind", "unit", "people")
        attrs = TABLE_ATTRS
        empty_text = _("No work records match.")

    def render_unit(self, record: WorkRecord) -> str:
        return record.unit_name
