"""The lists of the people pages. Every column reads select_related data or the rows' annotations: no query per
row. ID numbers are shown masked."""

from __future__ import annotations

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .choices import CertificateStatus, Compliance
from .models import Certificate, Permit, Person, TrainingRecord
from .rules import hours_text
from .validators import mask_within

TABLE_ATTRS = {"class": "table table-hover table-sm align-middle mb-0 enterprise-table"}
NOWRAP = {"td": {"class": "text-nowrap"}}
COMPLIANCE_BADGE = {
    Compliance.COMPLIANT: "text-bg-success",
    Compliance.SHORT: "text-bg-warning",
    Compliance.OVERDUE: "text-bg-danger",
}
STATUS_BADGE = {
    CertificateStatus.VALID: "text-bg-success",
    CertificateStatus.EXPIRING: "text-bg-warning",
    CertificateStatus.REVIEW_DUE: "text-bg-warning",
    CertificateStatus.REVIEW_OVERDUE: "text-bg-danger",
    CertificateStatus.EXPIRED: "text-bg-danger",
}


def compliance_badge(person) -> str:
    label = Compliance(person.compliance).label
    if person.compliance == Compliance.SHORT:
        label = _("Short by %(hours)s hours") % {"hours": hours_text(person.training_short_hours)}
    return format_html('<span class="badge {}">{}</span>', COMPLIANCE_BADGE[person.compliance], label)


def status_badge(status: str) -> str:
    return format_html('<span class="badge {}">{}</span>', STATUS_BADGE[status], CertificateStatus(status).label)


class PersonTable(tables.Table):
    name = tables.LinkColumn(
        "people:detail", args=[tables.A("pk")], verbose_name=_("Name"),
        attrs={"a": {"hx-boost": "false", "class": "fw-semibold"}, "td": {"class": "col-name"}},
    )  # fmt: skip
    id_number = tables.Column(
        verbose_name=_("ID number"), orderable=False, attrs={"td": {"class": "font-monospace small"}}
    )
    enterprise = tables.Column(verbose_name=_("Unit"), accessor="enterprise__name", order_by=("enterprise__name",))
    post = tables.Column(verbose_name=_("Post"))
    categories = tables.Column(verbose_name=_("Categories"), empty_values=(), orderable=False)
    compliance = tables.Column(verbose_name=_("Training"), empty_values=(), order_by=("compliance",))

    class Meta:
        model = Person
        fields = ("name", "id_number", "enterprise", "post")
        sequence = ("name", "id_number", "enterprise", "post", "categories", "compliance")
        attrs = TABLE_ATTRS
        empty_text = _("No people match.")

    def render_id_number(self, record: Person) -> str:
        return record.masked_id_number

    def render_categories(self, record: Person) -> str:
        return "、".join(record.category_labels()) or "—"

    def render_compliance(self, record: Person) -> str:
        return compliance_badge(record)


class TrainingTable(tables.Table):
    date = tables.DateColumn(verbose_name=_("Date"), format="Y-m-d", attrs=NOWRAP)
    person = tables.LinkColumn(
        "people:detail", args=[tables.A("person_id")], accessor="person__name", verbose_name=_("Name"),
        attrs={"a": {"hx-boost": "false"}},
    )  # fmt: skip
    enterprise = tables.Column(verbose_name=_("Unit"), accessor="person__enterprise__name", orderable=False)
    kind = tables.Column(verbose_name=_("Kind"))
    course = tables.Column(verbose_name=_("Course"))
    hours = tables.Column(verbose_name=_("Hours"), attrs={"td": {"class": "text-end"}})
    result = tables.Column(verbose_name=_("Assessment result"))

    class Meta:
        model = TrainingRecord
        fields = ("date", "kind", "course", "hours", "result")
        sequence = ("date", "person", "enterprise", "kind", "course", "hours", "result")
        attrs = TABLE_ATTRS
        empty_text = _("No training records match.")

    def render_hours(self, value) -> str:
        return hours_text(value)


class CertificateTable(tables.Table):
    person = tables.LinkColumn(
        "people:detail", args=[tables.A("person_id")], accessor="person__name", verbose_name=_("Holder"),
        attrs={"a": {"hx-boost": "false", "class": "fw-semibold"}},
    )  # fmt: skip
    enterprise = tables.Column(verbose_name=_("Unit"), accessor="person__enterprise__name", orderable=False)
    title = tables.Column(verbose_name=_("Certificate"), empty_values=(), order_by=("kind", "operation_type"))
    number = tables.Column(verbose_name=_("Number"), attrs={"td": {"class": "font-monospace small"}})
    issuer = tables.Column(verbose_name=_("Issuing authority"))
    expires_on = tables.DateColumn(verbose_name=_("Valid until"), format="Y-m-d", attrs=NOWRAP)
    next_review_on = tables.DateColumn(verbose_name=_("Next review by"), format="Y-m-d", attrs=NOWRAP)
    status = tables.Column(verbose_name=_("Certificate status"), empty_values=(), order_by=("expires_on",))

    class Meta:
        model = Certificate
        fields = ("number", "issuer", "expires_on", "next_review_on")
        sequence = ("person", "enterprise", "title", "number", "issuer", "expires_on", "next_review_on", "status")
        attrs = TABLE_ATTRS
        empty_text = _("No certificates match.")

    def render_title(self, record: Certificate) -> str:
        return record.title

    def render_number(self, record: Certificate) -> str:
        return record.masked_number

    def render_status(self, record: Certificate) -> str:
        return status_badge(record.status)


class PermitTable(tables.Table):
    starts_at = tables.DateTimeColumn(verbose_name=_("Starts at"), format="Y-m-d H:i", attrs=NOWRAP)
    ends_at = tables.DateTimeColumn(verbose_name=_("Ends at"), format="Y-m-d H:i", attrs=NOWRAP)
    kind = tables.LinkColumn(
        "people:permit_detail", args=[tables.A("pk")], verbose_name=_("Kind"),
        attrs={"a": {"hx-boost": "false", "class": "fw-semibold"}},
    )  # fmt: skip
    enterprise = tables.Column(verbose_name=_("Unit"), accessor="enterprise__name", order_by=("enterprise__name",))
    place = tables.Column(verbose_name=_("Place"))
    worker = tables.Column(verbose_name=_("Worker"), accessor="worker__name")
    certificate = tables.Column(verbose_name=_("Certificate checked"), empty_values=(), orderable=False)
    guardian = tables.Column(verbose_name=_("Guardian"), accessor="guardian__name")

    class Meta:
        model = Permit
        fields = ("starts_at", "ends_at", "kind", "place")
        sequence = ("starts_at", "ends_at", "kind", "enterprise", "place", "worker", "certificate", "guardian")
        attrs = TABLE_ATTRS
        empty_text = _("No permits match.")

    def render_kind(self, record: Permit) -> str:
        return record.get_kind_display()

    def render_certificate(self, record: Permit) -> str:
        if record.certificate is None:
            return "—"
        return mask_within(record.certificate.number, record.worker.id_number)


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""
