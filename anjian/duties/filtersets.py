"""The filters of the duties' lists, shared by the web pages, the exports and the API so all filter alike. Towns,
sectors, duties and departments are given by their codes, units by their registry id; an unknown code is a
400, an id nobody has matches nothing."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from anjian.core import dates
from anjian.core.api import CodeChoiceFilter
from anjian.org.choices import TOWN_AND_ABOVE
from anjian.org.models import Region, Sector

from .calendar import status_q
from .choices import ContractKind, OccurrenceStatus, ReportState
from .models import DutyItem, DutyOccurrence, DutyReport, ListDelivery, OutsourcingContract

MAX_ID = 2**63 - 1  # larger ids overflow the database's integer column instead of simply matching nothing


class IdFilter(django_filters.Filter):
    """A record id as a whole number; junk is a 400, an id nobody has simply matches nothing."""

    field_class = forms.IntegerField


def unit_filter() -> IdFilter:
    return IdFilter(
        label=_("Unit"),
        field_name="enterprise_id",
        min_value=1,
        max_value=MAX_ID,
        help_text=_("The unit's registry id."),
    )


class TownSectorFilterSet(django_filters.FilterSet):
    """The unit's town (its code) and sector (its code), through the row's enterprise."""

    enterprise = unit_filter()
    town = CodeChoiceFilter(
        label=_("Town"),
        queryset=Region.objects.filter(level__in=TOWN_AND_ABOVE),
        to_field_name="code",
        method="filter_town",
        help_text=_("A town's code: its units."),
    )
    sector = CodeChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        to_field_name="code",
        field_name="enterprise__sector",
        help_text=_("A sector's code."),
    )

    def filter_town(self, queryset: QuerySet, name: str, value: str) -> QuerySet:  # value: the town (its code sent)
        return queryset.filter(enterprise__region__path__startswith=value.path) if value else queryset


def _day_filters(field: str, label_from, label_to):
    return (
        django_filters.DateFilter(
            label=label_from, field_name=field, lookup_expr="gte", help_text=_("On or after (ISO date).")
        ),
        django_filters.DateFilter(
            label=label_to, field_name=field, lookup_expr="lte", help_text=_("On or before (ISO date).")
        ),
    )


class OccurrenceFilterSet(TownSectorFilterSet):
    item = CodeChoiceFilter(
        label=_("Duty"),
        queryset=DutyItem.objects.all(),
        to_field_name="code",
        field_name="item",
        help_text=_("The duty's code."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=OccurrenceStatus.choices,
        method="filter_status",
        help_text=_("due: its period is running; done; overdue: its last day has passed, not done."),
    )
    date_from, date_to = _day_filters("due_on", _("Due from"), _("Due until"))

    class Meta:
        model = DutyOccurrence
        fields = ["enterprise", "item", "status", "town", "sector", "date_from", "date_to"]

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(status_q(value, dates.today())) if value else queryset


class ReportFilterSet(TownSectorFilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=ReportState.choices)
    date_from, date_to = _day_filters("period_start", _("Period from"), _("Period until"))

    class Meta:
        model = DutyReport
        fields = ["enterprise", "state", "town", "sector", "date_from", "date_to"]


class DeliveryFilterSet(TownSectorFilterSet):
    list = IdFilter(label=_("List"), field_name="list_id", min_value=1, max_value=MAX_ID, help_text=_("The list's id."))
    acknowledged = django_filters.BooleanFilter(
        label=_("Acknowledged"),
        field_name="acknowledged_on",
        lookup_expr="isnull",
        exclude=True,
        help_text=_("true: acknowledged by the unit; false: not yet."),
    )
    date_from, date_to = _day_filters("delivered_on", _("Delivered from"), _("Delivered until"))

    class Meta:
        model = ListDelivery
        fields = ["list", "enterprise", "acknowledged", "town", "sector", "date_from", "date_to"]


class ContractFilterSet(TownSectorFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ContractKind.choices)
    disorderly = django_filters.BooleanFilter(
        label=_("Management disorderly"),
        field_name="disorderly",
        help_text=_("true: meets one of the four conditions of 高府发〔2023〕14号 附件4 注2."),
    )
    in_force_on = django_filters.DateFilter(
        label=_("In force on"), method="filter_in_force", help_text=_("In force on this day (ISO date).")
    )

    class Meta:
        model = OutsourcingContract
        fields = ["enterprise", "kind", "disorderly", "town", "sector", "in_force_on"]

    def filter_in_force(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(starts_on__lte=value).exclude(ends_on__lt=value)
