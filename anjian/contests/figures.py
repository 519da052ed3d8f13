"""The contest's figures (core.figures), for the dashboard and the campaigns: participations (参赛人次: a person's
entry in a round, once they finished an attempt, on the day they first did) and rounds held (竞赛场次: rounds
opened, on their first day). 兴安办〔2024〕80号 measures them against 万人竞赛 (二（五）2) and 百场竞赛 (二（三）2);
rules.py holds those targets."""

from __future__ import annotations

from django.db.models import QuerySet

from anjian.core.figures import Frame, figure

from .choices import RoundStatus
from .models import Entry, Round


@figure("contests.entries", "参加安康杯知识竞赛人次", "人次", by={"sector": "sector"})
def entries(frame: Frame) -> QuerySet:
    return frame.scoped(Entry.objects.filter(finished_at__isnull=False), "finished_at", moment=True)


@figure("contests.rounds", "组织安康杯知识竞赛场次", "场")
def rounds(frame: Frame) -> QuerySet:
    return frame.scoped(Round.objects.exclude(status=RoundStatus.DRAFT), "opens_on")


FIGURE_KEYS = ["contests.entries", "contests.rounds"]
