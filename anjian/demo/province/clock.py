"""Days and moments of the generated province, all before the start of the day it is generated on (as the demo's
clock: two runs with one seed on one day write the same records), as UTC date-times (what the database returns,
and what the seals hash)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from anjian.core.chain import GENESIS, canonical, hash_text, link_hash
from anjian.core.models import Seal

from .bulk import Rows

SEAL_COLUMNS = ["id", "chain", "model", "object_id", "content_hash", "previous_hash", "hash", "sealed_at"]


class Clock:
    def __init__(self, today: dt.date):
        self.today = today
        self.yesterday = today - dt.timedelta(days=1)
        self.cutoff = self.midnight(today)
        self._midnights: dict[dt.date, dt.datetime] = {}

    @staticmethod
    def midnight(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time())).astimezone(dt.UTC)

    def moment(self, day: dt.date, index: int = 0, start: int = 510) -> dt.datetime:
        """A working-hours time on `day` (from 08:30 local), later for later steps; never at or after the cut-off."""
        midnight = self._midnights.get(day)
        if midnight is None:
            midnight = self._midnights[day] = self.midnight(day)
        at = midnight + dt.timedelta(minutes=start + 37 * index)
        return min(at, self.cutoff - dt.timedelta(seconds=max(60 - index, 2)))

    def day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=max(days_ago, 1))


def seal_rows() -> Rows:
    return Rows(Seal, SEAL_COLUMNS)


def seal(rows: Rows, sid: int, label: str, chain: str, pk: int, data: dict, previous: str, at: dt.datetime) -> str:
    """Append the row's link to `chain` (after `previous`, GENESIS for the first); returns the new link's hash.
    `data`: the sealed fields' values as core.chain reads them from the row (FKs by id)."""
    return seal_text(rows, sid, label, chain, pk, canonical(label, pk, plain(data)), previous, at)


def seal_text(rows: Rows, sid: int, label: str, chain: str, pk: int, text: str, previous: str, at) -> str:
    """As `seal`, given the canonical JSON of the row's content (core.chain.canonical) already."""
    content = hash_text(text)
    link = link_hash(previous, content)
    rows.add(sid, chain, label, pk, content, previous, link, at)
    return link


def plain(data: dict) -> dict:
    """The values as core.chain hashes them (date-times as UTC ISO text)."""
    return {k: v.astimezone(dt.UTC).isoformat() if isinstance(v, dt.datetime) else v for k, v in data.items()}


__all__ = ["GENESIS", "Clock", "seal", "seal_rows", "seal_text"]
