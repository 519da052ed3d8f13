"""The filters of visits, enforcement actions and documents, shared by the web UI and the API so both
filter alike. Regions, sectors and departments are given by their codes; an unknown code is a 400."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from anjian.core.api import CodeChoiceFilter, CodeMultipleChoiceFilter
from anjian.hazards.filtersets import MAX_ID, IdFilter
from anjian.org.jurisdiction import in_region
from anjian.org.models import Department, Region, Sector

from .choices import ActionKind, DocumentKind, VisitKind, VisitState
from .models import EnforcementAction, EnforcementDocument, Inspection

REGION_HELP = _("A region code: a town's code matches everything under it, a grid's code its grid.")


def _region_filter() -> CodeChoiceFilter:
    return CodeChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="code",
        method="filter_region",
        help_text=REGION_HELP,
    )


def _department_filter() -> CodeChoiceFilter:
    return CodeChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.all(),
        to_field_name="code",
        field_name="department",
        help_text=_("The department's code."),
    )


def _unit_filter() -> IdFilter:
    return IdFilter(
        label=_("Unit"), field_name="unit_id", min_value=1, max_value=MAX_ID, help_text=_("The unit's registry id.")
    )


class _RegionMixin:
    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        return in_region(queryset, value) if value is not None else queryset


class InspectionFilterSet(_RegionMixin, django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=VisitKind.choices)
    unit = _unit_filter()
    region = _region_filter()
    sector = CodeMultipleChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        to_field_name="code",
        field_name="sector",
        help_text=_("Sector code; repeat to match any of several."),
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="visit_date", lookup_expr="gte", help_text=_("Visited on or after (ISO date).")
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="visit_date", lookup_expr="lte", help_text=_("Visited on or before (ISO date).")
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=VisitState.choices)
    department = _department_filter()

    class Meta:
        model = Inspection
        fields = ["kind", "unit", "region", "sector", "date_from", "date_to", "state", "department"]


class EnforcementActionFilterSet(_RegionMixin, django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActionKind.choices)
    unit = _unit_filter()
    region = _region_filter()
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="decided_on", lookup_expr="gte", help_text=_("Decided on or after (ISO date).")
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="decided_on", lookup_expr="lte", help_text=_("Decided on or before (ISO date).")
    )
    typical = django_filters.BooleanFilter(label=_("Typical case"), field_name="typical")

    class Meta:
        model = EnforcementAction
        fields = ["kind", "unit", "region", "date_from", "date_to", "typical"]


class DocumentFilterSet(_RegionMixin, django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DocumentKind.choices)
    department = _department_filter()
    year = django_filters.NumberFilter(label=_("Year"), field_name="year", min_value=1900, max_value=9999)
    region = _region_filter()

    class Meta:
        model = EnforcementDocument
        fields = ["kind", "department", "year", "region"]
