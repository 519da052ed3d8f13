"""The lists' tables. Every column reads select_related data or an annotation of the list's query."""

from __future__ import annotations

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import rules
from .choices import FrequencyStatus, RequirementStatus
from .models import Accident, Drill, DrillRequirement, EmergencyPlan

TABLE_ATTRS = {"class": "table table-hover table-sm align-middle mb-0 enterprise-table"}
NOWRAP = {"td": {"class": "text-nowrap"}}
END = {"td": {"class": "text-end"}}
TONES: dict[str, str] = {
    FrequencyStatus.COMPLIANT: "success",
    FrequencyStatus.DUE: "warning",
    FrequencyStatus.OVERDUE: "danger",
    RequirementStatus.HELD: "success",
    RequirementStatus.PENDING: "warning",
    RequirementStatus.LATE: "secondary",
    RequirementStatus.OVERDUE: "danger",
}


def badge(value: str, label) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', TONES.get(value, "light"), label)


class DrillTable(tables.Table):
    held_on = tables.DateColumn(verbose_name=_("Day held"), format="Y-m-d", attrs=NOWRAP)
    title = tables.LinkColumn("emergency:drill", args=[tables.A("pk")], verbose_name=_("Title"),
                              attrs={"a": {"hx-boost": "false", "class": "fw-semibold"}, "td": {"class": "col-name"}})  # fmt: skip
    organiser = tables.Column(verbose_name=_("Organiser"), empty_values=(), orderable=False)
    kind = tables.Column(verbose_name=_("Kind of drill"))
    unscripted = tables.Column(verbose_name=_("Unscripted"))
    participants = tables.Column(verbose_name=_("Number taking part"), attrs=END)
    state = tables.Column(verbose_name=_("Drill state"))

    class Meta:
        model = Drill
        fields = ("held_on", "title", "kind", "unscripted", "participants", "state")
        sequence = ("held_on", "title", "organiser", "kind", "unscripted", "participants", "state")
        attrs = TABLE_ATTRS
        empty_text = _("No drills match.")
        order_by = ("-held_on",)

    def render_organiser(self, record: Drill) -> str:
        return record.owner_name

    def render_unscripted(self, value) -> str:
        return str(_("Unscripted")) if value else "—"

    def render_state(self, record: Drill, value) -> str:
        if record.late_filing:
            return format_html('{} <span class="badge text-bg-danger">{}</span>', value, _("Plan filed late"))
        return value


class PlanTable(tables.Table):
    title = tables.LinkColumn("emergency:plan", args=[tables.A("pk")], verbose_name=_("Title"),
                              attrs={"a": {"hx-boost": "false", "class": "fw-semibold"}, "td": {"class": "col-name"}})  # fmt: skip
    owner = tables.Column(verbose_name=_("Owner"), empty_values=(), orderable=False)
    kind = tables.Column(verbose_name=_("Kind of plan"))
    version = tables.Column(verbose_name=_("Version"))
    issued_on = tables.DateColumn(verbose_name=_("Day issued"), format="Y-m-d", attrs=NOWRAP)
    filed_on = tables.DateColumn(verbose_name=_("Filed on"), format="Y-m-d", attrs=NOWRAP)
    review = tables.Column(verbose_name=_("Evaluation due"), empty_values=(), orderable=False, attrs=NOWRAP)

    class Meta:
        model = EmergencyPlan
        fields = ("title", "kind", "version", "issued_on", "filed_on")
        sequence = ("title", "owner", "kind", "version", "issued_on", "filed_on", "review")
        attrs = TABLE_ATTRS
        empty_text = _("No emergency plans match.")

    def render_owner(self, record: EmergencyPlan) -> str:
        return record.owner_name

    def render_review(self, record: EmergencyPlan) -> str:
        due = rules.review_due_on(record.issued_on, record.evaluated_on)
        marks = []
        if record.needs_revision:
            marks.append(format_html('<span class="badge text-bg-danger">{}</span>', _("To be revised")))
        if not record.current:
            marks.append(format_html('<span class="badge text-bg-secondary">{}</span>', _("Superseded")))
        return format_html("{} {}", f"{due:%Y-%m-%d}", mark_safe("".join(marks)))  # noqa: S308 (built by format_html)


