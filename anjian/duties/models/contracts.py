"""Outsourcing and leasing of an enterprise's projects, sites and equipment (外包外租, 高府发〔2023〕14号
三（一）6), and whether the relation is 外包外租安全管理混乱: any one of the four conditions of 附件4 注2 —
the contractor or lessee lacks safe production conditions or the required qualification, no safety agreement is
signed, safety duties are unclear, or it is not under the unit's unified management. The flag is computed on
every save from the record's own fields, so lists filter and figures count it in SQL."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.core.validators import validate_credit_code
from anjian.registry.models import Enterprise

from ..choices import ContractKind, Disorder

USER = settings.AUTH_USER_MODEL


def disorder_reasons(
    *, safety_conditions: bool, qualification_required: str, qualification_held: str, agreement_signed: bool,
    duties_defined: bool, unified_management: bool,
) -> list[str]:  # fmt: skip
    """The conditions of 高府发〔2023〕14号 附件4 注2 the relation meets, in the note's order (none: orderly)."""
    found: list[str] = []
    if not safety_conditions or ((qualification_required or "").strip() and not (qualification_held or "").strip()):
        found.append(Disorder.NOT_QUALIFIED)
    if not agreement_signed:
        found.append(Disorder.NO_AGREEMENT)
    if not duties_defined:
        found.append(Disorder.DUTIES_UNCLEAR)
    if not unified_management:
        found.append(Disorder.NOT_UNIFIED)
    return found


class OutsourcingContract(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="outsourcing_contracts"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ContractKind.choices)
    subject = models.CharField(_("project, site or equipment"), max_length=200)
    counterparty = models.CharField(_("contractor or lessee"), max_length=120)
    counterparty_credit_code = models.CharField(
        _("its unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18 characters (GB 32100-2015); empty for a natural person."),
    )
    qualification_required = models.CharField(
        _("qualification required"), max_length=200, blank=True, help_text=_("Empty when the work needs none.")
    )
    qualification_held = models.CharField(_("qualification held"), max_length=200, blank=True)
    safety_conditions = models.BooleanField(_("has safe production conditions"), default=True)
    agreement_signed = models.BooleanField(_("safety agreement signed"), default=False)
    duties_defined = models.BooleanField(_("safety duties defined"), default=False)
    unified_management = models.BooleanField(_("under the unit's unified management"), default=False)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    disorderly = models.BooleanField(_("management disorderly"), default=False, editable=False, db_index=True)
    created_by = models.ForeignKey(USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="duties_contract_ends_after_start",
            ),
        ]
        verbose_name = _("outsourcing or leasing contract")
        verbose_name_plural = _("outsourcing and leasing contracts")

    def __str__(self) -> str:
        return f"{self.enterprise.name} · {self.counterparty}"

    def reasons(self) -> list[str]:
        return disorder_reasons(
            safety_conditions=self.safety_conditions,
            qualification_required=self.qualification_required,
            qualification_held=self.qualification_held,
            agreement_signed=self.agreement_signed,
            duties_defined=self.duties_defined,
            unified_management=self.unified_management,
        )

    def reason_labels(self) -> list[str]:
        return [str(Disorder(r).label) for r in self.reasons()]

    def save(self, *args, **kwargs) -> None:
        self.disorderly = bool(self.reasons())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "disorderly"}
        super().save(*args, **kwargs)
