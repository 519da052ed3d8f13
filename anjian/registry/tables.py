"""Tables of the registry. Every column reads from select_related data: no query per row."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .choices import EnterpriseStatus
from .models import Enterprise

STATUS_BADGE = {
    EnterpriseStatus.OPERATING: "text-bg-success",
    EnterpriseStatus.SUSPENDED: "text-bg-warning",
    EnterpriseStatus.CLOSED: "text-bg-secondary",
}


class EnterpriseTable(tables.Table):
    name = tables.Column(verbose_name=_("Unit name"), attrs={"td": {"class": "col-name"}})  # linked by render_name
    credit_code = tables.Column(attrs={"td": {"class": "font-monospace small text-nowrap"}})
    sector = tables.Column(
        verbose_name=_("Sector"), accessor="sector__name", order_by=("sector__order", "sector__code")
    )
    region = tables.Column(order_by=("region__code",), attrs={"td": {"class": "text-nowrap"}})
    principal = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    principal_phone = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    responsible_unit = tables.Column(verbose_name=_("Responsible unit"), empty_values=(), orderable=False)
    status = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    high_risk = tables.Column(attrs={"td": {"class": "text-nowrap"}})

    class Meta:
        model = Enterprise
        fields = (
            "name",
            "credit_code",
            "sector",
            "region",
            "principal",
            "principal_phone",
            "responsible_unit",
            "status",
            "high_risk",
        )
        attrs = {"class": "table table-hover table-sm align-middle mb-0 enterprise-table"}
        empty_text = _("No enterprises match.")

    def render_name(self, record: Enterprise, value: str):
        link = format_html(
            '<a hx-boost="false" class="fw-semibold" href="{}">{}</a>',
            reverse("registry:enterprise_detail", args=[record.pk]),
            value,
        )
        if record.needs_completion:
            return format_html('{} <span class="badge text-bg-warning">{}</span>', link, _("To be completed"))
        return link

    def render_region(self, record: Enterprise) -> str:
        region = record.region
        if region.parent is not None and region.level == "village":
            return f"{region.parent.name} · {region.name}"
        return region.name

    def render_responsible_unit(self, record: Enterprise) -> str:
        return record.responsible_unit or "—"

    def render_status(self, record: Enterprise, value: str):
        return format_html('<span class="badge {}">{}</span>', STATUS_BADGE.get(record.status, "text-bg-light"), value)

    def render_high_risk(self, value: bool):
        if value:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("High-risk"))
        return "—"
