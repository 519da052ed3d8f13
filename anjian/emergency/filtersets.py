"""The filters of drills, plans, named places, accidents and the units' drill frequency, shared by the web pages
and the API so both filter alike. Regions, sectors and departments are given by their codes (an unknown code is
a 400), a unit by its registry id."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.core.api import CodeChoiceFilter
from anjian.hazards.filtersets import MAX_ID, IdFilter
from anjian.org.jurisdiction import in_region
from anjian.org.models import Department, Region, Sector
from anjian.registry.models import Enterprise

from . import rules
from .choices import (
    CONCEALED,
    AccidentGrade,
    DrillKind,
    DrillState,
    FrequencyStatus,
    InvestigationStatus,
    Organiser,
    PlanKind,
    Reporting,
    RequirementStatus,
)
from .models import Accident, Drill, DrillRequirement, EmergencyPlan

REGION_HELP = _("A region code: a town's code matches everything under it.")
WAITING = "waiting"  # the named places not yet drilled: pending or overdue


def _region() -> CodeChoiceFilter:
    return CodeChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="code", method="filter_region",
        help_text=REGION_HELP,
    )  # fmt: skip


def _sector(field: str = "sector") -> CodeChoiceFilter:
    return CodeChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="code", field_name=field,
        help_text=_("The sector's code."),
    )  # fmt: skip


def _department() -> CodeChoiceFilter:
    return CodeChoiceFilter(
        label=_("Department"), queryset=Department.objects.all(), to_field_name="code", field_name="department",
        help_text=_("The department's code: its own rows and its units'."),
    )  # fmt: skip


def _unit(field: str = "enterprise_id") -> IdFilter:
    return IdFilter(
        label=_("Unit"), field_name=field, min_value=1, max_value=MAX_ID, help_text=_("The unit's registry id.")
    )


def _search(help_text) -> django_filters.CharFilter:
    return django_filters.CharFilter(label=_("Search"), method="filter_search", help_text=help_text)


class _Common(django_filters.FilterSet):
    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        return in_region(queryset, value) if value is not None else queryset


class DrillFilterSet(_Common):
    search = _search(_("Title, unit or place contains this text."))
    enterprise = _unit()
    kind = django_filters.ChoiceFilter(label=_("Kind of drill"), choices=DrillKind.choices)
    organiser = django_filters.ChoiceFilter(label=_("Organiser"), choices=Organiser.choices)
    state = django_filters.ChoiceFilter(label=_("Drill state"), choices=DrillState.choices)
    unscripted = django_filters.BooleanFilter(label=_("Unscripted"))
    late_filing = django_filters.BooleanFilter(
        label=_("Plan filed late"), method="filter_late", help_text=_("true: unscripted drills whose plan was not filed before the day.")
    )  # fmt: skip
    region = _region()
    sector = _sector()
    department = _department()
    held_from = django_filters.DateFilter(label=_("Held from"), field_name="held_on", lookup_expr="gte")
    held_to = django_filters.DateFilter(label=_("Held until"), field_name="held_on", lookup_expr="lte")

    class Meta:
        model = Drill
        fields = ["search", "enterprise", "kind", "organiser", "state", "unscripted", "late_filing", "region",
                  "sector", "department", "held_from", "held_to"]  # fmt: skip

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(enterprise__name__icontains=value) | Q(place__icontains=value)
        )

    def filter_late(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(rules.late_filing_q()) if value else queryset.exclude(rules.late_filing_q())


class PlanFilterSet(_Common):
    search = _search(_("Title or unit contains this text."))
    enterprise = _unit()
    kind = django_filters.ChoiceFilter(label=_("Kind of plan"), choices=PlanKind.choices)
    organiser = django_filters.ChoiceFilter(label=_("Owner"), choices=Organiser.choices)
    current = django_filters.BooleanFilter(label=_("Current version"))
    needs_revision = django_filters.BooleanFilter(label=_("To be revised"))
    review_due = django_filters.BooleanFilter(
        label=_("Evaluation due"), method="filter_review_due", help_text=_("true: current plans whose three-yearly evaluation is due.")
    )  # fmt: skip
    filed = django_filters.BooleanFilter(label=_("Filed"), field_name="filed_on", lookup_expr="isnull", exclude=True)
    region = _region()
    department = _department()

    class Meta:
        model = EmergencyPlan
        fields = ["search", "enterprise", "kind", "organiser", "current", "needs_revision", "review_due", "filed",
                  "region", "department"]  # fmt: skip

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(enterprise__name__icontains=value)) if value else queryset

    def filter_review_due(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        due = rules.review_due_q(timezone.localdate())
        return queryset.filter(due) if value else queryset.exclude(due)


class AccidentFilterSet(_Common):
    search = _search(_("Unit, place or summary contains this text."))
    enterprise = _unit()
    grade = django_filters.ChoiceFilter(label=_("Accident grade"), choices=AccidentGrade.choices)
    reporting = django_filters.ChoiceFilter(label=_("Reporting"), choices=Reporting.choices)
    concealed = django_filters.BooleanFilter(label=_("Concealed or falsely reported"), method="filter_concealed")
    investigation_status = django_filters.ChoiceFilter(label=_("Investigation"), choices=InvestigationStatus.choices)
    region = _region()
    sector = _sector()
    occurred_from = django_filters.DateFilter(label=_("From"), field_name="occurred_at__date", lookup_expr="gte")
    occurred_to = django_filters.DateFilter(label=_("To"), field_name="occurred_at__date", lookup_expr="lte")

    class Meta:
        model = Accident
        fields = ["search", "enterprise", "grade", "reporting", "concealed", "investigation_status", "region",
                  "sector", "occurred_from", "occurred_to"]  # fmt: skip

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(unit_name__icontains=value) | Q(place__icontains=value) | Q(summary__icontains=value))

    def filter_concealed(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(reporting__in=CONCEALED) if value else queryset.exclude(reporting__in=CONCEALED)


class RequirementFilterSet(_Common):
    """Over places annotated with their `status` (rules.with_requirement_status)."""

    search = _search(_("The place's name contains this text."))
    enterprise = _unit()
    status = django_filters.ChoiceFilter(
        label=_("Drill progress"), method="filter_status",
        choices=[*RequirementStatus.choices, (WAITING, _("Not yet drilled (pending or overdue)"))],
    )  # fmt: skip
    region = _region()
    sector = _sector("enterprise__sector")
    year = django_filters.NumberFilter(
        label=_("Deadline year"), field_name="required_by__year", min_value=2000, max_value=2100
    )

    class Meta:
        model = DrillRequirement
        fields = ["search", "enterprise", "status", "region", "sector", "year"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(enterprise__name__icontains=value) if value else queryset

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        if value == WAITING:
            return queryset.filter(status__in=[RequirementStatus.PENDING, RequirementStatus.OVERDUE])
        return queryset.filter(status=value)


class FrequencyFilterSet(_Common):
    """Over registry units annotated with `drill_status` (rules.with_frequency)."""

    search = _search(_("The unit's name contains this text."))
    status = django_filters.ChoiceFilter(
        label=_("Drill frequency"), choices=FrequencyStatus.choices, field_name="drill_status"
    )
    high_risk = django_filters.BooleanFilter(label=_("High-risk"))
    region = _region()
    sector = _sector()

    class Meta:
        model = Enterprise
        fields = ["search", "status", "high_risk", "region", "sector"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset
