"""Inspections and enforcement: plans, checklists, visits and their results, signatures, actions, documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.core.models import Attachment
from anjian.hazards.models import Hazard
from anjian.org.models import Department, Region, Sector
from anjian.registry.models import Enterprise

from .choices import (
    ActionKind,
    DocumentKind,
    ItemResult,
    PenaltyTarget,
    PlanPeriod,
    SignerRole,
    VisitKind,
    VisitState,
)

USER = settings.AUTH_USER_MODEL


class InspectionPlan(models.Model):
    """年度/月度执法计划 of a department."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="inspection_plans"
    )
    period = models.CharField(_("period"), max_length=6, choices=PlanPeriod.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=120)
    target_visits = models.PositiveIntegerField(_("planned visits"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-month", "department"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")

    def __str__(self) -> str:
        return self.title


class Checklist(models.Model):
    """A sector's check items, editable by the county; seeded from seed 004 (二)1 and attachment 4."""

    name = models.CharField(_("name"), max_length=120)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT, related_name="checklists"
    )
    is_active = models.BooleanField(_("in use"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sector__order", "name"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("check item"))
    group = models.CharField(_("group"), max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["checklist", "order", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text[:40]


class Inspection(models.Model):
    """A visit to a unit: who went, what was checked, what was found; immutable once signed."""

    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=VisitKind.choices)
    unit = models.ForeignKey(
        Enterprise, verbose_name=_("unit visited"), on_delete=models.PROTECT, related_name="inspections"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    town = models.ForeignKey(
        Region,
        verbose_name=_("town"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For visits made by a town government."),
    )
    visit_date = models.DateField(_("date"), db_index=True)
    # The user model is named by a setting, so mypy cannot infer the field type.
    inspectors = models.ManyToManyField(  # type: ignore[var-annotated]
        USER, verbose_name=_("inspectors"), related_name="inspections"
    )
    experts = models.CharField(_("experts"), max_length=200, blank=True)
    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("results"), blank=True)
    unit_representative = models.CharField(_("unit representative"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=VisitState.choices, default=VisitState.DRAFT)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Entered offline (anjian.field): the phone's id of the entry, its clock at capture, the server's at receipt.
    client_uuid = models.UUIDField(_("client UUID"), null=True, blank=True, unique=True, editable=False)
    captured_at = models.DateTimeField(_("captured at (phone clock)"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[inspectors])

    class Meta:
        ordering = ["-visit_date", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"{self.unit} · {self.visit_date}"


class InspectionResult(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="results"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("check item"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("check item"))  # copied, so a later edit of the checklist does not rewrite history
    result = models.CharField(_("result"), max_length=4, choices=ItemResult.choices)
    note = models.TextField(_("note"), blank=True)
    photo = models.ForeignKey(
        Attachment, verbose_name=_("photo"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hazard = models.OneToOneField(
        Hazard,
        verbose_name=_("hazard"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_result",
    )
    # Entered offline (anjian.field): the phone's id of the entry, and who recorded it (a replay is theirs alone).
    client_uuid = models.UUIDField(_("client UUID"), null=True, blank=True, unique=True, editable=False)
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "id"]
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")

    def __str__(self) -> str:
        return f"{self.text[:30]}: {self.get_result_display()}"


class Signature(models.Model):
    """谁检查、谁签名、谁负责: one signature on a visit record."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="signatures"
    )
    role = models.CharField(_("role"), max_length=20, choices=SignerRole.choices)
    signer = models.ForeignKey(
        USER, verbose_name=_("signer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("name"), max_length=40)
    # The representative's handwritten signature (a PNG drawn on the pad), never only a typed name.
    image = models.ForeignKey(
        Attachment,
        verbose_name=_("handwritten signature"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["signed_at", "id"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.get_role_display()})"


class EnforcementAction(models.Model):
    """What follows a visit: penalty, suspension, referral, admonition and the public sanctions."""

    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices, db_index=True)
    unit = models.ForeignKey(
        Enterprise, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="enforcement_actions"
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    hazard = models.ForeignKey(
        Hazard,
        verbose_name=_("hazard"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enforcement_actions",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    town = models.ForeignKey(
        Region, verbose_name=_("town"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("date"), db_index=True)
    description = models.TextField(_("facts and grounds"))
    target = models.CharField(_("penalised"), max_length=10, choices=PenaltyTarget.choices, blank=True)
    unit_amount_wan = models.DecimalField(
        _("fine on the unit (10,000 yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    principal_amount_wan = models.DecimalField(
        _("fine on the principal (10,000 yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    dangerous_operation_crime = models.BooleanField(_("dangerous operation crime (危险作业罪)"), default=False)
    referred_people = models.PositiveIntegerField(_("people referred"), default=0)
    typical = models.BooleanField(_("typical case"), default=False, db_index=True)
    typical_reported_on = models.DateField(_("reported as typical on"), null=True, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("enforcement action")
        verbose_name_plural = _("enforcement actions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit}"


class DocumentCounter(models.Model):
    """The last number of a department's documents of one kind in a year (rows locked while issuing)."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["department", "year", "kind"], name="inspections_counter_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.department_id}/{self.year}/{self.kind}: {self.last}"


class EnforcementDocument(models.Model):
    """执法文书 with its number: one sequence per department, year and kind, without gaps or duplicates."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="documents"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("document number"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices, db_index=True)
    unit = models.ForeignKey(
        Enterprise, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="enforcement_documents"
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    action = models.ForeignKey(
        EnforcementAction,
        verbose_name=_("enforcement action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    issued_on = models.DateField(_("issued on"), db_index=True)
    # What the printed document says, fixed when it is issued (a later edit of the visit does not change it).
    facts = models.TextField(_("facts found"), blank=True)
    decision = models.TextField(_("legal basis and decision"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    issued_by = models.ForeignKey(USER, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "kind", "sequence"], name="inspections_document_once_per_kind"
            )
        ]
        verbose_name = _("enforcement document")
        verbose_name_plural = _("enforcement documents")

    def __str__(self) -> str:
        return self.number
