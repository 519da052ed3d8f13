"""The filters of the contest's lists, shared by the pages and the API: questions by kind, topic, sector and
words; rounds by state; attempts by round. Junk is a 400; an id nobody has matches nothing."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anjian.core.api import CodeChoiceFilter
from anjian.org.models import Sector

from .choices import QuestionKind, RoundStatus, Topic
from .models import Attempt, Question, Round

MAX_ID = 2**63 - 1


class QuestionFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Words"), method="words", max_length=50)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=QuestionKind.choices)
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=Topic.choices)
    sector = CodeChoiceFilter(label=_("Sector"), queryset=Sector.objects.all(), to_field_name="code",
                              help_text=_("A sector's code."))  # fmt: skip
    active = django_filters.BooleanFilter(label=_("In use"))
    is_demo = django_filters.BooleanFilter(label=_("Demo content"))

    class Meta:
        model = Question
        fields = ["search", "kind", "topic", "sector", "active", "is_demo"]

    def words(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.replace("\x00", "").strip()
        return queryset.filter(Q(text__icontains=value) | Q(basis__icontains=value)) if value else queryset


class RoundFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=pgettext_lazy("contest round", "Status"), choices=RoundStatus.choices)
    is_public = django_filters.BooleanFilter(label=_("Public round"))

    class Meta:
        model = Round
        fields = ["status", "is_public"]


class AttemptFilterSet(django_filters.FilterSet):
    round = django_filters.NumberFilter(
        label=_("Round"), field_name="entry__round_id", min_value=1, max_value=MAX_ID, widget=forms.NumberInput
    )
    finished = django_filters.BooleanFilter(label=_("Finished"), field_name="submitted_at", lookup_expr="isnull",
                                            exclude=True)  # fmt: skip

    class Meta:
        model = Attempt
        fields = ["round", "finished"]
