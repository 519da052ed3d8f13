"""Major hazard sources (重大危险源, GB 18218-2018), risk reviews and the county's town map."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.core.models import Attachment
from anjian.org.models import Region, Sector
from anjian.registry.models import Enterprise

from .choices import ReviewKind, SourceGrade


class HazardousSubstance(models.Model):
    """A substance of GB 18218-2018 with its critical quantity (t) and correction factor β."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    cas = models.CharField(_("CAS number"), max_length=20, blank=True)
    category = models.CharField(_("category"), max_length=80, blank=True)
    critical_quantity = models.DecimalField(_("critical quantity (t)"), max_digits=10, decimal_places=3)
    beta = models.DecimalField(_("correction factor β"), max_digits=5, decimal_places=2, default=1)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("hazardous substance")
        verbose_name_plural = _("hazardous substances")

    def __str__(self) -> str:
        return self.name


class MajorHazardSource(models.Model):
    """A production or storage unit of a hazardous-chemical enterprise, identified and graded by GB 18218."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="hazard_sources"
    )
    name = models.CharField(_("unit name"), max_length=100)
    exposed_people = models.PositiveIntegerField(_("people exposed within 500 m"), default=0)
    identified = models.BooleanField(_("is a major hazard source"), default=False)
    ratio_sum = models.DecimalField(_("Σ q/Q"), max_digits=12, decimal_places=4, default=0)
    r_value = models.DecimalField(_("R"), max_digits=12, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=1, choices=SourceGrade.choices, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["enterprise", "name"]
        verbose_name = _("major hazard source")
        verbose_name_plural = _("major hazard sources")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.name}"


class SubstanceHolding(models.Model):
    source = models.ForeignKey(
        MajorHazardSource, verbose_name=_("hazard source"), on_delete=models.CASCADE, related_name="holdings"
    )
    substance = models.ForeignKey(
        HazardousSubstance, verbose_name=_("substance"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("maximum quantity held (t)"), max_digits=12, decimal_places=3)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "substance"], name="risk_holding_once")]
        verbose_name = _("substance held")
        verbose_name_plural = _("substances held")

    def __str__(self) -> str:
        return f"{self.substance} {self.quantity} t"


class RiskReview(models.Model):
    """风险研判: a recorded review of an enterprise's or a region's risks, with who took part and what changed."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="risk_reviews",
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="risk_reviews")
    kind = models.CharField(_("kind"), max_length=16, choices=ReviewKind.choices)
    held_on = models.DateField(_("held on"))
    participants = models.TextField(_("participants"))
    changes = models.TextField(_("what changed"), blank=True)
    report = models.ForeignKey(
        Attachment, verbose_name=_("report"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class RegionMap(models.Model):
    """The GeoJSON of a county's towns, uploaded by the county office, for the regional four-colour map."""

    region = models.OneToOneField(Region, verbose_name=_("county"), on_delete=models.CASCADE, related_name="map")
    geojson = models.JSONField(_("GeoJSON"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)

    class Meta:
        verbose_name = _("region map")
        verbose_name_plural = _("region maps")

    def __str__(self) -> str:
        return str(self.region)
