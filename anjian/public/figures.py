"""The public reports' figures (core.figures): reports received in a period, by town, sector, state and outcome, how
many were acknowledged late, found true, turned into hazards, sent anonymously; rewards proposed and paid — and the
two reward cells of attachment 4 of 高府发〔2023〕14号 (举报奖励（万元），其中匿名举报查实奖励（万元）): the rewards paid in
the period, in 万元, all of them and those for anonymous reports; and its two cells of typical cases (公布典型执法案例（个），
其中危险作业罪案例（个）): the cases the county office published in the period and still shows, all and those of 危险作业罪."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from anjian.core.figures import Frame, family, figure

from .choices import LIVE_REWARD_STATES, CaseState, ReportState, RewardState
from .models import CasePublication, PublicReport, Reward

BREAKDOWN = {"town": "town", "sector": "sector", "state": "state", "outcome": "outcome"}


@family(days="received_at", moment=True)
def received(frame: Frame) -> QuerySet:
    """The reports received in the frame's unit and days (a family's rows)."""
    return frame.scoped(PublicReport.objects.all(), "received_at", moment=True)


@figure("public.reports", "群众举报", "件", over=received, by=BREAKDOWN)
def reports(frame: Frame) -> Q:
    return Q()


def late_q() -> Q:
    """Acknowledged after its deadline, or not yet acknowledged and past it now."""
    return Q(acknowledged_at__gt=F("ack_due_at")) | Q(state=ReportState.RECEIVED, ack_due_at__lt=timezone.now())


@figure("public.reports_late", "逾期签收的举报", "件", over=received, by=BREAKDOWN)
def reports_late(frame: Frame) -> Q:
    return late_q()


@figure("public.reports_true", "查证属实的举报", "件", over=received, by=BREAKDOWN)
def reports_true(frame: Frame) -> Q:
    return Q(substantiated=True)


@figure("public.reports_hazards", "立为隐患的举报", "件", over=received, by=BREAKDOWN)
def reports_hazards(frame: Frame) -> Q:
    return Q(hazard__isnull=False)


@figure("public.reports_anonymous", "匿名举报", "件", over=received, by=BREAKDOWN)
def reports_anonymous(frame: Frame) -> Q:
    return Q(anonymous=True)


@family(days="proposed_at", moment=True)
def proposed(frame: Frame) -> QuerySet:
    """The rewards proposed in the frame's unit and days, but those rejected (a family's rows)."""
    rows = Reward.objects.filter(state__in=LIVE_REWARD_STATES)
    return frame.scoped(rows, "proposed_at", moment=True)


@figure("public.rewards_proposed", "提出举报奖励", "件", over=proposed)
def rewards_proposed(frame: Frame) -> Q:
    return Q()


@figure("public.rewards_proposed_amount", "提出的举报奖励金额", "万元", sums=("amount_wan",), money=True, over=proposed)
def rewards_proposed_amount(frame: Frame) -> Q:
    return Q()


@family(days="paid_on")
def paid(frame: Frame) -> QuerySet:
    """The rewards paid in the frame's unit and days (a family's rows)."""
    return frame.scoped(Reward.objects.filter(state=RewardState.PAID), "paid_on")


@figure("public.rewards_paid_count", "发放举报奖励", "件", over=paid)
def rewards_paid_count(frame: Frame) -> Q:
    return Q()


@figure("public.rewards_paid", "举报奖励", "万元", sums=("amount_wan",), money=True, over=paid)
def rewards_paid(frame: Frame) -> Q:
    """举报奖励（万元）: the rewards paid (attachment 4, 组织推动情况)."""
    return Q()


@figure("public.anonymous_rewards_paid", "其中匿名举报查实奖励", "万元", sums=("amount_wan",), money=True, over=paid)
def anonymous_rewards_paid(frame: Frame) -> Q:
    """其中匿名举报查实奖励（万元）: of those, the rewards for anonymous reports (found true before any reward)."""
    return Q(anonymous=True)


@family(days="published_at", moment=True)
def published_cases(frame: Frame) -> QuerySet:
    """The typical cases published in the frame's unit and days and not withdrawn since (a family's rows). A case
    counts for the town it lies in and for its department, as its enforcement action does."""
    rows = CasePublication.objects.filter(state=CaseState.PUBLISHED)
    return frame.scoped(rows, "published_at", moment=True)


@figure("public.typical_cases", "公布典型执法案例", "个", over=published_cases)
def typical_cases(frame: Frame) -> Q:
    """公布典型执法案例（个）: published, not only reported to the county office (inspections.typical_cases)."""
    return Q()


@figure("public.typical_dangerous_operation", "其中危险作业罪案例", "个", over=published_cases)
def typical_dangerous_operation(frame: Frame) -> Q:
    return Q(action__dangerous_operation_crime=True)
