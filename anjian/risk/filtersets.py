"""The risk point list's filters, shared by the web UI and the API so both filter alike.

`min_level=yellow` gives the risk database of every point of 一般 and above (seed 001 mines plan:
县级矿山企业一般及以上安全风险数据库).
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from anjian.core.api import CodeChoiceFilter, CodeMultipleChoiceFilter
from anjian.hazards.filtersets import MAX_ID, IdFilter
from anjian.org.jurisdiction import in_region
from anjian.org.models import Region, Sector

from .choices import LEVEL_RANK, PointKind, RiskLevel
from .models import RiskPoint


def levels_at_least(level: str) -> list[str]:
    """The levels at or above `level` (yellow: red, orange and yellow)."""
    rank = LEVEL_RANK[RiskLevel(level)]
    return [str(value) for value, value_rank in LEVEL_RANK.items() if value_rank <= rank]


class RiskPointFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Name, hazard factors or enterprise name contains this text."),
    )
    enterprise = IdFilter(
        label=_("Enterprise"),
        field_name="enterprise_id",
        min_value=1,
        max_value=MAX_ID,
        help_text=_("The enterprise's registry id."),
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
    level = django_filters.MultipleChoiceFilter(
        label=_("Level"), choices=RiskLevel.choices, help_text=_("Repeat to match any of several levels.")
    )
    min_level = django_filters.ChoiceFilter(
        label=_("At least"),
        choices=RiskLevel.choices,
        method="filter_min_level",
        help_text=_("This level and above: yellow gives every point of general risk and above."),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PointKind.choices)

    class Meta:
        model = RiskPoint
        fields = ["search", "enterprise", "region", "sector", "level", "min_level", "kind"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(hazard_factors__icontains=value) | Q(enterprise__name__icontains=value)
        )

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        return in_region(queryset, value) if value is not None else queryset

    def filter_min_level(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(level__in=levels_at_least(value)) if value else queryset
