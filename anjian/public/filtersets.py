"""The report queue's, the rewards' and the typical cases' filters, shared by the web pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anjian.core.api import CodeChoiceFilter
from anjian.org.jurisdiction import in_region
from anjian.org.models import Region, Sector

from .choices import CaseState, Outcome, ReportState, RewardBasis, RewardState
from .figures import late_q
from .models import CasePublication, PublicReport, Reward


class ReportFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("Text, address, unit or tracking code contains this.")
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=ReportState.choices)
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices)
    region = CodeChoiceFilter(
        label=_("Town"),
        queryset=Region.objects.all(),
        to_field_name="code",
        method="filter_region",
        help_text=_("A town's region code."),
    )
    sector = CodeChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="code", field_name="sector"
    )
    late = django_filters.BooleanFilter(
        label=_("Acknowledged late"), method="filter_late", help_text=_("Acknowledged after its deadline, or past it.")
    )
    awaiting_answer = django_filters.BooleanFilter(label=_("Waiting for the reporter"))

    class Meta:
        model = PublicReport
        fields = ["search", "state", "outcome", "region", "sector", "late", "awaiting_answer"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(description__icontains=value)
            | Q(address__icontains=value)
            | Q(unit_name__icontains=value)
            | Q(tracking_code=value.upper())
        )

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        return in_region(queryset, value) if value is not None else queryset

    def filter_late(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(late_q()) if value else queryset.exclude(late_q())


class RewardFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=RewardState.choices)
    basis = django_filters.ChoiceFilter(label=_("What the report revealed"), choices=RewardBasis.choices)
    anonymous = django_filters.BooleanFilter(label=_("For an anonymous report"))
    report = django_filters.NumberFilter(
        label=pgettext_lazy("public report", "Report"), field_name="report_id", min_value=1, max_value=2**63 - 1
    )

    class Meta:
        model = Reward
        fields = ["state", "basis", "anonymous", "report"]


class CasePublicationFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("The title or the unit's name contains this.")
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=CaseState.choices)
    dangerous_operation_crime = django_filters.BooleanFilter(
        label=_("Dangerous operation crime"), field_name="action__dangerous_operation_crime"
    )

    class Meta:
        model = CasePublication
        fields = ["search", "state", "dangerous_operation_crime"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(action__unit__name__icontains=value))
