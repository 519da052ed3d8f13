"""The rules of drills, named crowded places, plans and accidents, each written once: in Python for one record and,
where lists need it, as the same condition in SQL (no query a row).

- Drill frequency: at least once a year, and once every half year for high-risk units (中共江西省委 江西省人民政府
  赣发〔2024〕10号 (二十): 一般生产经营单位和社会组织每年、高危企业每半年开展1次疏散逃生演练; 兴国县高兴镇
  高府发〔2023〕14号 一（一）9: 年内至少组织开展1次事故应急演练（高危企业每半年至少1次）). Periods are calendar
  years and half years (1–6, 7–12).
- An unscripted drill's plan is filed before the drill (兴安办〔2024〕80号 二（三）3: 无脚本演练预案按时报备):
  filed on a day before the day it is held; the same day or later is late.
- A named crowded place holds a drill between the day drills count from and its deadline (兴安办〔2024〕80号
  二（三）3: 11月30日前).
- A plan is evaluated every three years (《生产安全事故应急预案管理办法》 应急管理部令第2号 第三十五条: 每三年进行一次
  应急预案评估); the period is the setting ANJIAN_PLAN_REVIEW_YEARS.
- An accident's grade follows from its deaths, serious injuries and direct economic loss (《生产安全事故报告和
  调查处理条例》 国务院令第493号 第三条; 以上 includes the number, 以下 does not).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    DateField,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.registry.choices import EnterpriseStatus, UnitKind

from .choices import (
    CONCEALED,
    GRADE_ORDER,
    LEVEL_ORDER,
    AccidentGrade,
    DrillState,
    FrequencyStatus,
    InvestigationLevel,
    RequirementStatus,
)

# Units with no staff of their own hold no drill: a self-built house, a road section.
EXEMPT_KINDS = (UnitKind.SELF_BUILT_HOUSE, UnitKind.ROAD_SECTION)
PLAN_REVIEW_YEARS = 3  # 应急管理部令第2号 第三十五条


# --- drill frequency -----------------------------------------------------------------------------------------


def period_of(day: dt.date, high_risk: bool) -> tuple[dt.date, dt.date]:
    """The first and last day of the period holding `day`: its half year for a high-risk unit, else its year."""
    if not high_risk:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if day.month <= 6:
        return dt.date(day.year, 1, 1), dt.date(day.year, 6, 30)
    return dt.date(day.year, 7, 1), dt.date(day.year, 12, 31)


def previous_period(day: dt.date, high_risk: bool) -> tuple[dt.date, dt.date]:
    start, _end = period_of(day, high_risk)
    return period_of(start - dt.timedelta(days=1), high_risk)


def frequency_status(high_risk: bool, last_held: dt.date | None, registered_on: dt.date, today: dt.date) -> str:
    """A unit's standing in its current period: drilled in it; due (the last period was met, or the unit was not
    yet registered when it began); overdue (the whole last period passed without a drill)."""
    start, _end = period_of(today, high_risk)
    previous, _last = previous_period(today, high_risk)
    if last_held is not None and start <= last_held <= today:
        return FrequencyStatus.COMPLIANT
    if (last_held is not None and previous <= last_held <= today) or registered_on >= previous:
        return FrequencyStatus.DUE
    return FrequencyStatus.OVERDUE


def next_due(high_risk: bool, status: str, today: dt.date) -> dt.date:
    """The last day by which the unit's next drill is due: this period's end, or the next one's once drilled."""
    _start, end = period_of(today, high_risk)
    if status == FrequencyStatus.COMPLIANT:
        return period_of(end + dt.timedelta(days=1), high_risk)[1]
    return end


def subject_units(units: QuerySet) -> QuerySet:
    """The registry units the frequency rule applies to: operating, with people of their own."""
    return units.filter(status=EnterpriseStatus.OPERATING).exclude(kind__in=EXEMPT_KINDS)


