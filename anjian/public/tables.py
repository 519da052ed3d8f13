"""The report queue, the rewards list and the typical cases' publications. Every column reads select_related data: no query per row. No column holds
the reporter's name or phone."""

from __future__ import annotations

import django_tables2 as tables
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anjian.hazards.tables import badge

from .choices import CaseState, ReportState, RewardState
from .models import CasePublication, PublicReport, Reward

STATE_BADGE = {
    ReportState.RECEIVED: "text-bg-warning",
    ReportState.ACKNOWLEDGED: "text-bg-info",
    ReportState.VERIFIED: "text-bg-primary",
    ReportState.HAZARD_OPENED: "text-bg-success",
    ReportState.CLOSED: "text-bg-secondary",
    ReportState.DUPLICATE: "text-bg-light border",
}
REWARD_BADGE = {
    RewardState.PROPOSED: "text-bg-warning",
    RewardState.APPROVED: "text-bg-info",
    RewardState.PAID: "text-bg-success",
    RewardState.REJECTED: "text-bg-secondary",
}


class ReportTable(tables.Table):
    received_at = tables.Column(verbose_name=_("Received"), attrs={"td": {"class": "text-nowrap"}})
    tracking_code = tables.LinkColumn("public:report_detail", args=[tables.A("pk")], verbose_name=_("Tracking code"),
                                      attrs={"a": {"class": "fw-semibold font-monospace"}})  # fmt: skip
    description = tables.LinkColumn("public:report_detail", args=[tables.A("pk")], orderable=False)
    town = tables.Column(verbose_name=_("Town"), accessor="town__name", order_by=("town__code",))
    sector = tables.Column(verbose_name=_("Sector"), accessor="sector__name", order_by=("sector__order",), default="—")
    state = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    ack_due_at = tables.Column(verbose_name=_("Acknowledge by"), attrs={"td": {"class": "text-nowrap"}})
    anonymous = tables.BooleanColumn(verbose_name=_("Anonymous"))

    class Meta:
        model = PublicReport
        fields = ("received_at", "tracking_code", "description", "town", "sector", "state", "ack_due_at", "anonymous")
        attrs = {"class": "table table-hover table-sm align-middle mb-0 report-table"}
        empty_text = _("No reports match.")

    def render_received_at(self, value) -> str:
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")

    def render_description(self, value: str) -> str:
        return truncatechars(value, 40)

    def render_state(self, record: PublicReport, value):
        return badge(STATE_BADGE.get(record.state, "text-bg-light"), value)

    def render_ack_due_at(self, record: PublicReport, value):
        text = date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if record.ack_late:
            return format_html('{} <span class="badge text-bg-danger ack-late">{}</span>', text, _("Late"))
        return text


class RewardTable(tables.Table):
    proposed_at = tables.Column(verbose_name=_("Proposed"), attrs={"td": {"class": "text-nowrap"}})
    report = tables.LinkColumn("public:reward_detail", args=[tables.A("pk")], verbose_name=pgettext_lazy("public report", "Report"),
                               accessor="report__tracking_code")  # fmt: skip
    basis = tables.Column()
    amount = tables.Column(attrs={"td": {"class": "text-end text-nowrap"}})
    state = tables.Column()
    anonymous = tables.BooleanColumn(verbose_name=_("Anonymous"))
    paid_on = tables.Column(default="—")

    class Meta:
        model = Reward
        fields = ("proposed_at", "report", "basis", "amount", "state", "anonymous", "paid_on")
        attrs = {"class": "table table-hover table-sm align-middle mb-0 reward-table"}
        empty_text = _("No rewards yet.")

    def render_proposed_at(self, value) -> str:
        return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")

    def render_amount(self, value) -> str:
        return f"{value:,.2f}"

    def render_state(self, record: Reward, value):
        return badge(REWARD_BADGE.get(record.state, "text-bg-light"), value)


CASE_BADGE = {
    CaseState.DRAFT: "text-bg-warning",
    CaseState.PUBLISHED: "text-bg-success",
    CaseState.WITHDRAWN: "text-bg-secondary",
}


class CasePublicationTable(tables.Table):
    title = tables.LinkColumn("public:case_detail", args=[tables.A("pk")], verbose_name=_("Title"))
    decided_on = tables.Column(verbose_name=_("Decided on"), accessor="action__decided_on",
                               attrs={"td": {"class": "text-nowrap"}})  # fmt: skip
    crime = tables.BooleanColumn(verbose_name=_("Dangerous operation crime"),
                                 accessor="action__dangerous_operation_crime", yesno="★,")  # fmt: skip
    state = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    drafted_at = tables.Column(verbose_name=_("Drafted"), attrs={"td": {"class": "text-nowrap"}})
    published_at = tables.Column(verbose_name=_("Published"), default="—", attrs={"td": {"class": "text-nowrap"}})

    class Meta:
        model = CasePublication
        fields = ("title", "decided_on", "crime", "state", "drafted_at", "published_at")
        attrs = {"class": "table table-hover table-sm align-middle mb-0 case-table"}
        empty_text = _("No typical case is drafted yet: draft one from the typical cases of the inspections.")

    def render_state(self, record: CasePublication, value):
        return badge(CASE_BADGE.get(record.state, "text-bg-light"), value)

    def render_drafted_at(self, value) -> str:
        return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")

    def render_published_at(self, value) -> str:
        return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")
