"""Leaderboards and participation, computed from the entries at the time asked.

A round's leaderboard by person ranks the entries that finished an attempt by their best score, then the time
it took (less is better), then who finished first; two entries with the same score and time share a rank. By
unit, the entries are grouped by the unit's name normalised (rules.unit_key: a public participant's typed name
meets the enterprise's own), ranked by the average best score, then by the number of participants, then by the
average time. Participation counts the same entries by town and sector against the county's target."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Max, Min, QuerySet
from django.utils import timezone

from anjian.core import figures
from anjian.core.figures import Frame
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import restrict
from anjian.org.models import Region, Sector

from . import rules
from .attempts import settle
from .choices import RoundStatus
from .models import Entry, Round


@dataclass
class Ranked:
    rank: int
    entry: Entry


def person_board(round_: Round, now: dt.datetime | None = None, limit: int | None = None) -> list[Ranked]:
    """The round's participants who finished, best first (attempts past their deadline are scored first)."""
    settle(round_, now or timezone.now())
    rows = ranked_entries(round_).select_related("region", "enterprise")
    rows = rows[:limit] if limit else rows
    out: list[Ranked] = []
    for n, entry in enumerate(rows, start=1):
        tied = out and (out[-1].entry.best_score, out[-1].entry.best_seconds) == (entry.best_score, entry.best_seconds)
        out.append(Ranked(out[-1].rank if tied else n, entry))
    return out


def ranked_entries(round_: Round) -> QuerySet:
    finished = Entry.objects.filter(round=round_, best_score__isnull=False)
    return finished.order_by("-best_score", "best_seconds", "finished_at", "pk")


@dataclass
class UnitRow:
    rank: int
    name: str
    participants: int
    average: Decimal
    top: Decimal
    average_seconds: int


def unit_board(round_: Round, now: dt.datetime | None = None) -> list[UnitRow]:
    settle(round_, now or timezone.now())
    groups = (
        Entry.objects.filter(round=round_, best_score__isnull=False)
        .values("unit_key")
        .annotate(
            name=Min("unit_name"), n=Count("pk"), avg=Avg("best_score"), top=Max("best_score"), secs=Avg("best_seconds")
        )  # fmt: skip
    )
    rows = [
        UnitRow(0, g["name"], g["n"], Decimal(g["avg"]).quantize(Decimal("0.01")), g["top"], int(g["secs"] or 0))
        for g in groups
    ]
    rows.sort(key=lambda r: (-r.average, -r.participants, r.average_seconds, r.name))
    for n, row in enumerate(rows, start=1):
        row.rank = n
    return rows


@dataclass
class Participation:
    entries: int  # 人次
    people: int  # distinct persons
    rounds: int
    target: int
    rounds_target: int
    by_town: list[tuple[Region, int]]
    by_sector: list[tuple[str, int]]
    by_round: list[tuple[Round, int]]

    @property
    def share(self) -> float:
        return round(100 * self.entries / self.target, 1) if self.target else 0.0

    @property
    def rounds_share(self) -> float:
        return round(100 * self.rounds / self.rounds_target, 1) if self.rounds_target else 0.0


def participation(user, county: Region, start: dt.date, end: dt.date) -> Participation:
    """The county's participation over the days (the figures' rows, through the user's jurisdiction)."""
    frame = Frame(user, county, None, start, end)
    entry_figure, round_figure = figures.get("contests.entries"), figures.get("contests.rounds")
    rows = entry_figure.counted(frame)
    towns = list(Region.objects.filter(parent=county, level=RegionLevel.TOWN).order_by("code"))
    by_town = entry_figure.values_by_unit(frame, {t.pk: (t, None) for t in towns})
    sectors = dict(Sector.objects.values_list("pk", "name"))
    by_sector = [
        (sectors.get(pk, "") if pk else "", n)
        for pk, n in rows.order_by().values_list("sector").annotate(n=Count("pk")).order_by("-n")
    ]
    counted = dict(rows.order_by().values_list("round").annotate(n=Count("pk")))
    held = round_figure.counted(frame).order_by("-opens_on", "-pk")
    return Participation(
        entries=rows.count(),
        people=rows.order_by().values("person_key").distinct().count(),
        rounds=held.count(),
        target=rules.participants_target(),
        rounds_target=rules.rounds_target(),
        by_town=[(t, by_town[t.pk]) for t in towns],
        by_sector=by_sector,
        by_round=[(r, counted.get(r.pk, 0)) for r in held],
    )


def visible_board(user, round_: Round) -> bool:
    """Whether `user` may read the round's leaderboard: a public round's is public once open; otherwise those who
    read the round (its organisers, the county, leaders) and those who may take it."""
    from .access import rounds_for_participant

    readable = restrict(user, Round.objects.filter(pk=round_.pk)).exists()
    if round_.status == RoundStatus.DRAFT or readable:
        return readable
    return round_.is_public or rounds_for_participant(user).filter(pk=round_.pk).exists()
