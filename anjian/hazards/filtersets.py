"""The hazard list's filters, shared by the web UI, the API and the ledger so all three filter alike."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.core.api import CodeChoiceFilter, CodeMultipleChoiceFilter
from anjian.org.jurisdiction import in_region
from anjian.org.models import Region, Sector

from .choices import Grade, Source, State, SupervisionLevel
from .models import Hazard, Supervision

MAX_ID = 2**63 - 1  # larger ids overflow the database's integer column instead of simply matching nothing


class IdFilter(django_filters.Filter):
    """A record id as a whole number; junk is a 400, an id nobody has simply matches nothing."""

    field_class = forms.IntegerField


def overdue_q() -> Q:
    """Open and past its deadline: nothing is overdue once closed."""
    return Q(deadline__lt=timezone.localdate()) & ~Q(state=State.CLOSED)


class HazardFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("Description or unit name contains this text.")
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=State.choices)
    grade = django_filters.ChoiceFilter(label=_("Grade"), choices=Grade.choices)
    sector = CodeMultipleChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        to_field_name="code",
        field_name="sector",
        help_text=_("Sector code; repeat to match any of several."),
    )
    region = CodeChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="code",
        method="filter_region",
        help_text=_("A region code: a town's code matches everything under it, a grid's code its grid."),
    )
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Source.choices)
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="filter_overdue", help_text=_("Open and past its deadline.")
    )
    due_soon = django_filters.BooleanFilter(
        label=_("Due within 7 days"), method="filter_due_soon", help_text=_("Open and due within the next 7 days.")
    )
    supervision_level = django_filters.ChoiceFilter(
        label=_("Supervised at level"),
        choices=SupervisionLevel.choices,
        method="filter_supervision_level",
        help_text=_("Has a reminder, supervision or listing at this level."),
    )
    unit = IdFilter(
        label=_("Unit"), field_name="unit_id", min_value=1, max_value=MAX_ID, help_text=_("The unit's registry id.")
    )

    class Meta:
        model = Hazard
        fields = [
            "search",
            "state",
            "grade",
            "sector",
            "region",
            "source",
            "overdue",
            "due_soon",
            "supervision_level",
            "unit",
        ]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(description__icontains=value) | Q(unit__name__icontains=value))

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        return in_region(queryset, value) if value is not None else queryset

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

    def filter_due_soon(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        from .todo import due_soon_q  # todo reads this module's overdue_q

        if value is None:
            return queryset
        return queryset.filter(due_soon_q()) if value else queryset.exclude(due_soon_q())

    def filter_supervision_level(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(Exists(Supervision.objects.filter(hazard=OuterRef("pk"), level=value)))
