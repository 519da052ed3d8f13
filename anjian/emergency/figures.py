"""The emergency figures other apps read (core.figures): drills held and their participants (江西应急管理简报
2024年第20期: 开展应急演练104次，演练人数超5200人), unscripted drills (赣发〔2024〕10号 (二十): 大力推广"无脚本"演练),
units whose drill is overdue (赣发〔2024〕10号 (二十); 高府发〔2023〕14号 一（一）9), plans made or revised (简报: 制定
（修订）生产安全事故应急预案15个), the named crowded places (兴安办〔2024〕80号 二（三）3) and accidents with their
casualties and concealment (赣发〔2024〕10号 (六)).

Families over drills held in the frame's days, plans issued in them, named places whose deadline falls in them
and accidents that occurred in them; standing numbers (units overdue, plans due for evaluation) are counted on the
frame's last day (today for an open frame)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from anjian.core import dates
from anjian.core.figures import Frame, family, figure
from anjian.registry.models import Enterprise

from . import rules
from .choices import LATE_OR_OMITTED, AccidentGrade, FrequencyStatus
from .models import Accident, Drill, DrillRequirement, EmergencyPlan

DRILL_BREAKDOWN = {"kind": "kind", "sector": "sector", "organiser": "organiser"}
ACCIDENT_BREAKDOWN = {"grade": "grade", "sector": "sector", "reporting": "reporting"}


def _last_day(frame: Frame):
    """The day a standing number is counted on: the frame's last day, or today when that lies ahead."""
    return min(frame.end, dates.today()) if frame.end else dates.today()


@family(days="held_on")
def held(frame: Frame) -> QuerySet:
    """The drills held in the frame's unit and days (the family's rows)."""
    return frame.scoped(Drill.objects.filter(held_on__isnull=False), "held_on")


@figure("emergency.drills_held", "开展应急演练", "次", over=held, by=DRILL_BREAKDOWN)
def drills_held(frame: Frame) -> Q:
    return Q()


@figure("emergency.drill_participants", "演练人数", "人", sums=("participants",), over=held)
def drill_participants(frame: Frame) -> Q:
    return Q()


@figure("emergency.unscripted_drills", "无脚本演练", "次", over=held, by=DRILL_BREAKDOWN)
def unscripted_drills(frame: Frame) -> Q:
    return Q(unscripted=True)


@figure("emergency.late_filed_drills", "无脚本演练预案未按时报备", "次", over=held, by=DRILL_BREAKDOWN)
def late_filed_drills(frame: Frame) -> Q:
    return rules.late_filing_q()


@figure("emergency.units_without_drill", "未按规定频次开展应急演练的单位", "家")
def units_without_drill(frame: Frame) -> QuerySet:
    """Units whose last period passed without a drill (rules.frequency_status), on the frame's last day."""
    units = rules.subject_units(frame.unit().scoped(Enterprise.objects.all()))
    return rules.with_frequency(units, _last_day(frame)).filter(drill_status=FrequencyStatus.OVERDUE)


@family(days="issued_on")
def issued(frame: Frame) -> QuerySet:
    return frame.scoped(EmergencyPlan.objects.all(), "issued_on")


@figure("emergency.plans_made_or_revised", "制定（修订）生产安全事故应急预案", "个", over=issued)
def plans_made_or_revised(frame: Frame) -> Q:
    """Every version issued in the days: a first version made, or a revision."""
    return Q()


@figure("emergency.plans_revised", "修订生产安全事故应急预案", "个", over=issued)
def plans_revised(frame: Frame) -> Q:
    return Q(supersedes__isnull=False)


@figure("emergency.plans_due_for_review", "到期应评估的应急预案", "个")
def plans_due_for_review(frame: Frame) -> QuerySet:
    return frame.unit().scoped(EmergencyPlan.objects.filter(rules.review_due_q(_last_day(frame))))


@family(days="required_by")
def named(frame: Frame) -> QuerySet:
    """The crowded places named with a deadline in the frame's days."""
    return frame.scoped(DrillRequirement.objects.all(), "required_by")


@figure("emergency.crowded_places_named", "重点演练单位（人员密集场所）", "家", over=named)
def crowded_places_named(frame: Frame) -> Q:
    return Q()


@figure("emergency.crowded_places_drilled", "重点演练单位按期完成演练", "家", over=named)
def crowded_places_drilled(frame: Frame) -> Q:
    """Of those, the ones that held a drill between the day drills count from and the deadline (by the frame's
    last day)."""
    drills = Drill.objects.filter(
        enterprise=OuterRef("enterprise_id"),
        held_on__gte=OuterRef("counted_from"),
        held_on__lte=OuterRef("required_by"),
    ).filter(held_on__lte=_last_day(frame))
    return Q(Exists(drills))


@family(days="occurred_at", moment=True)
def occurred(frame: Frame) -> QuerySet:
    """The accidents of the frame's unit and days."""
    return frame.scoped(Accident.objects.all(), "occurred_at", moment=True)


@figure("emergency.accidents", "生产安全事故", "起", over=occurred, by=ACCIDENT_BREAKDOWN)
def accidents(frame: Frame) -> Q:
    return Q()


@figure("emergency.accident_deaths", "事故死亡人数", "人", sums=("deaths",), over=occurred)
def accident_deaths(frame: Frame) -> Q:
    return Q()


@figure("emergency.accident_serious_injuries", "事故重伤人数", "人", sums=("serious_injuries",), over=occurred)
def accident_serious_injuries(frame: Frame) -> Q:
    return Q()


@figure("emergency.accident_direct_loss", "事故直接经济损失", "万元", sums=("direct_loss",), money=True, over=occurred)
def accident_direct_loss(frame: Frame) -> Q:
    return Q()


@figure("emergency.concealed_accidents", "瞒报、谎报事故", "起", over=occurred, by=ACCIDENT_BREAKDOWN)
def concealed_accidents(frame: Frame) -> Q:
    return rules.concealed_q()


@figure("emergency.late_reported_accidents", "迟报、漏报事故", "起", over=occurred, by=ACCIDENT_BREAKDOWN)
def late_reported_accidents(frame: Frame) -> Q:
    return Q(reporting__in=[str(r) for r in LATE_OR_OMITTED])


@figure("emergency.larger_accidents", "较大及以上生产安全事故", "起", over=occurred, by=ACCIDENT_BREAKDOWN)
def larger_accidents(frame: Frame) -> Q:
    return rules.grade_at_least_q(AccidentGrade.LARGER)


FIGURE_KEYS = [
    "emergency.drills_held",
    "emergency.drill_participants",
    "emergency.unscripted_drills",
    "emergency.late_filed_drills",
    "emergency.units_without_drill",
    "emergency.plans_made_or_revised",
    "emergency.plans_revised",
    "emergency.plans_due_for_review",
    "emergency.crowded_places_named",
    "emergency.crowded_places_drilled",
    "emergency.accidents",
    "emergency.accident_deaths",
    "emergency.accident_serious_injuries",
    "emergency.accident_direct_loss",
    "emergency.concealed_accidents",
    "emergency.late_reported_accidents",
    "emergency.larger_accidents",
]
