"""The to-do list ("My tasks"): the open hazards waiting for this user, decided in SQL so that it pages,
counts and filters at any size (a county holds hundreds, a province millions).

`waiting(user)` is `rules.allowed_actions` written as one filter: each to-do action is its states plus
the conditions of `rules.check_conditions`, annotated per row as `todo_<action>`. Supervise, coordinate
and escalate are possible on nearly every open hazard and are no to-do by themselves, nor is re-grading
a graded hazard. A hazard escalated to the user's own level waits for them too (to coordinate), first
in the list with a badge. test_todo.py checks that this agrees with the rules for every role and state:
change both together.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

import django_filters
from django.db.models import BooleanField, Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.core.api import CodeChoiceFilter
from anjian.org.choices import Role
from anjian.org.jurisdiction import assignments, in_region, restrict, roles
from anjian.org.models import Department, Region

from . import rules
from .choices import Grade, Level, State
from .filtersets import overdue_q
from .models import Hazard, HazardEvent, Supervision

# The actions that make a to-do, in the order their buttons are shown.
TODO_ACTIONS = ["assess", "report", "fix_on_spot", "plan", "progress", "submit_fix", "verify", "reject"]
DUE_SOON_DAYS = 7
NOWHERE = Q(pk__in=[])


def _is_office(user) -> bool:
    return user.is_superuser or Role.COUNTY_OFFICE in roles(user)


def supervises_q(user) -> Q:
    """rules.supervises as a filter: the county office, or a department supervising the hazard or its sector."""
    if _is_office(user):
        return Q(pk__isnull=False)  # everything (an empty Q() would vanish when or-ed)
    ids = [a.department_id for a in assignments(user) if a.role == Role.DEPARTMENT and a.department_id]
    if not ids:
        return NOWHERE
    sectors = Department.sectors.through.objects.filter(department_id__in=ids).values("sector_id")
    return Q(responsible_department_id__in=ids) | Q(sector_id__in=sectors)


def _condition(user, action: str) -> Q:
    """The states and conditions under which `action` is a to-do of `user` (see rules.check_conditions)."""
    states = Q(state__in=rules.ACTION_STATES[action])
    if action == "assess":
        return Q(state=State.REGISTERED, grade="")  # grading; re-grading a graded hazard is no to-do
    if action == "report":
        return states & ~Q(grade="")
    if action == "fix_on_spot":
        supervised = Exists(Supervision.objects.filter(hazard=OuterRef("pk")))
        graded_by_other = Q(graded_by__isnull=False) & ~Q(graded_by=user.pk)
        return states & ~Q(grade=Grade.MAJOR) & Q(ever_major=False, found_by=user.pk) & ~graded_by_other & ~supervised
    if action == "plan":
        return states & ~Q(grade="") & ~Q(grade=Grade.MAJOR, state=State.ASSESSED)
    if action in ("verify", "reject"):
        return states & (Q(ever_major=False) | supervises_q(user)) & ~Q(todo_last_fixer=user.pk)
    return states


def my_levels(user) -> list[str]:
    """The coordinating levels the user acts for (rules.LEVEL_ROLES)."""
    if user.is_superuser:
        return list(Level.values)
    return [level for level, acting in rules.LEVEL_ROLES.items() if roles(user) & acting]


def escalated_here_q(user) -> Q:
    """Escalated to a level the user acts for: the level only ever rises by escalation."""
    levels = [level for level in my_levels(user) if level != Level.GRID]
    if not levels:
        return NOWHERE
    escalated = Exists(HazardEvent.objects.filter(hazard=OuterRef("pk"), action="escalate"))
    return Q(level__in=levels) & ~Q(state=State.CLOSED) & escalated


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def waiting(user, today: dt.date | None = None, *, flags: bool = True) -> QuerySet:
    """The open hazards waiting for `user`, escalated to their level first, then overdue, nearest deadline,
    longest waiting. Each row carries `todo_<action>` flags and `escalated_here`; no query per row. Without
    `flags`: the same rows, unordered and bare, to count them (the desk, the badge)."""
    actions = [a for a in TODO_ACTIONS if rules.role_may(user, a)]
    escalated = escalated_here_q(user)
    if not actions and escalated == NOWHERE:
        return Hazard.objects.none()
    today = today or timezone.localdate()
    last_fixer = HazardEvent.objects.filter(hazard=OuterRef("pk"), action="submit_fix").order_by("-signed_at", "-id")
    conditions = {a: _condition(user, a) for a in actions}
    queryset = (
        Hazard.objects.exclude(state=State.CLOSED)  # every to-do is of an open hazard: lets the state index serve
        .alias(
            todo_last_fixer=Coalesce(Subquery(last_fixer.values("actor_id")[:1]), Value(0), output_field=IntegerField())
        )
        .filter(reduce(or_, [*conditions.values(), escalated]))
    )
    if not flags:
        return restrict(user, queryset).order_by()
    queryset = queryset.annotate(
        **{f"todo_{a}": _flag(q) for a, q in conditions.items()}, escalated_here=_flag(escalated)
    ).select_related("unit", "sector", "region", "responsible_department")
    return (
        restrict(user, queryset)
        .annotate(
            _first=Case(When(escalated, then=Value(0)), default=Value(1), output_field=IntegerField()),
            _overdue=Case(When(deadline__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField()),
        )
        .order_by("_first", "_overdue", F("deadline").asc(nulls_last=True), "found_at", "id")
    )


def actions_of(hazard: Hazard) -> list[str]:
    """The to-do actions of a row of `waiting`; coordinating is the to-do of a hazard escalated here."""
    todo = [a for a in TODO_ACTIONS if getattr(hazard, f"todo_{a}", False)]
    return todo + ["coordinate"] if getattr(hazard, "escalated_here", False) else todo


def due_soon_q(today: dt.date | None = None, days: int = DUE_SOON_DAYS) -> Q:
    today = today or timezone.localdate()
    return Q(deadline__gte=today, deadline__lte=today + dt.timedelta(days=days)) & ~Q(state=State.CLOSED)


class TaskFilterSet(django_filters.FilterSet):
    """The filters of the to-do list: state, grade, overdue, due soon, level and (county-wide) region."""

    state = django_filters.ChoiceFilter(label=_("State"), choices=[c for c in State.choices if c[0] != State.CLOSED])
    grade = django_filters.ChoiceFilter(label=_("Grade"), choices=Grade.choices)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    due_soon = django_filters.BooleanFilter(label=_("Due within 7 days"), method="filter_due_soon")
    level = django_filters.ChoiceFilter(label=_("Coordinating level"), choices=Level.choices)
    region = CodeChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="code", method="filter_region"
    )

    class Meta:
        model = Hazard
        fields = ["state", "grade", "overdue", "due_soon", "level", "region"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

    def filter_due_soon(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(due_soon_q()) if value else queryset.exclude(due_soon_q())

    def filter_region(self, queryset: QuerySet, name: str, value: Region | None) -> QuerySet:
        return in_region(queryset, value) if value is not None else queryset
