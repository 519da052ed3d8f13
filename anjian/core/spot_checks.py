"""The records behind a spot-check item: what the enterprise's own records say about a duty an inspection found
failed.

Attachment 4 of 高府发〔2023〕14号 counts, in its block 对企业自查自改进行抽查检查情况, the units whose spot check
failed an item (the principal led no check, welders work without a certificate, outsourcing is disorderly, no
drill). The same duties are kept as records by other apps: the principal's periodic duties and the contracts
(duties), the welders and their certificates (people), the drills (emergency). Each of those apps registers here,
for a spot-check item's key (the keys of inspections.figures.SPOT_CHECK_ITEMS), a `Source`: a function that finds,
for many units at once and in one query, the records that are missing or overdue on a day. The inspection's page
asks `behind(user, {item: unit ids}, day)` and links to them; neither side imports the other (like unit_links).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Record:
    """One record that shows the duty missed: what it is (in the reader's language) and its page."""

    label: str
    url: str


@dataclass(frozen=True)
class Source:
    """Where the records of a duty are kept. `find(user, unit_ids, day)` returns {unit id: [Record]} — only what the
    user may see, in one query whatever the number of units; `url(unit_id)` opens the unit's records of this kind
    (a list filtered to the unit); `none` says there is nothing missing (a lazy translation)."""

    key: str
    item: str
    label: Any  # a lazy translation: the kind of record
    find: Callable[[Any, list[int], dt.date], dict[int, list[Record]]]
    url: Callable[[int], str]
    none: Any
    order: int = 100


@dataclass
class Found:
    """A source's answer for one unit: its records (empty: none missing) and the page of all of them."""

    source: Source
    records: list[Record] = field(default_factory=list)
    url: str = ""


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    _SOURCES[source.key] = source


def sources(item: str) -> list[Source]:
    return sorted((s for s in _SOURCES.values() if s.item == item), key=lambda s: (s.order, s.key))


def behind(user, wanted: dict[str, set[int]], day: dt.date) -> dict[tuple[str, int], list[Found]]:
    """{(item, unit id): [Found]} for the spot-check items and units asked: one query a source, whatever the
    number of units or failed results."""
    out: dict[tuple[str, int], list[Found]] = {}
    for item, units in wanted.items():
        ids = sorted(units)
        for source in sources(item):
            found = source.find(user, ids, day) if ids else {}
            for unit in ids:
                out.setdefault((item, unit), []).append(Found(source, found.get(unit, []), source.url(unit)))
    return out
