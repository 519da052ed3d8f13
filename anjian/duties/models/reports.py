"""The principal's duty report, 一报告、双签字 (信安办字〔2022〕30号 三（三）; 高府发〔2023〕14号 三（二）10): a
periodic written report signed by two people and acknowledged by the unit that supervises the enterprise.

The notices require the report and the two signatures but not its content: a template (sections, the roles
that sign, how often) is set by the county office; the one shipped says it is a default. Each signature and the
acknowledgement is a row of its own (who, when); once signed, a report's text is fixed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.registry.models import Enterprise

from .. import periods
from ..choices import Frequency, ReportState

USER = settings.AUTH_USER_MODEL


class ReportTemplate(models.Model):
    name = models.CharField(_("name"), max_length=120)
    period = models.CharField(_("reported"), max_length=10, choices=Frequency.choices, default=Frequency.QUARTER)
    sections = models.JSONField(_("sections"), default=list, help_text=_("The headings the report is written under."))
    signatories = models.JSONField(
        _("signatories"), default=list, help_text=_("The roles that sign, in order (at least two).")
    )
    is_default = models.BooleanField(
        _("default template"), default=False, help_text=_("Shipped with the platform, not set by the county office.")
    )
    active = models.BooleanField(_("in use"), default=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-active", "name", "id"]
        verbose_name = _("duty report template")
        verbose_name_plural = _("duty report templates")

    def __str__(self) -> str:
        return self.name


class DutyReport(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="duty_reports"
    )
    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField(_("reported"), max_length=10, choices=Frequency.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    sections = models.JSONField(_("content"), default=list, help_text=_("Each heading with its text."))
    signatories = models.JSONField(_("signatories"), default=list, help_text=_("The roles that sign, in order."))
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(USER, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-period_start", "enterprise_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "template", "period_start"], name="duties_report_once"),
        ]
        verbose_name = _("duty report")
        verbose_name_plural = _("duty reports")

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.period_label}"

    @property
    def period_label(self) -> str:
        return periods.label(self.period, self.period_start)


class DutyReportSignature(models.Model):
    report = models.ForeignKey(
        DutyReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="signatures"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    role = models.CharField(_("signs as"), max_length=40)
    signer_name = models.CharField(_("name of the signatory"), max_length=40)
    signed_by = models.ForeignKey(USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="duties_signature_once"),
            models.UniqueConstraint(fields=["report", "signer_name"], name="duties_signature_two_people"),
        ]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.role} {self.signer_name}"


class DutyReportAcknowledgement(models.Model):
    report = models.OneToOneField(
        DutyReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="acknowledgement"
    )
    unit_name = models.CharField(_("acknowledged by the unit"), max_length=120)
    comment = models.TextField(_("comment"), blank=True)
    acknowledged_by = models.ForeignKey(
        USER, verbose_name=_("acknowledged by"), on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), default=timezone.now)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")

    def __str__(self) -> str:
        return f"{self.unit_name} {self.acknowledged_at:%Y-%m-%d}"
