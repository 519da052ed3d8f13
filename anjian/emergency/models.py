"""Drills (应急演练), the crowded places named for a drill, emergency plans (应急预案) and accidents (生产安全事故).

A drill and a plan belong to an organiser — a unit of the registry, a county department, a town government or
the county — through the same few columns (OwnerMixin), so one jurisdiction scope serves them all: `region` is
the unit's place (the town of a town, the county of a department or the county), `sector` the unit's sector,
`department` the department that answers for the row (the organising department, or the unit's responsible
department).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.core.models import Attachment
from anjian.org.choices import RegionLevel
from anjian.org.models import Department, Region, Sector
from anjian.registry.models import Enterprise

from .choices import (
    AccidentGrade,
    DrillKind,
    DrillState,
    InvestigationLevel,
    InvestigationStatus,
    Organiser,
    PlanKind,
    Reporting,
)

USER = settings.AUTH_USER_MODEL
# A single drill of more people than a large stadium holds is a typing error (万人演练 is the county's total).
MAX_PARTICIPANTS = 20_000
# No named place holds more people than this (a county's largest school or market).
MAX_PEOPLE = 100_000
# Casualties and losses beyond any accident on record: a typing error.
MAX_CASUALTIES = 10_000
MAX_LOSS = 10_000_000  # 万元 (1,000 亿元)


class OwnerMixin(models.Model):
    """The organiser of a drill or the owner of a plan, and the columns its jurisdiction is decided by."""

    organiser = models.CharField(_("organiser"), max_length=12, choices=Organiser.choices)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organising department, or the unit's responsible department."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit's town or village, the town, or the county."),
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def owner_name(self) -> str:
        if self.organiser == Organiser.ENTERPRISE and self.enterprise is not None:
            return self.enterprise.name
        if self.organiser == Organiser.DEPARTMENT and self.department is not None:
            return self.department.name
        if self.organiser == Organiser.TOWN:
            return self.region.unit_name
        return str(_("%(region)s safety committee office") % {"region": self.region.name})


class EmergencyPlan(OwnerMixin):
    """One version of an emergency plan; a revision is a new row that supersedes it (`supersedes`)."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=PlanKind.choices)
    version = models.CharField(_("version"), max_length=20)
    issued_on = models.DateField(_("day issued"), db_index=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True, help_text=_("备案: the day it was filed."))
    filed_with = models.ForeignKey(
        Department, verbose_name=_("filed with"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evaluated_on = models.DateField(
        _("last evaluated on"), null=True, blank=True, help_text=_("The last periodic evaluation (评估).")
    )
    needs_revision = models.BooleanField(_("to be revised"), default=False, db_index=True)
    revision_reason = models.TextField(_("why it is to be revised"), blank=True)
    revision_drill = models.ForeignKey(
        "Drill",
        verbose_name=_("drill that found it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    current = models.BooleanField(_("current version"), default=True, db_index=True, editable=False)
    document = models.ForeignKey(
        Attachment, verbose_name=_("plan document"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("emergency plan")
        verbose_name_plural = _("emergency plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(filed_on__isnull=True) | Q(filed_on__gte=models.F("issued_on")),
                name="emergency_plan_filed_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.version}）"

    @property
    def review_due(self):
        from .rules import review_due_on

        return review_due_on(self.issued_on, self.evaluated_on)


class Drill(OwnerMixin):
    """An emergency drill: planned, its plan filed (报备, required in advance for an unscripted drill), held,
    evaluated. `state` follows from the dates and the evaluation (rules.drill_state)."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=DrillKind.choices, db_index=True)
    unscripted = models.BooleanField(_("unscripted"), default=False, help_text=_("无脚本演练"))
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    filed_on = models.DateField(
        _("drill plan filed on"), null=True, blank=True, help_text=_("报备: the day the drill's plan was filed.")
    )
    held_on = models.DateField(_("day held"), null=True, blank=True, db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("number taking part"), null=True, blank=True)
    plan = models.ForeignKey(
        EmergencyPlan,
        verbose_name=_("emergency plan exercised"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drills",
    )
    evaluation = models.TextField(_("evaluation"), blank=True)
    improvements = models.TextField(_("improvements"), blank=True)
    plan_needs_revision = models.BooleanField(_("the plan is to be revised"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=DrillState.choices, default=DrillState.PLANNED)
    photos = models.ManyToManyField(Attachment, verbose_name=_("photos"), blank=True, related_name="+")
    created_by = models.ForeignKey(USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[photos])

    class Meta:
        ordering = ["-held_on", "-planned_on", "-id"]
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        indexes = [models.Index(fields=["enterprise", "held_on"], name="emergency_drill_unit_held")]
        constraints = [
            models.CheckConstraint(
                condition=Q(participants__lte=MAX_PARTICIPANTS), name="emergency_drill_participants_at_most"
            ),
            models.CheckConstraint(
                condition=Q(held_on__isnull=True) | Q(participants__gte=1), name="emergency_drill_held_has_people"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def late_filing(self) -> bool:
        from .rules import late_filing

        return late_filing(self.unscripted, self.filed_on, self.held_on)


class DrillRequirement(models.Model):
    """A crowded place the county office names for a drill by a deadline (兴安办〔2024〕80号 二（三）3: 50人以上
    商超、园区、企业，学校、医院等人员密集场所 … 在11月30日前组织开展一次 … 应急演练)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("place"), on_delete=models.PROTECT, related_name="drill_requirements"
    )
    people = models.PositiveIntegerField(_("people at the place"))
    counted_from = models.DateField(_("drills count from"))
    required_by = models.DateField(_("required by"), db_index=True)
    source = models.CharField(_("source notice"), max_length=120)
    named_by = models.ForeignKey(USER, verbose_name=_("named by"), on_delete=models.PROTECT, related_name="+")
    named_at = models.DateTimeField(_("named"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["required_by", "enterprise__region__code", "enterprise__name", "id"]
        verbose_name = _("named crowded place")
        verbose_name_plural = _("named crowded places")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "required_by"], name="emergency_requirement_once"),
            models.CheckConstraint(
                condition=Q(required_by__gte=models.F("counted_from")), name="emergency_requirement_window"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.required_by}"


class Accident(models.Model):
    """A production safety accident: when, where, which unit, its grade by its consequences, its reporting and its
    investigation. Read by the public rewards and the 一票否决 of 赣发〔2024〕10号 (六) through emergency.accidents."""

    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField(_("name of the unit"), max_length=120)
    place = models.CharField(_("place"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level__in": (RegionLevel.TOWN, RegionLevel.VILLAGE)},
    )
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department,
        verbose_name=_("department in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    grade = models.CharField(_("accident grade"), max_length=8, choices=AccidentGrade.choices, db_index=True)
    deaths = models.PositiveIntegerField(_("deaths"), default=0)
    serious_injuries = models.PositiveIntegerField(_("serious injuries"), default=0)
    direct_loss = models.DecimalField(_("direct economic loss (10,000 yuan)"), max_digits=12, decimal_places=2)
    summary = models.TextField(_("what happened"))
    reporting = models.CharField(
        _("reporting"), max_length=10, choices=Reporting.choices, default=Reporting.REPORTED, db_index=True
    )
    investigation_status = models.CharField(
        _("investigation"), max_length=14, choices=InvestigationStatus.choices, default=InvestigationStatus.NOT_STARTED
    )
    investigation_level = models.CharField(
        _("investigated by"), max_length=14, choices=InvestigationLevel.choices, blank=True
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    report = models.ForeignKey(
        Attachment,
        verbose_name=_("investigation report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("accident")
        verbose_name_plural = _("accidents")
        constraints = [
            models.CheckConstraint(
                condition=Q(deaths__lte=MAX_CASUALTIES) & Q(serious_injuries__lte=MAX_CASUALTIES),
                name="emergency_accident_casualties_at_most",
            ),
            models.CheckConstraint(
                condition=Q(direct_loss__gte=0) & Q(direct_loss__lte=MAX_LOSS), name="emergency_accident_loss_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.unit_name} {self.get_grade_display()}"
