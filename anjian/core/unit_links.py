"""What the other apps hold about one registry unit: the links (and counts) on the unit's page.

The registry is the ground floor and imports no domain app; each app registers its links at start-up
(hazards, risk points and package, inspections, enforcement actions), like media visibility checks.
Counts go through `restrict`, so a link counts only what the user may see (one query per link).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse


@dataclass(frozen=True)
class UnitLink:
    key: str
    label: Any  # a lazy translation
    url: Callable[[Any], str]  # unit -> URL of the page listing its records
    count: Callable[[Any, Any], int] | None = None  # (user, unit) -> how many records the user may see
    order: int = 100


_links: dict[str, UnitLink] = {}


def register_unit_link(link: UnitLink) -> None:
    _links[link.key] = link


def list_url(name: str, param: str) -> Callable[[Any], str]:
    """The list page `name` filtered to one unit by the query parameter `param`."""

    def url(unit) -> str:
        return f"{reverse(name)}?{urlencode({param: unit.pk})}"

    return url


def page_url(name: str) -> Callable[[Any], str]:
    """A page of the unit itself, e.g. its risk package."""
    return lambda unit: reverse(name, args=[unit.pk])


def links_for(user, unit) -> list[dict[str, Any]]:
    """The links of `unit`'s page for `user`, in order: key, label, url and count (None: not counted)."""
    rows = []
    for link in sorted(_links.values(), key=lambda link: (link.order, link.key)):
        count = link.count(user, unit) if link.count else None
        rows.append({"key": link.key, "label": link.label, "url": link.url(unit), "count": count})
    return rows