class AccidentTable(tables.Table):
    occurred_at = tables.DateTimeColumn(verbose_name=_("Occurred at"), format="Y-m-d H:i", attrs=NOWRAP)
    unit_name = tables.LinkColumn("emergency:accident", args=[tables.A("pk")], verbose_name=_("Unit"),
                                  attrs={"a": {"hx-boost": "false", "class": "fw-semibold"}})  # fmt: skip
    region = tables.Column(verbose_name=_("Region"), accessor="region__name")
    grade = tables.Column(verbose_name=_("Accident grade"))
    deaths = tables.Column(verbose_name=_("Deaths"), attrs=END)
    serious_injuries = tables.Column(verbose_name=_("Serious injuries"), attrs=END)
    direct_loss = tables.Column(verbose_name=_("Direct economic loss (10,000 yuan)"), attrs=END)
    reporting = tables.Column(verbose_name=_("Reporting"))
    investigation_status = tables.Column(verbose_name=_("Investigation"))

    class Meta:
        model = Accident
        fields = ("occurred_at", "unit_name", "region", "grade", "deaths", "serious_injuries", "direct_loss",
                  "reporting", "investigation_status")  # fmt: skip
        attrs = TABLE_ATTRS
        empty_text = _("No accidents match.")


class RequirementTable(tables.Table):
    enterprise = tables.LinkColumn("registry:enterprise_detail", args=[tables.A("enterprise_id")],
                                   verbose_name=_("Place"), accessor="enterprise__name")  # fmt: skip
    town = tables.Column(verbose_name=_("Region"), accessor="enterprise__region__name")
    people = tables.Column(verbose_name=_("People at the place"), attrs=END)
    required_by = tables.DateColumn(verbose_name=_("Required by"), format="Y-m-d", attrs=NOWRAP)
    status = tables.Column(verbose_name=_("Drill progress"), orderable=False)
    source = tables.Column(verbose_name=_("Source notice"))
    withdraw = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        model = DrillRequirement
        fields = ("enterprise", "town", "people", "required_by", "status", "source", "withdraw")
        attrs = TABLE_ATTRS
        empty_text = _("No named places match.")

    def render_status(self, value) -> str:
        return badge(value, RequirementStatus(value).label)

    def render_withdraw(self, record: DrillRequirement) -> str:
        """Take the place off the list (the county office; the column is left out for others)."""
        return format_html(
            '<form method="post" action="{}" hx-boost="false" data-confirm="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="btn btn-sm btn-outline-danger">{}</button></form>',
            reverse("emergency:place_withdraw", args=[record.pk]),
            _("Take this place off the list?"),
            get_token(self.request),
            _("Withdraw"),
        )


class FrequencyTable(tables.Table):
    name = tables.LinkColumn("registry:enterprise_detail", args=[tables.A("pk")], verbose_name=_("Unit"),
                             attrs={"a": {"class": "fw-semibold"}, "td": {"class": "col-name"}})  # fmt: skip
    region = tables.Column(verbose_name=_("Region"), accessor="region__name")
    sector = tables.Column(verbose_name=_("Sector"), accessor="sector__name")
    high_risk = tables.Column(verbose_name=_("High-risk"))
    last_drill = tables.DateColumn(verbose_name=_("Last drill"), format="Y-m-d", attrs=NOWRAP)
    drill_status = tables.Column(verbose_name=_("Drill frequency"))

    class Meta:
        attrs = TABLE_ATTRS
        empty_text = _("No units match.")
        order_by = ("last_drill",)

    def render_high_risk(self, value) -> str:
        return str(_("High-risk")) if value else "—"

    def render_drill_status(self, value) -> str:
        return badge(value, FrequencyStatus(value).label)
