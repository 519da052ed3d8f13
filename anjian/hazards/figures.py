"""The hazard figures other apps read (core.figures): the major hazards of attachment 4's first block
(高府发〔2023〕14号 附件4 总体情况), found by the unit's own check or by departments, listed, and fixed."""

from __future__ import annotations

from django.db.models import QuerySet

from anjian.core.figures import Frame, figure

from .choices import Grade, Source, State, SupervisionKind
from .models import Hazard, Supervision
from .supervision import INSPECTION_SOURCES


def _majors(frame: Frame, **where) -> QuerySet:
    return frame.scoped(Hazard.objects.filter(grade=Grade.MAJOR, **where), "found_at", moment=True)


def _fixed(frame: Frame, found: QuerySet) -> QuerySet:
    """Of `found`, those closed (verified and signed off) by the frame's last day."""
    return frame.by_end(found.filter(state=State.CLOSED), "closed_at", moment=True)


@figure("hazards.major_self_check", "企业自查发现的重大事故隐患", "个")
def major_self_check(frame: Frame) -> QuerySet:
    return _majors(frame, source=Source.SELF_CHECK)


@figure("hazards.major_self_check_fixed", "企业自查发现重大事故隐患中已完成整治的", "个")
def major_self_check_fixed(frame: Frame) -> QuerySet:
    return _fixed(frame, major_self_check(frame))


@figure("hazards.major_by_departments", "部门检查发现的重大事故隐患", "个")
def major_by_departments(frame: Frame) -> QuerySet:
    return _majors(frame, source__in=INSPECTION_SOURCES)


@figure("hazards.major_by_departments_fixed", "部门检查发现重大事故隐患中已完成整治的", "个")
def major_by_departments_fixed(frame: Frame) -> QuerySet:
    return _fixed(frame, major_by_departments(frame))


@figure("hazards.major_listed", "挂牌督办的重大事故隐患", "个")
def major_listed(frame: Frame) -> QuerySet:
    """Major hazards listed for supervision (挂牌督办) within the frame's days, each counted once."""
    listings = Supervision.objects.filter(kind=SupervisionKind.LISTING)  # one listing meets every condition
    if frame.start is not None:
        listings = listings.filter(listed_on__gte=frame.start)
    if frame.end is not None:
        listings = listings.filter(listed_on__lte=frame.end)
    listed = Hazard.objects.filter(grade=Grade.MAJOR, pk__in=listings.values("hazard_id"))
    return frame.scoped(listed)


@figure("hazards.major_listed_fixed", "挂牌督办的重大事故隐患中已完成整治的", "个")
def major_listed_fixed(frame: Frame) -> QuerySet:
    return _fixed(frame, major_listed(frame))


@figure("hazards.major_found", "排查发现的重大事故隐患", "个")
def major_found(frame: Frame) -> QuerySet:
    """Every major hazard found in the charge within the days, whoever found it (the ranking's 排查数量)."""
    return _majors(frame)


@figure("hazards.major_found_fixed", "排查发现的重大事故隐患中已完成整治的", "个")
def major_found_fixed(frame: Frame) -> QuerySet:
    return _fixed(frame, major_found(frame))
