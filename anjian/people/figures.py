"""The people app's figures (core.figures), for the dispatch table of 高府发〔2023〕14号 附件4, the campaigns and the
dashboards. They are standing numbers, as of the frame's last day (today for an open frame): who is on the three
posts and who of them holds every certificate (信安办字〔2022〕30号: 三项岗位执证上岗率 100%), and the units where a
welder works without a welding certificate (附件4: 电焊等人员无证上岗作业（家）)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from anjian.core import dates
from anjian.core.figures import Frame, figure

from . import rates
from .models import Person


def _day(frame: Frame) -> dt.date:
    return frame.end or dates.today()


def people(frame: Frame) -> QuerySet:
    """The people of the frame's units (the family's rows; each figure adds its condition)."""
    return frame.scoped(Person.objects.all())


@figure("people.three_posts_required", "三项岗位人员", "人", over=people)
def three_posts_required(frame: Frame) -> Q:
    return rates.required_q(_day(frame))


@figure("people.three_posts_certified", "三项岗位持证上岗人员", "人", over=people)
def three_posts_certified(frame: Frame) -> Q:
    return rates.certified_q(_day(frame))


@figure("people.welders_uncertified", "电焊等人员无证上岗作业", "家", distinct="enterprise_id", over=people)
def welders_uncertified(frame: Frame) -> Q:
    """Units where a welder holds no welding certificate on the day (the rows are the units)."""
    return rates.uncertified_q(_day(frame))


@figure("people.welders_uncertified_people", "无证电焊作业人员", "人", over=people)
def welders_uncertified_people(frame: Frame) -> Q:
    return rates.uncertified_q(_day(frame))


FIGURE_KEYS = [
    "people.three_posts_required",
    "people.three_posts_certified",
    "people.welders_uncertified",
    "people.welders_uncertified_people",
]
