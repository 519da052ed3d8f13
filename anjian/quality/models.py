"""Quality flags (录入质量提示): a warning with its reason, kept per record so that units can be counted."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.hazards.models import Hazard, HazardEvent
from anjian.org.models import Region
from anjian.registry.models import Enterprise

from .choices import FlagCode, Record


class Flag(models.Model):
    """One warning raised when a record was saved. Re-saving the record (a new plan) replaces its flags;
    a signed step is never re-saved, so its flags stay with it."""

    hazard = models.ForeignKey(Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(
        HazardEvent, verbose_name=_("event"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    record = models.CharField(_("record"), max_length=10, choices=Record.choices)
    code = models.CharField(_("code"), max_length=24, choices=FlagCode.choices, db_index=True)
    message = models.TextField(_("message"))
    # The unit and its region, copied so that flags are counted per unit and town without a join.
    unit = models.ForeignKey(Enterprise, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["hazard", "record"])]
        verbose_name = _("quality flag")
        verbose_name_plural = _("quality flags")

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.message}"
