"""Risk graded control: risk points, their assessments, control measures, site plans and zones."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.core.models import Attachment
from anjian.org.choices import Authority
from anjian.org.models import Region, Sector
from anjian.registry.models import Enterprise

from .choices import ControlLevel, LecBoundary, LsVariant, MeasureKind, Method, PointKind, RiskLevel


class CountySetting(models.Model):
    """The county's choices where published sources disagree (one row; see risk.scoring)."""

    lec_boundary = models.CharField(
        _("LEC boundary rule"), max_length=8, choices=LecBoundary.choices, default=LecBoundary.UPPER
    )
    ls_variant = models.CharField(
        _("LS band variant"), max_length=16, choices=LsVariant.choices, default=LsVariant.STANDARD
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("county risk setting")
        verbose_name_plural = _("county risk settings")

    def __str__(self) -> str:
        return f"{self.get_lec_boundary_display()} / {self.get_ls_variant_display()}"

    @classmethod
    def current(cls) -> CountySetting:
        return cls.objects.order_by("pk").first() or cls()


class RiskPoint(models.Model):
    """风险点: a place, device, process, activity or post of an enterprise where risk is identified."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="risk_points"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=PointKind.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    post_or_area = models.CharField(_("post or area"), max_length=100, blank=True)
    hazard_factors = models.TextField(_("hazard factors"), blank=True)
    accident_types = models.JSONField(_("possible accident types"), default=list, blank=True)
    # Position on the enterprise's site plan, as fractions of its width and height (0–1).
    plan_x = models.FloatField(_("position on plan (x)"), null=True, blank=True)
    plan_y = models.FloatField(_("position on plan (y)"), null=True, blank=True)
    control_level = models.CharField(_("control level"), max_length=10, choices=ControlLevel.choices, blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=40, blank=True)
    responsible_phone = models.CharField(_("responsible person's phone"), max_length=20, blank=True)
    emergency_response = models.TextField(_("emergency response"), blank=True)
    emergency_phone = models.CharField(_("emergency phone"), max_length=20, blank=True)
    holds_major_hazard_source = models.BooleanField(_("holds a major hazard source"), default=False)
    meets_major_criterion = models.BooleanField(_("meets a major-hazard criterion"), default=False)
    level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices, blank=True, db_index=True)
    # Copied from the enterprise so jurisdiction and the regional map need no join through it.
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["enterprise", "name", "id"]
        verbose_name = _("risk point")
        verbose_name_plural = _("risk points")

    def __str__(self) -> str:
        return self.name


class RiskAssessment(models.Model):
    """One assessment of a point, kept for ever with who and when; the latest sets the point's level."""

    risk_point = models.ForeignKey(
        RiskPoint, verbose_name=_("risk point"), on_delete=models.PROTECT, related_name="assessments"
    )
    method = models.CharField(_("method"), max_length=3, choices=Method.choices)
    l = models.DecimalField("L", max_digits=5, decimal_places=2)
    e = models.DecimalField("E", max_digits=5, decimal_places=2, null=True, blank=True)
    c = models.DecimalField("C", max_digits=5, decimal_places=2, null=True, blank=True)
    s = models.DecimalField("S", max_digits=5, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=2)
    computed_level = models.CharField(_("computed level"), max_length=8, choices=RiskLevel.choices)
    level = models.CharField(_("level"), max_length=8, choices=RiskLevel.choices)
    raised_reason = models.TextField(_("reason for raising the level"), blank=True)
    # Lowering a point's level (e.g. by switching from LEC to LS) is reasoned, and only at the authority that set it.
    lowered_reason = models.TextField(_("reason for lowering the level"), blank=True)
    authority = models.CharField(_("assessing authority"), max_length=12, choices=Authority.choices, blank=True)
    rule = models.CharField(_("setting applied"), max_length=20, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_at", "-id"]
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")

    def __str__(self) -> str:
        return f"{self.risk_point} · {self.method} {self.score} · {self.get_level_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("An assessment is kept as it was made; make a new one instead.")
        super().save(*args, **kwargs)


class ControlMeasure(models.Model):
    risk_point = models.ForeignKey(
        RiskPoint, verbose_name=_("risk point"), on_delete=models.CASCADE, related_name="measures"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeasureKind.choices)
    text = models.TextField(_("measure"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["risk_point", "kind", "id"]
        verbose_name = _("control measure")
        verbose_name_plural = _("control measures")

    def __str__(self) -> str:
        return self.text[:40]


class SitePlan(models.Model):
    """An enterprise's site plan (总平面图), the ground of its four-colour distribution map."""

    enterprise = models.OneToOneField(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="site_plan"
    )
    image = models.ForeignKey(Attachment, verbose_name=_("plan image"), on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site plan")
        verbose_name_plural = _("site plans")

    def __str__(self) -> str:
        return str(self.enterprise)


class RiskZone(models.Model):
    """A zone drawn on the site plan: a polygon of (x, y) fractions, coloured by its point's level."""

    site_plan = models.ForeignKey(SitePlan, verbose_name=_("site plan"), on_delete=models.CASCADE, related_name="zones")
    risk_point = models.ForeignKey(
        RiskPoint, verbose_name=_("risk point"), null=True, blank=True, on_delete=models.SET_NULL, related_name="zones"
    )
    label = models.CharField(_("label"), max_length=60, blank=True)
    level = models.CharField(_("level"), max_length=8, choices=RiskLevel.choices, blank=True)
    polygon = models.JSONField(_("polygon"), default=list)

    history = HistoricalRecords()

    class Meta:
        ordering = ["site_plan", "id"]
        verbose_name = _("risk zone")
        verbose_name_plural = _("risk zones")

    def __str__(self) -> str:
        return self.label or str(self.risk_point or self.pk)

    @property
    def effective_level(self) -> str:
        return (self.risk_point.level if self.risk_point_id and self.risk_point else "") or self.level


from .models_sources import (  # noqa: E402,F401  (one models module for Django, split for reading)
    HazardousSubstance,
    MajorHazardSource,
    RegionMap,
    RiskReview,
    SubstanceHolding,
)
