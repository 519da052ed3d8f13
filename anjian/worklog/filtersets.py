"""The filters of work records and the roster, shared by the web pages and the API so both filter alike.
Towns and departments are given by their codes; an unknown code is a 400."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from anjian.core.api import CodeChoiceFilter
from anjian.org.choices import TOWN_AND_ABOVE, RegionLevel
from anjian.org.models import Department, Region

from .choices import InspectorKind, WorkKind
from .models import TechnicalInspector, WorkRecord


def _in_area(queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
    return queryset.filter(region__path__startswith=value.path) if value is not None else queryset


def _town_filter() -> CodeChoiceFilter:
    return CodeChoiceFilter(
        label=_("Town"),
        queryset=Region.objects.filter(level__in=TOWN_AND_ABOVE),
        to_field_name="code",
        method=_in_area,
        help_text=_("A town's code: the town's own work (a county's code: all the work in the county)."),
    )


def _department_filter() -> CodeChoiceFilter:
    return CodeChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.all(),
        to_field_name="code",
        field_name="department",
        help_text=_("The department's code: the department's own work."),
    )


class WorkRecordFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=WorkKind.choices)
    town = _town_filter()
    department = _department_filter()
    county_office = django_filters.BooleanFilter(
        label=_("The county office's own"),
        method="filter_county_office",
        help_text=_("true: only the work the county office recorded at county level."),
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", help_text=_("On or after (ISO date).")
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", help_text=_("On or before (ISO date).")
    )

    class Meta:
        model = WorkRecord
        fields = ["kind", "town", "department", "county_office", "date_from", "date_to"]

    def filter_county_office(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        own = {"department__isnull": True, "region__level": RegionLevel.COUNTY}
        return queryset.filter(**own) if value else queryset.exclude(**own)


class TechnicalInspectorFilterSet(django_filters.FilterSet):
    town = _town_filter()
    department = _department_filter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InspectorKind.choices)
    serving = django_filters.BooleanFilter(
        label=_("Serving"), field_name="until", lookup_expr="isnull", help_text=_("true: only those still serving.")
    )

    class Meta:
        model = TechnicalInspector
        fields = ["town", "department", "kind", "serving"]
