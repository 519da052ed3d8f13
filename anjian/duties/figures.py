"""The duties' figures (core.figures), each a queryset through the frame so that every number links to its rows:

- the principal's periodic duties (十个一次) due in the frame's days: done, overdue (as of today), still due, and
  the units with an overdue one;
- 企业主要负责人未带队检查 (附件4, 抽查检查情况): the units whose principal did not lead the check of major hazards
  in a period that ended in the frame's days — the check of 十个一次 (`hazard_check`) or the campaign's
  (`campaign_check`) not done, or done only after its period;
- 外包外租安全管理混乱 (高府发〔2023〕14号 附件4, the cell of its 抽查检查情况 block): the units with a disorderly
  contract in force during the frame;
- the list of 35 responsibilities (兴安办〔2024〕80号 二（二）1): the units it reached (and that acknowledged it) in
  the frame's days, and those not reached by the frame's last day — of the latest list set;
- the principal's duty reports (一报告、双签字) of periods starting in the frame: signed, and acknowledged.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from anjian.core import dates
from anjian.core.figures import Frame, family, figure
from anjian.registry.choices import EnterpriseStatus
from anjian.registry.models import Enterprise

from .choices import ReportState
from .models import DutyOccurrence, DutyReport, ListDelivery, OutsourcingContract, ResponsibilityList

BREAKDOWN = {"duty": "item", "frequency": "frequency"}


@family(days="due_on")
def occurrences(frame: Frame) -> QuerySet:
    """The occurrences due in the frame's days in its unit (the family's rows)."""
    return frame.scoped(DutyOccurrence.objects.all(), "due_on")


@figure("duties.occurrences_done", "主要负责人“十个一次”已完成", "次", over=occurrences, by=BREAKDOWN)
def occurrences_done(frame: Frame) -> Q:
    return Q(done_on__isnull=False)


@figure("duties.occurrences_overdue", "主要负责人“十个一次”逾期未完成", "次", over=occurrences, by=BREAKDOWN)
def occurrences_overdue(frame: Frame) -> Q:
    """Not done and past the last day of its period, today."""
    return Q(done_on__isnull=True, due_on__lt=dates.today())


@figure("duties.occurrences_due", "主要负责人“十个一次”未到期待完成", "次", over=occurrences, by=BREAKDOWN)
def occurrences_due(frame: Frame) -> Q:
    return Q(done_on__isnull=True, due_on__gte=dates.today())


@figure("duties.units_behind", "“十个一次”逾期未完成的企业", "家", distinct="enterprise_id", over=occurrences)
def units_behind(frame: Frame) -> Q:
    return occurrences_overdue(frame)


LED_CHECKS = ("hazard_check", "campaign_check")  # 检查重大事故隐患排查整治情况 (三（一）1), 带队全面检查 (三（一）3)


@figure("duties.units_no_led_check", "企业主要负责人未带队检查", "家", distinct="enterprise_id", over=occurrences)
def units_no_led_check(frame: Frame) -> Q:
    """A check occurrence whose period has ended (before today) without it, or with it done only afterwards."""
    missed = Q(done_on__isnull=True, due_on__lt=dates.today()) | Q(done_on__gt=F("due_on"))
    return Q(item__code__in=LED_CHECKS) & missed


def contracts(frame: Frame) -> QuerySet:
    """The contracts of the frame's unit in force at some day of the frame (all when open)."""
    rows = frame.scoped(OutsourcingContract.objects.all())
    if frame.end is not None:
        rows = rows.filter(starts_on__lte=frame.end)
    if frame.start is not None:
        rows = rows.exclude(ends_on__lt=frame.start)
    return rows


@figure("duties.outsourcing_disorderly", "外包外租安全管理混乱", "家", distinct="enterprise_id", over=contracts)
def outsourcing_disorderly(frame: Frame) -> Q:
    return Q(disorderly=True)


def latest_list():
    return Subquery(ResponsibilityList.objects.order_by("-deadline", "-pk").values("pk")[:1])


@family(days="delivered_on")
def deliveries(frame: Frame) -> QuerySet:
    return frame.scoped(ListDelivery.objects.filter(list_id=latest_list()), "delivered_on")


@figure("duties.list_delivered", "35条责任清单已宣贯企业", "家", over=deliveries)
def list_delivered(frame: Frame) -> Q:
    return Q()


@figure("duties.list_acknowledged", "35条责任清单已签收企业", "家", over=deliveries)
def list_acknowledged(frame: Frame) -> Q:
    return Q(acknowledged_on__isnull=False) & frame.until("acknowledged_on")


@figure("duties.list_not_reached", "35条责任清单未宣贯企业", "家")
def list_not_reached(frame: Frame) -> QuerySet:
    """The units not closed that the latest list had not reached by the frame's last day (today when open)."""
    reached = ListDelivery.objects.filter(
        Q(list_id=latest_list()) & frame.until("delivered_on"), enterprise=OuterRef("pk")
    )
    return frame.unit().scoped(Enterprise.objects.exclude(status=EnterpriseStatus.CLOSED)).exclude(Exists(reached))


@family(days="period_start")
def reports(frame: Frame) -> QuerySet:
    return frame.scoped(DutyReport.objects.all(), "period_start")


@figure("duties.reports_signed", "主要负责人履职报告（双签字）", "份", over=reports)
def reports_signed(frame: Frame) -> Q:
    return Q(state__in=[ReportState.SIGNED, ReportState.ACKNOWLEDGED])


@figure("duties.reports_acknowledged", "主要负责人履职报告已审阅", "份", over=reports)
def reports_acknowledged(frame: Frame) -> Q:
    return Q(state=ReportState.ACKNOWLEDGED)


FIGURE_KEYS = [
    "duties.occurrences_done",
    "duties.occurrences_overdue",
    "duties.occurrences_due",
    "duties.units_behind",
    "duties.units_no_led_check",
    "duties.outsourcing_disorderly",
    "duties.list_delivered",
    "duties.list_acknowledged",
    "duties.list_not_reached",
    "duties.reports_signed",
    "duties.reports_acknowledged",
]
