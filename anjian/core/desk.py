"""The work desk's sections: declared by the app that owns the work, read by the desk (dashboards).

Each app declares in its own `desk.py` what waits for a user with `@section(key, order)`: a function of
(user, today, limit) that returns a `Section` (its count, its first `limit` items and the page that lists
them all) or None where the user's roles have nothing of that kind. The desk shows every section a user has,
counts first, so that a reader of the desk never imports the models it lists — as figures do
(ARCHITECTURE.md, "Figures"). A section costs a fixed number of queries, whatever the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from . import freshness


@dataclass(frozen=True)
class Item:
    text: str
    url: str
    due: dt.date | None = None
    overdue: bool = False
    note: str = ""  # a short second line: the unit, the state, what to do


@dataclass(frozen=True)
class Section:
    key: str
    label: str  # Chinese through gettext, as the user reads it
    count: int
    url: str  # the page that lists them all (with its filter)
    items: list[Item] = field(default_factory=list)
    tone: str = "primary"  # primary | warning | danger: how the count is coloured

    @property
    def slug(self) -> str:
        """The key as a page anchor (hazards.todo → hazards-todo)."""
        return self.key.replace(".", "-")


Finder = Callable[[object, dt.date, int], Section | None]
_SECTIONS: dict[str, tuple[int, Finder]] = {}


def section(key: str, order: int):
    """Declare the decorated `finder(user, today, limit) -> Section | None` as desk section `key`; sections
    are shown by `order`."""

    def declare(finder: Finder) -> Finder:
        _SECTIONS[key] = (order, finder)
        return finder

    return declare


def sections(user, today: dt.date | None = None, limit: int = 5) -> list[Section]:
    """The user's sections, in order; those with nothing for the user's roles left out.

    Each section is kept (core.freshness.kept) and reused while none of the tables it read was written since:
    the desk is every user's home page, and its supervision sections count over the whole jurisdiction."""
    today = today or timezone.localdate()
    writes = freshness.counts() if settings.ANJIAN_KEEP_SECONDS else {}
    found = []
    for key, (_order, finder) in sorted(_SECTIONS.items(), key=lambda entry: entry[1][0]):
        name = f"desk:{key}:{user.pk}:{today.isoformat()}:{limit}:{get_language()}"
        # the jurisdiction is read once a request and remembered on the user: the later sections never see it
        result = freshness.kept(name, lambda finder=finder: finder(user, today, limit), freshness.JURISDICTION, writes)
        if result is not None:
            found.append(result)
    return found
