"""What other apps read of the emergency records, always through `restrict` (a figure's rows are the same querysets:
emergency.figures). The public rewards read the concealed accidents (安监总财〔2018〕19号: a reward per concealed
death, by grade), the 一票否决 of 中共江西省委 江西省人民政府 赣发〔2024〕10号 (六) the accidents of a place and a year; the
duties' reminders read a unit's drill frequency."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from anjian.core.figures import Frame
from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise

from . import rules
from .models import Accident


def accidents_for(
    user, *, region=None, department=None, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet:
    """The accidents `user` sees in a town (`region`) or a `department`'s charge, occurred within [start, end]
    (local days; either open), with their unit, region and sector."""
    frame = Frame(user, region, department, start, end)
    rows = frame.scoped(Accident.objects.select_related("enterprise", "region", "sector"), "occurred_at", moment=True)
    return rows.order_by("occurred_at", "pk")


def concealed_accidents_for(user, **where) -> QuerySet:
    """Of `accidents_for`, those concealed or falsely reported (瞒报、谎报): the reward rule's and the veto's."""
    return accidents_for(user, **where).filter(rules.concealed_q())


def accidents_of_grade_at_least(user, grade: str, **where) -> QuerySet:
    """Of `accidents_for`, those of `grade` or above (a 较大 accident is listed for supervision: 赣发〔2024〕10号 (六))."""
    return accidents_for(user, **where).filter(rules.grade_at_least_q(grade))


def drill_frequency(user, units: QuerySet | None = None, today: dt.date | None = None) -> QuerySet:
    """The units the frequency rule applies to (of `units`, or all the user sees) with `last_drill` and
    `drill_status` (compliant / due / overdue) for today's period (emergency.rules)."""
    units = restrict(user, units if units is not None else Enterprise.objects.all())
    return rules.with_frequency(rules.subject_units(units), today or timezone.localdate())
