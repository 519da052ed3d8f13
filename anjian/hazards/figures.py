"""The hazard figures other apps read (core.figures): the major hazards of attachment 4's first block
(高府发〔2023〕14号 附件4 总体情况), found by the unit's own check or by departments, listed, and fixed.

One family over the major hazards of a unit: each figure is its condition on them, so that a roll-up counts
them all in one query."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from anjian.core.figures import Frame, figure

from .choices import Grade, Source, State, SupervisionKind
from .models import Hazard, Supervision
from .supervision import INSPECTION_SOURCES


def majors(frame: Frame) -> QuerySet:
    """The major hazards in the frame's unit (the family's rows; the days are each figure's condition)."""
    return frame.scoped(Hazard.objects.filter(grade=Grade.MAJOR))


def _found(frame: Frame, **where) -> Q:
    return frame.days("found_at", moment=True) & Q(**where)


def _fixed(frame: Frame, found: Q) -> Q:
    """Of `found`, those closed (verified and signed off) by the frame's last day."""
    return found & Q(state=State.CLOSED) & frame.until("closed_at", moment=True)


@figure("hazards.major_self_check", "企业自查发现的重大事故隐患", "个", over=majors)
def major_self_check(frame: Frame) -> Q:
    return _found(frame, source=Source.SELF_CHECK)


@figure("hazards.major_self_check_fixed", "企业自查发现重大事故隐患中已完成整治的", "个", over=majors)
def major_self_check_fixed(frame: Frame) -> Q:
    return _fixed(frame, major_self_check(frame))


@figure("hazards.major_by_departments", "部门检查发现的重大事故隐患", "个", over=majors)
def major_by_departments(frame: Frame) -> Q:
    return _found(frame, source__in=INSPECTION_SOURCES)


@figure("hazards.major_by_departments_fixed", "部门检查发现重大事故隐患中已完成整治的", "个", over=majors)
def major_by_departments_fixed(frame: Frame) -> Q:
    return _fixed(frame, major_by_departments(frame))


@figure("hazards.major_listed", "挂牌督办的重大事故隐患", "个", over=majors)
def major_listed(frame: Frame) -> Q:
    """Major hazards listed for supervision (挂牌督办) within the frame's days, each counted once."""
    listings = Supervision.objects.filter(frame.days("listed_on"), kind=SupervisionKind.LISTING)
    return Q(pk__in=listings.values("hazard_id"))  # one listing meets every condition


@figure("hazards.major_listed_fixed", "挂牌督办的重大事故隐患中已完成整治的", "个", over=majors)
def major_listed_fixed(frame: Frame) -> Q:
    return _fixed(frame, major_listed(frame))


@figure("hazards.major_found", "排查发现的重大事故隐患", "个", over=majors)
def major_found(frame: Frame) -> Q:
    """Every major hazard found in the charge within the days, whoever found it (the ranking's 排查数量)."""
    return _found(frame)


@figure("hazards.major_found_fixed", "排查发现的重大事故隐患中已完成整治的", "个", over=majors)
def major_found_fixed(frame: Frame) -> Q:
    return _fixed(frame, major_found(frame))
