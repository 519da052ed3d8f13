"""Tasks measured against their targets from the records.

A task bound to a figure (`Task.metric`, e.g. 高府发〔2023〕14号 （三）10: 每季度要排查不少于10条重大事故隐患)
is counted over its target's window — this month, quarter, half year or year, or the campaign so far — for each
participant (`Task.target_each`) or for the campaign's region as a whole (个十百千万: 组织千人培训). All the
tasks of a campaign are counted at once: one grouped query a family of figures (core.figures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from anjian.core import figures
from anjian.core.figures import Frame

from . import rules
from .choices import TargetPer
from .models import Campaign, Participant, Task

REGION = "region"


@dataclass
class ParticipantValue:
    participant: Participant
    value: int | Decimal
    met: bool


@dataclass
class TaskProgress:
    task: Task
    figure: figures.Figure
    start: dt.date
    end: dt.date
    target: Decimal
    total: int | Decimal | None = None  # the region's value (for those who see the whole region)
    met: bool | None = None  # the region's target met (a target for the region as a whole)
    each: list[ParticipantValue] = field(default_factory=list)  # a target for each participant: those the user sees

    @property
    def met_count(self) -> int:
        return sum(1 for s in self.each if s.met)

    @property
    def short(self) -> list[ParticipantValue]:
        """The participants short of the target, furthest behind first."""
        return sorted((s for s in self.each if not s.met), key=lambda s: (s.value, s.participant.pk))


def today() -> dt.date:
    return timezone.localdate()


def window(task: Task, campaign: Campaign, today: dt.date) -> tuple[dt.date, dt.date]:
    """The days the target counts over: the month, quarter, half year or year holding `today` (the campaign's
    last day once it has ended, its first before it starts), within the campaign; the whole campaign else."""
    day = min(max(today, campaign.period_start), campaign.period_end)
    per = task.target_per
    if per == TargetPer.MONTH:
        start = day.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    elif per in (TargetPer.QUARTER, TargetPer.HALF_YEAR):
        months = 3 if per == TargetPer.QUARTER else 6
        first = (day.month - 1) // months * months + 1
        start = dt.date(day.year, first, 1)
        end = dt.date(day.year + (first + months > 12), (first + months - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    elif per == TargetPer.YEAR:
        start, end = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    else:
        start, end = campaign.period_start, campaign.period_end
    return max(start, campaign.period_start), min(end, campaign.period_end)


def measured(campaign: Campaign, tasks=None) -> list[Task]:
    """The tasks (of the campaign, or those given) bound to a figure the registry knows, with a target."""
    known = figures.known()
    return [
        t
        for t in (campaign.tasks.all() if tasks is None else tasks)
        if t.metric in known and t.target_value is not None
    ]


def progress(user, campaign: Campaign, today: dt.date | None = None, tasks=None) -> list[TaskProgress]:
    """Every measured task of the campaign with its window, target and values as the user may see them: each
    participant's (all of them for the office and county-wide readers, one's own otherwise) and the region's
    (for those who see the whole region)."""
    today = today or timezone.localdate()
    tasks = measured(campaign, tasks)
    if not tasks:
        return []
    participants = list(rules.visible_participants(user, campaign).select_related("region", "department"))
    units: dict = {p.pk: (p.region, p.department) for p in participants}
    whole = rules.may_see_ranking(user, campaign)
    if whole:
        units[REGION] = (campaign.region, None)
    rows, requests = [], {}
    for task in tasks:
        start, end = window(task, campaign, today)
        fig = figures.get(task.metric)
        rows.append(TaskProgress(task, fig, start, end, task.target_value))
        requests[task.pk] = (fig, Frame(user, start=start, end=end))
    values = figures.values_by_unit(requests, units)
    for row in rows:
        found = values[row.task.pk]
        if whole:
            row.total = found[REGION]
        if row.task.target_each:
            row.each = [ParticipantValue(p, found[p.pk], found[p.pk] >= row.target) for p in participants]
        elif whole:
            row.met = row.total >= row.target
    return rows


def rows_of(user, campaign: Campaign, task: Task, participant: Participant | None, today: dt.date | None = None):
    """The records a task's value counts, for a participant or the region (the same queryset as the value)."""
    start, end = window(task, campaign, today or timezone.localdate())
    if participant is None:
        rules.check_see_ranking(user, campaign)
        frame = Frame(user, region=campaign.region, start=start, end=end)
    else:
        frame = Frame(user, region=participant.region, department=participant.department, start=start, end=end)
    return figures.get(task.metric).rows(frame)
