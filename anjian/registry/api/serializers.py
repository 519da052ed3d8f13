"""How an enterprise looks on the wire: codes for regions and sectors, names for the responsible unit.

Writes go through `services.save_enterprise`, so the API validates exactly like the web forms.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from anjian.core.api import django_error_dict, has_nul
from anjian.core.validators import credit_code_problem
from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import roles, within
from anjian.org.models import Region

from ..models import Enterprise
from ..services import resolve_region, resolve_responsible_unit, resolve_sector, save_enterprise

# Model field names that the API shows under another name.
API_FIELD_NAMES = {"responsible_department": "responsible_unit", "responsible_town": "responsible_unit"}


class _CodeField(serializers.Field):
    """A related record written as text (its code) and read as its code."""

    default_error_messages = {"invalid": _("Give a code as text.")}

    def text(self, data: Any) -> str:
        if isinstance(data, bool) or not isinstance(data, str | int) or has_nul(data):
            self.fail("invalid")
        return str(data).strip()

    def to_representation(self, value: Any) -> str:
        return value.code


@extend_schema_field({"type": "string", "example": "360732104201"})
class RegionCodeField(_CodeField):
    """A town or village by its 12-digit code (or an unambiguous name)."""

    def to_internal_value(self, data: Any) -> Region:
        try:
            return resolve_region(self.text(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


@extend_schema_field({"type": "string", "nullable": True, "example": "360732100001001"})
class GridCodeField(_CodeField):
    default_error_messages = {**_CodeField.default_error_messages, "unknown": _("Unknown grid “%(value)s”.")}

    def to_internal_value(self, data: Any) -> Region:
        value = self.text(data)
        grid = Region.objects.filter(code=value, level=RegionLevel.GRID).first()
        if grid is None:
            self.fail("unknown", value=value)
        return grid


@extend_schema_field({"type": "string", "example": "fireworks"})
class SectorCodeField(_CodeField):
    def to_internal_value(self, data: Any):
        try:
            return resolve_sector(self.text(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class EnterpriseSerializer(serializers.ModelSerializer):
    credit_code = serializers.CharField(
        label=_("unified social credit code"),
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=40,
        help_text=_("18 characters (GB 32100-2015); empty or null for units without one."),
    )
    region = RegionCodeField(help_text=_("12-digit code of the town or village."))
    grid = GridCodeField(required=False, allow_null=True, help_text=_("Code of the grid, or null."))
    sector = SectorCodeField(help_text=_("Sector code, e.g. fireworks."))
    responsible_unit = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=80,
        help_text=_("责任单位: a department (code or name) or a town government (code or name)."),
    )

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "credit_code",
            "kind",
            "address",
            "region",
            "grid",
            "sector",
            "high_risk",
            "high_risk_activity",
            "above_scale",
            "staff_count",
            "established_on",
            "standardization_grade",
            "status",
            "principal",
            "principal_phone",
            "responsible_unit",
            "liaison_leader",
            "liaison_leader_phone",
            "responsible_cadre",
            "responsible_cadre_phone",
            "needs_completion",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "high_risk", "created_at", "updated_at"]
        extra_kwargs = {"staff_count": {"max_value": 2_147_483_647}}

    def validate_credit_code(self, value: str | None) -> str | None:
        code = (value or "").strip().upper()
        if not code:
            return None
        problem = credit_code_problem(code)
        if problem:
            raise serializers.ValidationError(problem)
        return code

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "responsible_unit" in attrs:
            try:
                within = attrs.get("region") or getattr(self.instance, "region", None)
                department, town = resolve_responsible_unit(attrs.pop("responsible_unit"), within)
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"responsible_unit": exc.messages}) from exc
            attrs["responsible_department"], attrs["responsible_town"] = department, town
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Enterprise:
        return self._save(Enterprise(), validated_data)

    def update(self, instance: Enterprise, validated_data: dict[str, Any]) -> Enterprise:
        return self._save(instance, validated_data)

    def _save(self, enterprise: Enterprise, changes: dict[str, Any]) -> Enterprise:
        """Save through the service; undo and refuse when the result would leave the writer's jurisdiction."""
        user = self.context["request"].user
        enterprise._history_user = user  # token-authenticated requests are invisible to the history middleware
        try:
            with transaction.atomic():
                save_enterprise(enterprise, changes)
                if not within(user, enterprise):
                    raise DjangoValidationError({_jurisdiction_field(user): _outside_message()})
        except DjangoValidationError as exc:
            raise serializers.ValidationError(django_error_dict(exc, API_FIELD_NAMES)) from exc
        return enterprise


def _jurisdiction_field(user) -> str:
    """Territorial roles are bound by region; department users by the sectors they supervise."""
    user_roles = roles(user)
    if Role.DEPARTMENT in user_roles and not user_roles & {Role.TOWN, Role.GRID_WORKER}:
        return "sector"
    return "region"


def _outside_message() -> str:
    return str(_("This would place the enterprise outside your jurisdiction."))
