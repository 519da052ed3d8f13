"""The filters of the people app's lists, shared by the web pages and the API so both filter alike. Towns and
sectors are given by their codes, units and people by their ids; junk is a 400, an id nobody has matches nothing.
The compliance and status filters read the annotations of people/rules.py and people/certificates.py."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.core import dates
from anjian.core.api import CodeChoiceFilter, CodeMultipleChoiceFilter
from anjian.org.choices import TOWN_AND_ABOVE
from anjian.org.models import Region, Sector

from .certificates import needing_attention
from .choices import (
    CATEGORY_FIELDS,
    AssessmentResult,
    Category,
    CertificateKind,
    CertificateStatus,
    Compliance,
    OperationType,
    PermitKind,
    TrainingKind,
    WelderStanding,
)
from .models import Certificate, Permit, Person, TrainingRecord

MAX_ID = 2**63 - 1


class IdFilter(django_filters.Filter):
    """A record id as a whole number."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def town_filter(path: str) -> CodeChoiceFilter:
    def narrow(queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        return queryset.filter(**{f"{path}__startswith": value.path}) if value is not None else queryset

    return CodeChoiceFilter(
        label=_("Town"),
        queryset=Region.objects.filter(level__in=TOWN_AND_ABOVE),
        to_field_name="code",
        method=narrow,
        help_text=_("A town's code: the units in that town."),
    )


def sector_filter(field: str) -> CodeMultipleChoiceFilter:
    return CodeMultipleChoiceFilter(
        distinct=False,  # a unit has one sector: no duplicate rows to remove (DISTINCT would compute every column)
        label=_("Sector"),
        queryset=Sector.objects.all(),
        to_field_name="code",
        field_name=field,
        help_text=_("Sector code; repeat to match any of several."),
    )


def _search(queryset: QuerySet, value: str, *fields: str) -> QuerySet:
    value = value.strip()
    if not value:
        return queryset
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": value})
    return queryset.filter(condition)


class PersonFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label=_("Name"), method="filter_name", help_text=_("The name or the post contains this text.")
    )
    enterprise = IdFilter(label=_("Unit"), field_name="enterprise_id", help_text=_("The unit's registry id."))
    town = town_filter("enterprise__region__path")
    sector = sector_filter("enterprise__sector")
    post = django_filters.CharFilter(label=_("Post"), field_name="post", lookup_expr="icontains")
    category = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Category"),
        choices=Category.choices,
        method="filter_category",
        help_text=_("Repeat to match any of several."),
    )
    operation_type = django_filters.ChoiceFilter(label=_("Special operation"), choices=OperationType.choices)
    compliance = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Training"), choices=Compliance.choices, field_name="compliance",
        help_text=_("compliant, short (short of hours) or overdue; repeat to match any of several."),
    )  # fmt: skip
    working = django_filters.BooleanFilter(
        label=_("Still working here"), method="filter_working", help_text=_("true: not yet left; false: left.")
    )

    class Meta:
        model = Person
        fields = ["name", "enterprise", "town", "sector", "post", "category", "operation_type", "compliance", "working"]

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _search(queryset, value, "name", "post")

    def filter_category(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        condition = Q()
        for code in value:
            condition |= Q(**{CATEGORY_FIELDS[code]: True})
        return queryset.filter(condition)

    def filter_working(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        working = Q(left_on__isnull=True) | Q(left_on__gte=dates.today())
        return queryset.filter(working) if value else queryset.exclude(working)


def _day_filters(field: str) -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    return (
        django_filters.DateFilter(label=_("From"), field_name=field, lookup_expr="gte", help_text=_("On or after.")),
        django_filters.DateFilter(label=_("To"), field_name=field, lookup_expr="lte", help_text=_("On or before.")),
    )


class TrainingFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("The person's name or the course contains this text.")
    )
    person = IdFilter(label=_("Person"), field_name="person_id")
    enterprise = IdFilter(label=_("Unit"), field_name="person__enterprise_id", help_text=_("The unit's registry id."))
    town = town_filter("person__enterprise__region__path")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=TrainingKind.choices)
    result = django_filters.ChoiceFilter(label=_("Assessment result"), choices=AssessmentResult.choices)
    date_from, date_to = _day_filters("date")

    class Meta:
        model = TrainingRecord
        fields = ["search", "person", "enterprise", "town", "kind", "result", "date_from", "date_to"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _search(queryset, value, "person__name", "course")


class CertificateFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("The holder's name or the number contains this text.")
    )
    person = IdFilter(label=_("Person"), field_name="person_id")
    enterprise = IdFilter(label=_("Unit"), field_name="person__enterprise_id", help_text=_("The unit's registry id."))
    town = town_filter("person__enterprise__region__path")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CertificateKind.choices)
    operation_type = django_filters.ChoiceFilter(label=_("Operation type"), choices=OperationType.choices)
    status = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Certificate status"), choices=CertificateStatus.choices, field_name="status",
        help_text=_("Repeat to match any of several."),
    )  # fmt: skip
    attention = django_filters.BooleanFilter(
        label=_("Needs attention"),
        method="filter_attention",
        help_text=_("true: current certificates expiring or due for review within 90 days, or lapsed."),
    )
    issued_elsewhere = django_filters.BooleanFilter(label=_("Issued outside the county"))

    class Meta:
        model = Certificate
        fields = ["search", "person", "enterprise", "town", "kind", "operation_type", "status", "attention",
                  "issued_elsewhere"]  # fmt: skip

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _search(queryset, value, "person__name", "number")

    def filter_attention(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if not value:
            return queryset
        return needing_attention(queryset, dates.today())


class PermitFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("The place, the number or the worker's name.")
    )
    enterprise = IdFilter(label=_("Unit"), field_name="enterprise_id", help_text=_("The unit's registry id."))
    town = town_filter("enterprise__region__path")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PermitKind.choices)
    worker = IdFilter(label=_("Worker"), field_name="worker_id")
    date_from = django_filters.DateFilter(
        label=_("From"), method="filter_from", help_text=_("Work ending on or after this day.")
    )
    date_to = django_filters.DateFilter(
        label=_("To"), method="filter_to", help_text=_("Work starting on or before this day.")
    )

    class Meta:
        model = Permit
        fields = ["search", "enterprise", "town", "kind", "worker", "date_from", "date_to"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _search(queryset, value, "place", "number", "worker__name")

    def filter_from(self, queryset: QuerySet, name: str, value: dt.date | None) -> QuerySet:
        return queryset.filter(ends_at__gte=_start_of(value)) if value else queryset

    def filter_to(self, queryset: QuerySet, name: str, value: dt.date | None) -> QuerySet:
        return (
            queryset.filter(starts_at__lt=_start_of(min(value, dt.date(9000, 1, 1)) + dt.timedelta(days=1)))
            if value
            else queryset
        )


def _start_of(day: dt.date) -> dt.datetime:
    """The start of a local day, the day kept within years a timestamp can hold on every database."""
    day = min(max(day, dt.date(1900, 1, 2)), dt.date(9000, 1, 1))
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class WelderFilterSet(django_filters.FilterSet):
    town = town_filter("enterprise__region__path")
    enterprise = IdFilter(label=_("Unit"), field_name="enterprise_id", help_text=_("The unit's registry id."))
    standing = django_filters.ChoiceFilter(label=_("Certificate"), choices=WelderStanding.choices)

    class Meta:
        model = Person
        fields = ["town", "enterprise", "standing"]
