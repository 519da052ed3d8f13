"""The enterprise list's filters, shared by the web UI and the API so both filter alike."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from anjian.core.api import CodeChoiceFilter, CodeMultipleChoiceFilter
from anjian.org.models import Department, Region, Sector

from .choices import EnterpriseStatus, UnitKind
from .models import Enterprise
from .services import enterprises_in


class EnterpriseFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Name, credit code, principal or address contains this text."),
    )
    region = CodeChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="code",
        method="filter_region",
        help_text=_("A region code: a town's or the county's code matches everything under it."),
    )
    sector = CodeMultipleChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        to_field_name="code",
        field_name="sector",
        help_text=_("Sector code; repeat to match any of several."),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EnterpriseStatus.choices)
    high_risk = django_filters.BooleanFilter(label=_("High-risk"))
    above_scale = django_filters.BooleanFilter(label=_("Above designated size"))
    responsible_department = CodeChoiceFilter(
        label=_("Responsible department"),
        queryset=Department.objects.all(),
        to_field_name="code",
        field_name="responsible_department",
        help_text=_("Department code."),
    )
    kind = django_filters.ChoiceFilter(label=_("Unit kind"), choices=UnitKind.choices)
    needs_completion = django_filters.BooleanFilter(
        label=_("To be completed"), help_text=_("Recorded on the spot by a grid worker; the town completes it.")
    )

    class Meta:
        model = Enterprise
        fields = [
            "search",
            "region",
            "sector",
            "status",
            "high_risk",
            "above_scale",
            "responsible_department",
            "kind",
            "needs_completion",
        ]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(credit_code__icontains=value)
            | Q(principal__icontains=value)
            | Q(address__icontains=value)
        )

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        return enterprises_in(value, queryset) if value is not None else queryset

    def selected_sectors(self) -> list[Sector]:
        """The sectors the (valid) filter asks for; used to title exports such as 烟花爆竹安全生产责任公示牌."""
        if not self.is_bound or not self.is_valid():
            return []
        return list(self.form.cleaned_data.get("sector") or [])
