"""The lists of visits, enforcement actions and documents. Every column reads select_related data."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .choices import VisitState
from .models import EnforcementAction, EnforcementDocument, Inspection

TABLE_ATTRS = {"class": "table table-hover table-sm align-middle mb-0 enterprise-table"}


class InspectionTable(tables.Table):
    visit_date = tables.DateColumn(verbose_name=_("Date"), format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    unit = tables.LinkColumn(
        "inspections:detail",
        args=[tables.A("pk")],
        verbose_name=_("Unit visited"),
        accessor="unit__name",
        order_by=("unit__name",),
        attrs={"a": {"hx-boost": "false", "class": "fw-semibold"}, "td": {"class": "col-name"}},
    )
    kind = tables.Column(verbose_name=_("Kind"))
    sector = tables.Column(verbose_name=_("Sector"), accessor="sector__name", order_by=("sector__order",))
    by = tables.Column(verbose_name=_("By"), empty_values=(), orderable=False)
    state = tables.Column(verbose_name=_("State"), attrs={"td": {"class": "text-nowrap"}})

    class Meta:
        model = Inspection
        fields = ("visit_date", "unit", "kind", "sector", "state")
        sequence = ("visit_date", "unit", "kind", "sector", "by", "state")
        attrs = TABLE_ATTRS
        empty_text = _("No visits match.")

    def render_by(self, record: Inspection) -> str:
        if record.department_id:
            return record.department.short_name or record.department.name
        return record.town.name if record.town_id else "—"

    def render_state(self, record: Inspection, value: str):
        css = "text-bg-success" if record.state == VisitState.SIGNED else "text-bg-secondary"
        return format_html('<span class="badge {}">{}</span>', css, value)


class ActionTable(tables.Table):
    decided_on = tables.DateColumn(verbose_name=_("Date"), format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    kind = tables.Column(verbose_name=_("Kind"))
    unit = tables.Column(verbose_name=_("Unit"), accessor="unit__name", attrs={"td": {"class": "col-name"}})
    amount = tables.Column(verbose_name=_("Fines (10,000 yuan)"), empty_values=(), orderable=False)
    typical = tables.BooleanColumn(verbose_name=_("Typical case"), yesno="★,")
    visit = tables.Column(verbose_name=_("Visit"), empty_values=(), orderable=False)

    class Meta:
        model = EnforcementAction
        fields = ("decided_on", "kind", "unit", "typical")
        sequence = ("decided_on", "kind", "unit", "amount", "typical", "visit")
        attrs = TABLE_ATTRS
        empty_text = _("No enforcement actions match.")

    def render_amount(self, record: EnforcementAction) -> str:
        parts = [a for a in (record.unit_amount_wan, record.principal_amount_wan) if a is not None]
        return " + ".join(str(a) for a in parts) if parts else "—"

    def render_visit(self, record: EnforcementAction):
        if not record.inspection_id:
            return "—"
        from django.urls import reverse

        url = reverse("inspections:detail", args=[record.inspection_id])
        return format_html('<a href="{}" hx-boost="false">{}</a>', url, _("Visit"))


class DocumentTable(tables.Table):
    number = tables.Column(verbose_name=_("Document number"), attrs={"td": {"class": "text-nowrap fw-semibold"}})
    kind = tables.Column(verbose_name=_("Kind"))
    unit = tables.Column(verbose_name=_("Unit"), accessor="unit__name", attrs={"td": {"class": "col-name"}})
    department = tables.Column(verbose_name=_("Department"), accessor="department__name")
    issued_on = tables.DateColumn(verbose_name=_("Issued on"), format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})

    class Meta:
        model = EnforcementDocument
        fields = ("number", "kind", "unit", "department", "issued_on")
        attrs = TABLE_ATTRS
        empty_text = _("No documents match.")

    def render_number(self, record: EnforcementDocument, value: str):
        from django.urls import reverse

        url = reverse("inspections:document_pdf", args=[record.pk])
        return format_html('<a href="{}" hx-boost="false" target="_blank" rel="noopener">{}</a>', url, value)
