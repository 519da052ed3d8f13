"""County-by-month summary tables: counts of the records kept current by the services that change the records
(anjian.summaries.deltas), rebuildable from the records at any time (anjian.summaries.rebuild).

A row counts the records of one county and one month (the first day of the month of the record's own date: a
hazard's finding, a visit's date, an action's decision) that share the row's dimension values. A row may hold 0.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.org.models import Region, Sector


class MonthRow(models.Model):
    county = models.ForeignKey(Region, verbose_name=_("county"), on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.CASCADE, related_name="+")
    count = models.IntegerField(_("count"), default=0)

    KEY: tuple[str, ...] = ()  # the columns (attnames) that identify a row, the county and the month first
    SUMS: tuple[str, ...] = ("count",)  # the columns a change adds to

    class Meta:
        abstract = True


class HazardMonth(MonthRow):
    """Hazards by county, month found, state, grade, sector and source."""

    state = models.CharField(_("state"), max_length=24)
    grade = models.CharField(_("grade"), max_length=10, blank=True)
    source = models.CharField(_("source"), max_length=24)

    KEY = ("county_id", "month", "state", "grade", "sector_id", "source")

    def __str__(self) -> str:
        return f"{self.county_id} {self.month:%Y-%m}: {self.count}"

    class Meta:
        verbose_name = _("hazards of a county and month")
        verbose_name_plural = _("hazards by county and month")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "month", "state", "grade", "sector", "source"], name="summaries_hazardmonth_key"
            )
        ]
        indexes = [models.Index(fields=["month", "county"], name="summaries_hazardmonth_month")]  # province-wide


class VisitMonth(MonthRow):
    """Visits (inspections) by county, month of the visit, kind, state (draft or signed) and sector."""

    kind = models.CharField(_("kind"), max_length=12)
    state = models.CharField(_("state"), max_length=8)

    KEY = ("county_id", "month", "kind", "state", "sector_id")

    def __str__(self) -> str:
        return f"{self.county_id} {self.month:%Y-%m}: {self.count}"

    class Meta:
        verbose_name = _("visits of a county and month")
        verbose_name_plural = _("visits by county and month")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "month", "kind", "state", "sector"], name="summaries_visitmonth_key"
            )
        ]


class EnforcementMonth(MonthRow):
    """Enforcement actions by county, month decided, kind and sector, with their fines (万元) and people referred."""

    kind = models.CharField(_("kind"), max_length=20)
    fines_wan = models.DecimalField(_("fines (10,000 yuan)"), max_digits=16, decimal_places=2, default=0)
    referred_people = models.IntegerField(_("people referred"), default=0)

    KEY = ("county_id", "month", "kind", "sector_id")
    SUMS = ("count", "fines_wan", "referred_people")

    def __str__(self) -> str:
        return f"{self.county_id} {self.month:%Y-%m}: {self.count}"

    class Meta:
        verbose_name = _("enforcement of a county and month")
        verbose_name_plural = _("enforcement by county and month")
        constraints = [
            models.UniqueConstraint(fields=["county", "month", "kind", "sector"], name="summaries_enforcementmonth_key")
        ]


class Rebuild(models.Model):
    """One rebuild of the tables from the records: when, which counties (all when empty), how many rows."""

    started_at = models.DateTimeField(_("rebuild started"))
    finished_at = models.DateTimeField(_("rebuild finished"))
    counties = models.TextField(_("counties"), blank=True, help_text=_("Division codes; empty: every county."))
    rows = models.IntegerField(_("rows written"), default=0)

    class Meta:
        ordering = ["-finished_at", "-id"]
        verbose_name = _("rebuild of the summaries")
        verbose_name_plural = _("rebuilds of the summaries")

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M}"
