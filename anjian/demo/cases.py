"""The demo county's public register of typical enforcement cases (典型执法案例（含危险作业罪）): the referral for 危险作业罪
and the latest fine among the cases reported as typical, each drafted through the service by whoever recorded it (its
basis written where the case has no decision document) and published by the county office (钟建华) a few days after
it was reported — so that /public/cases/ is not empty and attachment 4's 公布典型执法案例 cells read them."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from anjian.core.pg_guard import maintenance
from anjian.inspections.choices import ActionKind
from anjian.inspections.models import EnforcementAction
from anjian.org.models import User
from anjian.public.models import CasePublication
from anjian.public.services import cases

from .clock import cutoff

BASIS = "依据《中华人民共和国安全生产法》的有关规定。"


def _story(rng: random.Random, reported: dt.date, today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """(drafted, published): a day or two after the report, published within a week, all before the cut-off."""
    end = cutoff(today) - dt.timedelta(hours=2)
    start = timezone.make_aware(dt.datetime.combine(reported, dt.time(9)))
    drafted = min(start + dt.timedelta(hours=rng.randint(20, 60)), end - dt.timedelta(hours=1))
    return drafted, min(drafted + dt.timedelta(hours=rng.randint(24, 120)), end)


def load_demo_cases(seed: int, today: dt.date) -> dict[str, int]:
    rng = random.Random(seed * 9173 + 21)
    office = User.objects.get(username="county")
    # Reported a week before the load at least: drafted and published since, all before the cut-off.
    week_ago = today - dt.timedelta(days=7)
    typical = EnforcementAction.objects.filter(typical=True, typical_reported_on__lte=week_ago).exclude(
        created_by=office
    )
    chosen = [
        typical.filter(dangerous_operation_crime=True).order_by("pk").first(),
        typical.filter(kind=ActionKind.PENALTY).order_by("-typical_reported_on", "-pk").first(),
    ]
    for action in [a for a in chosen if a is not None]:
        publication = cases.draft(action.created_by, action)
        if not publication.basis:
            publication = cases.edit(action.created_by, publication, basis=BASIS)
        cases.publish(office, publication)
        drafted, published = _story(rng, action.typical_reported_on or action.decided_on, today)
        edited = drafted if publication.edited_by_id else None
        CasePublication.objects.filter(pk=publication.pk).update(
            drafted_at=drafted, edited_at=edited, published_at=published
        )
        with maintenance():  # its history at the story's times (draft, edit, publish)
            rows = list(publication.history.order_by("history_id").values_list("history_id", flat=True))
            times = [drafted] * (len(rows) - 1) + [published]
            for pk, at in zip(rows, times, strict=True):
                publication.history.filter(history_id=pk).update(history_date=at)
    return {"typical cases published": CasePublication.objects.filter(state="published").count()}
