"""The hazard list. Every column reads select_related or prefetched data: no query per row."""

from __future__ import annotations

import django_tables2 as tables
from django.template.defaultfilters import truncatechars
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .choices import Grade, State, SupervisionKind
from .models import Hazard

STATE_BADGE = {
    State.REGISTERED: "text-bg-secondary",
    State.ASSESSED: "text-bg-info",
    State.REPORTED: "text-bg-primary",
    State.RECTIFYING: "text-bg-warning",
    State.AWAITING_VERIFICATION: "text-bg-warning border border-dark-subtle",
    State.CLOSED: "text-bg-success",
}
GRADE_BADGE = {Grade.GENERAL: "text-bg-light border", Grade.MAJOR: "text-bg-danger"}
SUPERVISION_BADGE = {
    SupervisionKind.REMINDER: "text-bg-light border",
    SupervisionKind.SUPERVISION: "text-bg-warning",
    SupervisionKind.LISTING: "text-bg-danger",
}


def badge(css: str, text) -> str:
    return format_html('<span class="badge {}">{}</span>', css, text)


class HazardTable(tables.Table):
    found_at = tables.Column(verbose_name=_("Found"), attrs={"td": {"class": "text-nowrap"}})
    unit = tables.LinkColumn(
        "hazards:detail",
        args=[tables.A("pk")],
        verbose_name=_("Unit"),
        accessor="unit__name",
        order_by=("unit__name",),
        attrs={"a": {"hx-boost": "false", "class": "fw-semibold"}, "td": {"class": "col-name"}},
    )
    description = tables.LinkColumn(
        "hazards:detail", args=[tables.A("pk")], orderable=False, attrs={"a": {"hx-boost": "false"}}
    )
    sector = tables.Column(verbose_name=_("Sector"), accessor="sector__name", order_by=("sector__order",))
    grade = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    state = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    level = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    deadline = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    supervision = tables.Column(verbose_name=_("Supervision"), empty_values=(), orderable=False)

    class Meta:
        model = Hazard
        fields = ("found_at", "unit", "description", "sector", "grade", "state", "level", "deadline")
        sequence = ("found_at", "unit", "description", "sector", "grade", "state", "level", "deadline", "supervision")
        attrs = {"class": "table table-hover table-sm align-middle mb-0 enterprise-table hazard-table"}
        empty_text = _("No hazards match.")

    def render_found_at(self, value) -> str:
        return date_format(value, "SHORT_DATE_FORMAT")

    def render_description(self, value: str) -> str:
        return truncatechars(value, 40)

    def render_grade(self, record: Hazard, value: str):
        return badge(GRADE_BADGE.get(record.grade, "text-bg-light"), value)

    def render_state(self, record: Hazard, value: str):
        return badge(STATE_BADGE.get(record.state, "text-bg-light"), value)

    def render_deadline(self, record: Hazard, value):
        text = date_format(value, "SHORT_DATE_FORMAT")
        if record.overdue:
            return format_html('{} <span class="badge text-bg-danger">{}</span>', text, _("Overdue"))
        return text

    def render_supervision(self, record: Hazard):
        items = list(record.supervisions.all())  # prefetched
        if not items:
            return "—"
        top = max(items, key=lambda s: list(SupervisionKind.values).index(s.kind))
        return badge(
            SUPERVISION_BADGE.get(top.kind, "text-bg-light"), f"{top.get_level_display()}{top.get_kind_display()}"
        )
