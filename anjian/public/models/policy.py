"""The county office's rule for public reports: within how many hours the receiving unit acknowledges one.

A row per county, not a setting: the office changes it on its own page without a deployment, each county of a
province installation keeps its own, and every change is kept in the row's history. A report takes its deadline
when it arrives (`PublicReport.ack_due_at`), so a later change never makes an earlier acknowledgement late."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.org.choices import RegionLevel
from anjian.org.models import Region

# Anjian's default, not a figure of the seeds or of the reward measures: one day to acknowledge a report.
DEFAULT_ACK_HOURS = 24
MAX_ACK_HOURS = 30 * 24


class ReportPolicy(models.Model):
    county = models.OneToOneField(
        Region,
        verbose_name=_("county"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"level": RegionLevel.COUNTY},
    )
    ack_hours = models.PositiveIntegerField(
        _("hours to acknowledge a report"),
        default=DEFAULT_ACK_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ACK_HOURS)],
        help_text=_("A report not acknowledged within this time is flagged late in the queue and on the desk."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public report policy")
        verbose_name_plural = _("public report policies")

    def __str__(self) -> str:
        return f"{self.county}: {self.ack_hours}"