def _by_risk(high: object, general: object, field) -> Case:
    return Case(When(high_risk=True, then=Value(high)), default=Value(general), output_field=field)


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def with_frequency(units: QuerySet, today: dt.date) -> QuerySet:
    """`units` (registry units) with `last_drill` and `drill_status` as `frequency_status` gives them, in SQL."""
    from .models import Drill

    held = Drill.objects.filter(enterprise=OuterRef("pk"), held_on__isnull=False, held_on__lte=today)
    last = Subquery(held.order_by("-held_on").values("held_on")[:1], output_field=DateField())
    start = _by_risk(period_of(today, True)[0], period_of(today, False)[0], DateField())
    previous = _by_risk(previous_period(today, True)[0], previous_period(today, False)[0], DateField())
    registered = _by_risk(
        _start_of_day(previous_period(today, True)[0]),
        _start_of_day(previous_period(today, False)[0]),
        DateTimeField(),
    )
    status = Case(
        When(Q(last_drill__gte=start), then=Value(FrequencyStatus.COMPLIANT.value)),
        When(Q(last_drill__gte=previous) | Q(created_at__gte=registered), then=Value(FrequencyStatus.DUE.value)),
        default=Value(FrequencyStatus.OVERDUE.value),
        output_field=CharField(),
    )
    return units.annotate(last_drill=last).annotate(drill_status=status)


# --- a drill's life ------------------------------------------------------------------------------------------


def drill_state(filed_on: dt.date | None, held_on: dt.date | None, evaluation: str) -> str:
    if held_on is not None:
        return DrillState.EVALUATED if (evaluation or "").strip() else DrillState.HELD
    return DrillState.FILED if filed_on is not None else DrillState.PLANNED


def late_filing(unscripted: bool, filed_on: dt.date | None, held_on: dt.date | None) -> bool:
    """An unscripted drill held without its plan filed on an earlier day (兴安办〔2024〕80号: 按时报备)."""
    if not unscripted or held_on is None:
        return False
    return filed_on is None or filed_on >= held_on


def late_filing_q() -> Q:
    """`late_filing` as a condition on drills."""
    return Q(unscripted=True, held_on__isnull=False) & (Q(filed_on__isnull=True) | Q(filed_on__gte=F("held_on")))


# --- named crowded places ------------------------------------------------------------------------------------


def requirement_status(held: list[dt.date], counted_from: dt.date, required_by: dt.date, today: dt.date) -> str:
    """A named place's standing: `held` are the days its drills were held (none after today)."""
    days = [d for d in held if counted_from <= d <= today]
    if any(d <= required_by for d in days):
        return RequirementStatus.HELD
    if days:
        return RequirementStatus.LATE
    return RequirementStatus.PENDING if today <= required_by else RequirementStatus.OVERDUE


def with_requirement_status(requirements: QuerySet, today: dt.date) -> QuerySet:
    """`requirements` with `status` as `requirement_status` gives it, in SQL."""
    from .models import Drill

    drills = Drill.objects.filter(
        enterprise=OuterRef("enterprise_id"), held_on__gte=OuterRef("counted_from"), held_on__lte=today
    )
    in_time = Exists(drills.filter(held_on__lte=OuterRef("required_by")))
    status = Case(
        When(in_time, then=Value(RequirementStatus.HELD.value)),
        When(Exists(drills), then=Value(RequirementStatus.LATE.value)),
        When(required_by__gte=today, then=Value(RequirementStatus.PENDING.value)),
        default=Value(RequirementStatus.OVERDUE.value),
        output_field=CharField(),
    )
    return requirements.annotate(status=status)


# --- emergency plans -----------------------------------------------------------------------------------------


def review_years() -> int:
    return int(getattr(settings, "ANJIAN_PLAN_REVIEW_YEARS", PLAN_REVIEW_YEARS))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def review_due_on(issued_on: dt.date, evaluated_on: dt.date | None) -> dt.date:
    """The day the plan's next periodic evaluation is due: the period after its issue or last evaluation (a plan
    of 29 February falls due on 1 March, as `review_due_q` counts it)."""
    base = max(issued_on, evaluated_on or issued_on)
    try:
        return base.replace(year=base.year + review_years())
    except ValueError:
        return dt.date(base.year + review_years(), 3, 1)


