"""The county's figures of public reports for a place and a period: how many came, by month, town, sector, state
and outcome; how long acknowledging and verifying took (hours from receipt); rewards proposed and paid. Every count
comes from the figures registry (public.figures), so the page, the API and the dashboard agree."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from anjian.core import figures
from anjian.core.figures import Frame

from .figures import received

COUNTS = (
    "public.reports",
    "public.reports_late",
    "public.reports_true",
    "public.reports_hazards",
    "public.reports_anonymous",
    "public.rewards_proposed",
    "public.rewards_proposed_amount",
    "public.rewards_paid_count",
    "public.rewards_paid",
    "public.anonymous_rewards_paid",
)
DIMENSIONS = ("town", "sector", "state", "outcome")


@dataclass(frozen=True)
class Duration:
    """Hours from receipt to a step, over the reports that took it."""

    count: int
    average: float | None
    median: float | None
    longest: float | None


@dataclass(frozen=True)
class Summary:
    values: dict[str, int | Decimal]
    labels: dict[str, str]
    by_month: list[tuple[dt.date, int]]
    breakdowns: dict[str, list[tuple[str, str, int]]]
    acknowledged: Duration
    verified: Duration
    units: dict[str, str] = field(default_factory=dict)


def _duration(rows, step: str) -> Duration:
    hours = [(getattr(r, step) - r.received_at).total_seconds() / 3600 for r in rows if getattr(r, step) is not None]
    if not hours:
        return Duration(0, None, None, None)
    return Duration(
        len(hours), round(statistics.fmean(hours), 1), round(statistics.median(hours), 1), round(max(hours), 1)
    )


def summary(user, region=None, start: dt.date | None = None, end: dt.date | None = None) -> Summary:
    frame = Frame(user, region, None, start, end)
    known = figures.known()
    wanted = {key: (known[key], frame) for key in COUNTS}
    values = figures.values(wanted)
    months = (
        received(frame)
        .order_by()
        .annotate(month=TruncMonth("received_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    by_month = [(timezone.localtime(m["month"]).date() if isinstance(m["month"], dt.datetime) else m["month"], m["n"])
                for m in months]  # fmt: skip
    reports = figures.get("public.reports")
    breakdowns = {dim: figures.breakdown(reports, frame, dim) for dim in DIMENSIONS}
    timed = list(received(frame).only("received_at", "acknowledged_at", "verified_at"))
    return Summary(
        values=values,
        labels={key: known[key].label for key in COUNTS},
        units={key: known[key].unit for key in COUNTS},
        by_month=by_month,
        breakdowns=breakdowns,
        acknowledged=_duration(timed, "acknowledged_at"),
        verified=_duration(timed, "verified_at"),
    )
