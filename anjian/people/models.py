"""The people of a supervised unit, their absences, training records and certificates, and the unit's permits
for hot work and other special works (存单). What the rules compare in SQL — a certificate's expiry and next
review, the last day of a manager's assessment, whether an absence was long — is stored, computed on save by
people/periods.py."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.registry.models import Enterprise

from . import periods
from .choices import (
    CATEGORY_FIELDS,
    AssessmentResult,
    Category,
    CertificateKind,
    OperationType,
    PermitKind,
    TrainingKind,
)
from .validators import mask_id_number, mask_within, validate_id_number

USER = settings.AUTH_USER_MODEL
MAX_HOURS = Decimal("200")  # one course of more than 200 学时 is a typing error (the longest rule asks for 72)


class Person(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="people"
    )
    name = models.CharField(_("full name"), max_length=40)
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        validators=[validate_id_number],
        help_text=_("18 characters (GB 11643); shown masked everywhere."),
    )
    post = models.CharField(_("post"), max_length=60, blank=True)
    is_principal = models.BooleanField(Category.PRINCIPAL.label, default=False)
    is_safety_manager = models.BooleanField(Category.SAFETY_MANAGER.label, default=False)
    is_special_operation = models.BooleanField(Category.SPECIAL_OPERATION.label, default=False)
    is_team_leader = models.BooleanField(Category.TEAM_LEADER.label, default=False)
    is_new_staff = models.BooleanField(Category.NEW_STAFF.label, default=False)
    is_dispatched = models.BooleanField(Category.DISPATCHED.label, default=False)
    is_outsourced = models.BooleanField(Category.OUTSOURCED.label, default=False)
    operation_type = models.CharField(
        _("special operation"),
        max_length=24,
        choices=OperationType.choices,
        blank=True,
        help_text=_("The special operation a special-operation worker performs."),
    )
    appointed_on = models.DateField(
        _("appointed on"), null=True, blank=True, help_text=_("任职日期 of a principal or safety manager.")
    )
    assessment_due_on = models.DateField(_("assessment due by"), null=True, editable=False)
    started_on = models.DateField(_("took up the post on"), null=True, blank=True)
    left_on = models.DateField(
        _("left on"), null=True, blank=True, help_text=_("The last day at the unit; empty while working there.")
    )
    created_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["enterprise_id", "name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("personnel")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "id_number"], name="people_person_one_id_per_unit"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(started_on__isnull=True) | Q(left_on__gte=F("started_on")),
                name="people_person_left_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["enterprise", "name"], name="people_person_unit_name"),
            models.Index(fields=["operation_type"], name="people_person_operation"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.enterprise.name}）" if self.enterprise_id else self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def categories(self) -> list[str]:
        return [code for code, name in CATEGORY_FIELDS.items() if getattr(self, name)]

    def category_labels(self) -> list[str]:
        return [str(Category(code).label) for code in self.categories]

    @property
    def is_manager(self) -> bool:
        return self.is_principal or self.is_safety_manager

    def compute(self) -> None:
        self.assessment_due_on = periods.assessment_due(self.appointed_on) if self.is_manager else None

    def save(self, *args, **kwargs) -> None:
        self.compute()
        super().save(*args, **kwargs)


class Absence(models.Model):
    """A time away from the post (离岗): from the first day away to the day back (empty while away)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="absences")
    away_from = models.DateField(_("away from"))
    back_on = models.DateField(_("back on"), null=True, blank=True, help_text=_("The day back at the post."))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    long_absence = models.BooleanField(_("3 months or more"), default=False, editable=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-away_from", "-id"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=Q(back_on__isnull=True) | Q(back_on__gt=F("away_from")), name="people_absence_back_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.away_from} – {self.back_on or '…'}"

    def compute(self) -> None:
        self.long_absence = periods.long_absence(self.away_from, self.back_on)

    def save(self, *args, **kwargs) -> None:
        self.compute()
        super().save(*args, **kwargs)


class TrainingRecord(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="training_records"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TrainingKind.choices)
    course = models.CharField(_("course"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, help_text=_("学时."))
    date = models.DateField(_("date"), help_text=_("The day the training ended."))
    provider = models.CharField(_("provider"), max_length=120, blank=True)
    result = models.CharField(
        _("assessment result"), max_length=8, choices=AssessmentResult.choices, default=AssessmentResult.PASSED
    )
    created_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=MAX_HOURS), name="people_training_hours_in_range"
            ),
        ]
        indexes = [models.Index(fields=["person", "kind", "date"], name="people_training_person_kind")]

    def __str__(self) -> str:
        return f"{self.date} {self.course}（{self.hours}）"


class Certificate(models.Model):
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("kind"), max_length=24, choices=CertificateKind.choices)
    operation_type = models.CharField(
        _("operation type"), max_length=24, choices=OperationType.choices, blank=True, default=""
    )
    number = models.CharField(_("certificate number"), max_length=40)
    issuer = models.CharField(_("issuing authority"), max_length=80)
    issued_elsewhere = models.BooleanField(
        _("issued outside the county"), default=False, help_text=_("外地取证: issued by an authority of another place.")
    )
    issued_on = models.DateField(_("issue date"))
    expires_on = models.DateField(_("valid until"))
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    long_review = models.BooleanField(
        _("reviewed every 6 years"),
        default=False,
        help_text=_("10 years or more in the same job without violations: no review before it expires."),
    )
    next_review_on = models.DateField(_("next review by"), null=True, editable=False)
    created_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["expires_on", "id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(condition=Q(expires_on__gt=F("issued_on")), name="people_certificate_expiry_after"),
            models.UniqueConstraint(
                fields=["kind", "operation_type", "number", "issued_on"], name="people_certificate_number_once"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "kind", "operation_type", "expires_on"], name="people_cert_person_kind"),
            models.Index(fields=["expires_on"], name="people_cert_expires"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.masked_number}"  # never the holder's ID number in clear

    @property
    def masked_number(self) -> str:
        """The number as shown: the holder's ID number masked within it."""
        return mask_within(self.number, self.person.id_number)

    @property
    def title(self) -> str:
        if self.operation_type:
            return f"{self.get_kind_display()}（{self.get_operation_type_display()}）"
        return str(self.get_kind_display())

    def compute(self) -> None:
        if self.expires_on is None and self.issued_on is not None:
            self.expires_on = periods.expiry(self.kind, self.issued_on)
        self.next_review_on = periods.next_review(
            self.kind, self.issued_on, self.expires_on, self.reviewed_on, self.long_review
        )

    def save(self, *args, **kwargs) -> None:
        self.compute()
        super().save(*args, **kwargs)


class Permit(models.Model):
    """A written permit for hot work or another special work (作业审批): the 存单 inspectors check."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="permits"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=PermitKind.choices, default=PermitKind.HOT_WORK)
    number = models.CharField(_("permit number"), max_length=40, blank=True)
    worker = models.ForeignKey(Person, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="permits")
    guardian = models.ForeignKey(Person, verbose_name=_("guardian"), on_delete=models.PROTECT, related_name="+")
    approver = models.ForeignKey(Person, verbose_name=_("approver"), on_delete=models.PROTECT, related_name="+")
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate checked"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The worker's certificate found valid on the permit's days."),
    )
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    measures = models.TextField(_("safety measures"))
    created_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("special work permit")
        verbose_name_plural = _("special work permits")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="people_permit_ends_after_start"),
        ]
        indexes = [models.Index(fields=["enterprise", "starts_at"], name="people_permit_unit_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.place}"
