"""The duties' lists as tables. Every column reads select_related data (the views select it)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from anjian.core import dates

from .choices import OccurrenceStatus
from .models import DutyOccurrence, DutyReport, ListDelivery, OutsourcingContract

TABLE_ATTRS = {"class": "table table-hover table-sm align-middle mb-0 enterprise-table"}
STATUS_BADGES = {OccurrenceStatus.DONE: "success", OccurrenceStatus.DUE: "warning", OccurrenceStatus.OVERDUE: "danger"}


def _unit(record) -> str:
    return format_html(
        '<a href="{}">{}</a>', reverse("duties:calendar_of", args=[record.enterprise_id]), record.enterprise.name
    )


class OccurrenceTable(tables.Table):
    enterprise = tables.Column(
        verbose_name=_("Unit"), order_by=("enterprise__name",), attrs={"td": {"class": "col-name"}}
    )
    region = tables.Column(verbose_name=_("Region"), accessor="enterprise__region__name", orderable=False)
    item = tables.Column(verbose_name=_("Duty"), order_by=("item__order",))
    period = tables.Column(verbose_name=_("Period"), empty_values=(), order_by=("period_start",))
    due_on = tables.DateColumn(verbose_name=_("Due on"), format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    status = tables.Column(verbose_name=_("Status"), empty_values=(), orderable=False)
    done_on = tables.Column(verbose_name=_("Done on"), attrs={"td": {"class": "text-nowrap"}})

    class Meta:
        model = DutyOccurrence
        fields = ("enterprise", "region", "item", "period", "due_on", "status", "done_on")
        attrs = TABLE_ATTRS
        empty_text = _("No duties match.")

    def render_enterprise(self, record) -> str:
        return _unit(record)

    def render_item(self, record) -> str:
        return format_html('<a href="{}">{}</a>', reverse("duties:occurrence", args=[record.pk]), record.item.name)

    def render_period(self, record) -> str:
        return record.period_label

    def render_status(self, record) -> str:
        status = record.status_on(dates.today())
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', STATUS_BADGES[status], OccurrenceStatus(status).label
        )

    def render_done_on(self, value) -> str:
        return value.isoformat()


class ReportTable(tables.Table):
    enterprise = tables.Column(
        verbose_name=_("Unit"), order_by=("enterprise__name",), attrs={"td": {"class": "col-name"}}
    )
    period = tables.Column(verbose_name=_("Period"), empty_values=(), order_by=("period_start",))
    template = tables.Column(verbose_name=_("Template"), orderable=False)
    state = tables.Column(verbose_name=_("State"))
    created_at = tables.DateColumn(verbose_name=_("Written"), format="Y-m-d")

    class Meta:
        model = DutyReport
        fields = ("enterprise", "period", "template", "state", "created_at")
        attrs = TABLE_ATTRS
        empty_text = _("No duty reports match.")

    def render_enterprise(self, record) -> str:
        return _unit(record)

    def render_period(self, record) -> str:
        return format_html('<a href="{}">{}</a>', reverse("duties:report", args=[record.pk]), record.period_label)


class DeliveryTable(tables.Table):
    enterprise = tables.Column(
        verbose_name=_("Unit"), order_by=("enterprise__name",), attrs={"td": {"class": "col-name"}}
    )
    region = tables.Column(verbose_name=_("Region"), accessor="enterprise__region__name", orderable=False)
    delivered_on = tables.DateColumn(verbose_name=_("Delivered on"), format="Y-m-d")
    method = tables.Column(verbose_name=_("How"))
    deliverer_name = tables.Column(verbose_name=_("Delivered by"))
    acknowledged_on = tables.DateColumn(verbose_name=_("Acknowledged on"), format="Y-m-d")
    acknowledged_by_name = tables.Column(verbose_name=_("Signed for by"))

    class Meta:
        model = ListDelivery
        fields = ("enterprise", "region", "delivered_on", "method", "deliverer_name", "acknowledged_on",
                  "acknowledged_by_name")  # fmt: skip
        attrs = TABLE_ATTRS
        empty_text = _("No deliveries match.")

    def render_enterprise(self, record) -> str:
        return _unit(record)


class ContractTable(tables.Table):
    enterprise = tables.Column(
        verbose_name=_("Unit"), order_by=("enterprise__name",), attrs={"td": {"class": "col-name"}}
    )
    counterparty = tables.Column(verbose_name=_("Contractor or lessee"))
    kind = tables.Column(verbose_name=_("Kind"))
    subject = tables.Column(verbose_name=_("Project, site or equipment"))
    starts_on = tables.DateColumn(verbose_name=_("From"), format="Y-m-d")
    ends_on = tables.DateColumn(verbose_name=_("Until"), format="Y-m-d")
    disorderly = tables.Column(verbose_name=_("Management"))

    class Meta:
        model = OutsourcingContract
        fields = ("enterprise", "counterparty", "kind", "subject", "starts_on", "ends_on", "disorderly")
        attrs = TABLE_ATTRS
        empty_text = _("No contracts match.")

    def render_enterprise(self, record) -> str:
        return _unit(record)

    def render_counterparty(self, record) -> str:
        return format_html('<a href="{}">{}</a>', reverse("duties:contract", args=[record.pk]), record.counterparty)

    def render_disorderly(self, record) -> str:
        if record.disorderly:
            return format_html(
                '<span class="badge text-bg-danger" title="{}">{}</span>',
                "；".join(record.reason_labels()),
                _("Disorderly"),
            )
        return format_html('<span class="badge text-bg-success">{}</span>', _("In order"))
