"""The hazard figures other apps read (core.figures): the major hazards of attachment 4's first block
(高府发〔2023〕14号 附件4 总体情况), found by the unit's own check or by departments, listed, and fixed; and the
closed loop's figures of the dashboard — hazards found in a period, fixed, fixed on time, and overdue now.

Families over the major hazards of a unit and over the hazards found in the frame's days: each figure is its
condition on them, so that a roll-up counts them all in one query."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet

from anjian.core import dates
from anjian.core.figures import Frame, family, figure
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import county_ids

from .choices import Grade, Source, State, SupervisionKind
from .filtersets import overdue_q
from .models import Hazard, Supervision
from .supervision import INSPECTION_SOURCES, flagged_hazards


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


# --- the closed loop of every hazard (the dashboard) ----------------------------------------------------------

BREAKDOWN = {"state": "state", "grade": "grade", "sector": "sector", "source": "source"}


@family(days="found_at", moment=True)
def found(frame: Frame) -> QuerySet:
    """The hazards found in the frame's unit and days (a family's rows)."""
    return frame.scoped(Hazard.objects.all(), "found_at", moment=True)


@figure("hazards.found", "发现问题隐患", "处", over=found, by=BREAKDOWN)
def hazards_found(frame: Frame) -> Q:
    """Every hazard found in the days, whatever its grade and source (江西应急管理简报 2024年第20期: 发现问题隐患)."""
    return Q()


@figure("hazards.fixed", "已整改", "处", over=found, by=BREAKDOWN)
def hazards_fixed(frame: Frame) -> Q:
    """Of those found in the days, the ones closed (verified and signed off) by the frame's last day."""
    return Q(state=State.CLOSED) & frame.until("closed_at", moment=True)


@figure("hazards.fixed_on_time", "按期整改", "处", over=found, by=BREAKDOWN)
def hazards_fixed_on_time(frame: Frame) -> Q:
    """Of those fixed, the ones closed on or before their deadline (local dates): the on-time rate's part."""
    return hazards_fixed(frame) & Q(deadline__isnull=False, closed_at__date__lte=F("deadline"))


@figure("hazards.fixed_with_deadline", "有整改期限的已整改隐患", "处", over=found, by=BREAKDOWN)
def hazards_fixed_with_deadline(frame: Frame) -> Q:
    """Of those fixed, the ones that had a deadline: the on-time rate's whole."""
    return hazards_fixed(frame) & Q(deadline__isnull=False)


def overdue_now(frame: Frame) -> QuerySet:
    """Open hazards past their deadline today in the frame's unit, whenever found (a family of standing numbers:
    the frame's days do not narrow them)."""
    return frame.unit().scoped(Hazard.objects.filter(overdue_q()))


@figure("hazards.overdue", "逾期未整改", "处", over=overdue_now, by=BREAKDOWN)
def hazards_overdue(frame: Frame) -> Q:
    return Q()


# Overdue hazards by how long they are overdue (days past the deadline, today): (key, label, first, last day).
OVERDUE_AGES = (
    ("hazards.overdue_1_30", "逾期1至30天", 1, 30),
    ("hazards.overdue_31_60", "逾期31至60天", 31, 60),
    ("hazards.overdue_61_90", "逾期61至90天", 61, 90),
    ("hazards.overdue_over_90", "逾期90天以上", 91, None),
)


def _overdue_by(first: int, last: int | None):
    def when(frame: Frame) -> Q:
        today = dates.today()
        condition = Q(deadline__lte=today - dt.timedelta(days=first))
        return condition if last is None else condition & Q(deadline__gte=today - dt.timedelta(days=last))

    when.__qualname__ = f"overdue_{first}_{last or 'more'}"
    return when


for _key, _label, _first, _last in OVERDUE_AGES:
    figure(_key, _label, "处", over=overdue_now, by=BREAKDOWN)(_overdue_by(_first, _last))


@figure("hazards.no_substantive_progress", "督办期满无实质性进展", "处", by=BREAKDOWN)
def no_substantive_progress(frame: Frame) -> QuerySet:
    """Open hazards under a county (30 days) or city (60 days) supervision or listing whose period is over with
    no substantive progress signed within it (高府发〔2023〕14号 三（三）10), today."""
    region, counties = frame.region, None
    if region is not None and region.level in (RegionLevel.PROVINCE, RegionLevel.CITY):
        counties = county_ids(region)
    elif region is not None and region.level == RegionLevel.COUNTY:
        counties = [region.pk]
    return flagged_hazards(frame.unit().scoped(Hazard.objects.all()), counties=counties)  # each once


@family(days="closed_at", moment=True)
def closings(frame: Frame) -> QuerySet:
    """The hazards closed (verified and signed off) in the frame's unit and days (a family's rows)."""
    return frame.scoped(Hazard.objects.filter(state=State.CLOSED), "closed_at", moment=True)


@figure("hazards.closed", "销号", "处", over=closings, by=BREAKDOWN)
def hazards_closed(frame: Frame) -> Q:
    """Every hazard closed in the days, whenever it was found: the month's work done (the trend by month)."""
    return Q()
