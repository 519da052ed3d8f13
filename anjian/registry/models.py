"""The enterprise registry: every supervised unit (生产经营单位) and who answers for it."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.core import dates
from anjian.core.validators import validate_credit_code, validate_phone
from anjian.org.choices import RegionLevel
from anjian.org.models import Department, Region, Sector

from .choices import EnterpriseStatus, HighRiskActivity, StandardizationGrade, UnitKind

# The public page of a unit (the QR code on its signboard) is found by this token, never by the database id.
TOKEN_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # noqa: S105 (no 0/O, 1/I: typed from a photo of the plate)
TOKEN_LENGTH = 10  # 50 bits: not to be guessed, short enough for a small QR code


def new_public_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


class Enterprise(models.Model):
    name = models.CharField(_("name"), max_length=120)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_credit_code],
        help_text=_("18 characters (GB 32100-2015). Leave empty for units that have none, such as small shops."),
    )
    kind = models.CharField(_("unit kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.ENTERPRISE)
    address = models.CharField(_("address"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="enterprises",
        help_text=_("The town or village the unit is in."),
    )
    grid = models.ForeignKey(
        Region,
        verbose_name=_("grid"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grid_enterprises",
        limit_choices_to={"level": RegionLevel.GRID},
    )
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="enterprises")
    high_risk_activity = models.CharField(
        _("high-risk activity"),
        max_length=30,
        choices=HighRiskActivity.choices,
        blank=True,
        default="",
    )
    high_risk = models.BooleanField(_("high-risk"), default=False, editable=False, db_index=True)
    above_scale = models.BooleanField(_("above designated size"), default=False)
    staff_count = models.PositiveIntegerField(_("staff"), default=0)
    established_on = models.DateField(
        _("established on"),
        null=True,
        blank=True,
        help_text=_("成立日期 on the business licence; no visit or decision about the unit lies before it."),
    )
    standardization_grade = models.CharField(
        _("standardization grade"),
        max_length=1,
        choices=StandardizationGrade.choices,
        blank=True,
        default="",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EnterpriseStatus.choices, default=EnterpriseStatus.OPERATING, db_index=True
    )
    principal = models.CharField(_("principal"), max_length=40, blank=True)
    principal_phone = models.CharField(_("principal's phone"), max_length=20, blank=True, validators=[validate_phone])
    responsible_department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_for",
    )
    responsible_town = models.ForeignKey(
        Region,
        verbose_name=_("responsible town government"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_for",
        limit_choices_to={"level": RegionLevel.TOWN},
        help_text=_("For units under territorial supervision, e.g. 高兴镇人民政府 for its shops."),
    )
    liaison_leader = models.CharField(_("liaison leader"), max_length=40, blank=True)
    liaison_leader_phone = models.CharField(
        _("liaison leader's phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    responsible_cadre = models.CharField(_("responsible cadre"), max_length=40, blank=True)
    responsible_cadre_phone = models.CharField(
        _("responsible cadre's phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    # A place a grid worker recorded with a hazard before it was in the registry: the town completes it.
    needs_completion = models.BooleanField(
        _("to be completed"),
        default=False,
        db_index=True,
        help_text=_("Recorded on the spot with only a name, kind and address; untick once the town has completed it."),
    )
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned experts"), blank=True, related_name="expert_enterprises"
    )
    # Printed as a QR code on the signboard (registry.signboard): stays the same for the life of the plate.
    public_token = models.CharField(
        _("public page token"), max_length=TOKEN_LENGTH, unique=True, default=new_public_token, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "public_token"])

    class Meta:
        ordering = ["region__code", "name", "id"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_department__isnull=True) | Q(responsible_town__isnull=True),
                name="registry_enterprise_one_responsible_unit",
            ),
        ]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["sector", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def responsible_unit(self) -> str:
        """责任单位 as printed: the department's name, or the town government's."""
        if self.responsible_department is not None:
            return self.responsible_department.name
        if self.responsible_town is not None:
            return self.responsible_town.unit_name
        return ""

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        region = self.region if self.region_id else None
        grid = self.grid if self.grid_id else None
        if region is not None and region.level not in (RegionLevel.TOWN, RegionLevel.VILLAGE):
            errors["region"] = _("Choose a town or a village.")
        if grid is not None:
            if grid.level != RegionLevel.GRID:
                errors["grid"] = _("Choose a grid.")
            elif region is not None and not grid.path.startswith(region.path):
                errors["grid"] = _("The grid must lie inside the chosen region.")
        if self.responsible_department_id and self.responsible_town_id:
            errors["responsible_town"] = _("Choose either a department or a town government as the responsible unit.")
        if self.established_on is not None:
            try:
                dates.check_date(
                    self.established_on,
                    field="established_on",
                    floor=dates.EARLIEST_ESTABLISHED,
                    ceiling=dates.today(),
                    floor_reason=dates.ESTABLISHED_FLOOR,
                )
            except ValidationError as exc:
                errors.update(exc.error_dict)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        if self.credit_code == "":
            self.credit_code = None
        self.high_risk = bool(self.sector.high_risk or self.high_risk_activity) if self.sector_id else False
        super().save(*args, **kwargs)
