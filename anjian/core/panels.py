"""The dashboard's panels: declared by the app that owns what they show, read by the dashboard (dashboards).

A panel is a short table that is not a count of rows — who is short of a quota, how a campaign's reports
stand — so it is not a figure (core.figures). Each app declares its panels in its own `panels.py` with
`@panel(key, order)`: a function of (user, region, today) returning a `Panel`, or None where the user may not
see it or it has nothing to say. A panel costs a fixed number of queries, whatever the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    label: str
    value: str
    url: str = ""
    note: str = ""
    tone: str = ""  # "" | warning | danger


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    url: str  # the page that shows it in full
    lines: list[Line] = field(default_factory=list)
    note: str = ""  # one line under the title: the period, the rule
    html: str = ""  # a panel drawn by its app's own template (a map) instead of lines (render_to_string: safe)

    @property
    def slug(self) -> str:
        return self.key.replace(".", "-")


Maker = Callable[[object, object, dt.date], Panel | None]
_PANELS: dict[str, tuple[int, Maker]] = {}


def panel(key: str, order: int):
    """Declare the decorated `maker(user, region, today) -> Panel | None` as dashboard panel `key`."""

    def declare(maker: Maker) -> Maker:
        _PANELS[key] = (order, maker)
        return maker

    return declare


def panels(user, region, today: dt.date) -> list[Panel]:
    """The panels the user may see for `region`, in order."""
    found = []
    for _order, maker in sorted(_PANELS.values(), key=lambda entry: entry[0]):
        made = maker(user, region, today)
        if made is not None:
            found.append(made)
    return found