def review_due_q(today: dt.date) -> Q:
    """Current plans whose evaluation is due by `today`: issued, or last evaluated, at least the period ago."""
    cutoff = _years_before(today, review_years())
    return Q(current=True) & (Q(evaluated_on__isnull=True, issued_on__lte=cutoff) | Q(evaluated_on__lte=cutoff))


# --- accidents -----------------------------------------------------------------------------------------------

# 条例 第三条: (grade, deaths, serious injuries, direct loss in 万元) — the lower bound of each grade, 以上 inclusive.
GRADE_THRESHOLDS = (
    (AccidentGrade.GRAVE, 30, 100, Decimal("10000")),
    (AccidentGrade.MAJOR, 10, 50, Decimal("5000")),
    (AccidentGrade.LARGER, 3, 10, Decimal("1000")),
)


@dataclass(frozen=True)
class GradeFinding:
    grade: str
    reason: str  # which number puts it there, in the regulation's words


def suggested_grade(deaths: int, serious_injuries: int, direct_loss: Decimal) -> GradeFinding:
    """The grade the numbers give (the highest any of the three reaches) and why."""
    for grade, death_floor, injury_floor, loss_floor in GRADE_THRESHOLDS:
        reasons = []
        if deaths >= death_floor:
            reasons.append(_("%(n)s deaths (%(floor)s or more)") % {"n": deaths, "floor": death_floor})
        if serious_injuries >= injury_floor:
            reasons.append(
                _("%(n)s serious injuries (%(floor)s or more)") % {"n": serious_injuries, "floor": injury_floor}
            )
        if direct_loss >= loss_floor:
            reasons.append(
                _("a direct loss of %(n)s 万元 (%(floor)s 万元 or more)") % {"n": direct_loss, "floor": loss_floor}
            )
        if reasons:
            return GradeFinding(grade, "、".join(reasons))
    reason = _("fewer than 3 deaths, fewer than 10 serious injuries and a direct loss under 1000 万元")
    return GradeFinding(AccidentGrade.GENERAL, reason)


def grade_problem(grade: str, deaths: int, serious_injuries: int, direct_loss: Decimal) -> str | None:
    """Why `grade` contradicts the numbers (条例 第三条), or None when it agrees with them."""
    found = suggested_grade(deaths, serious_injuries, direct_loss)
    if grade == found.grade:
        return None
    return _("The numbers make it a %(grade)s: %(reason)s (《生产安全事故报告和调查处理条例》 第三条).") % {
        "grade": AccidentGrade(found.grade).label,
        "reason": found.reason,
    }


def grade_at_least_q(grade: str) -> Q:
    return Q(grade__in=GRADE_ORDER[GRADE_ORDER.index(grade) :])


def concealed_q() -> Q:
    """Accidents concealed or falsely reported (瞒报、谎报)."""
    return Q(reporting__in=[str(r) for r in CONCEALED])


# 条例 第十九条: 特别重大 the State Council, 重大 the province, 较大 the city, 一般 the county.
ORDINARY_LEVEL = {
    AccidentGrade.GENERAL: InvestigationLevel.COUNTY,
    AccidentGrade.LARGER: InvestigationLevel.CITY,
    AccidentGrade.MAJOR: InvestigationLevel.PROVINCE,
    AccidentGrade.GRAVE: InvestigationLevel.STATE_COUNCIL,
}


def required_investigation_level(grade: str, reporting: str) -> str:
    """Who must investigate: the grade's level (条例 第十九条), one level up for a concealed or falsely reported
    accident (赣发〔2024〕10号 (六): 涉及瞒报、谎报事故的一律提级调查)."""
    level = LEVEL_ORDER.index(ORDINARY_LEVEL[AccidentGrade(grade)])
    if reporting in CONCEALED:
        level = min(level + 1, len(LEVEL_ORDER) - 1)
    return LEVEL_ORDER[level]
