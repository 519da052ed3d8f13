"""Grouping rows by town in SQL: every town's path has the same length (the same depth of the tree, codes of
12 digits), so the first characters of a row's region path name its town — one GROUP BY, whatever the number
of units, and the towns found once by their paths."""

from __future__ import annotations

from django.db.models import F
from django.db.models.functions import Substr

from anjian.org.choices import RegionLevel
from anjian.org.models import Region


def town_length() -> int:
    """The length of a town's path (0 when there is no town)."""
    path = Region.objects.filter(level=RegionLevel.TOWN).values_list("path", flat=True).first()
    return len(path) if path else 0


def town_of(path_field: str, length: int):
    """The expression of the town path of a row's region path."""
    return Substr(path_field, 1, length) if length else F(path_field)


def towns_by_path(paths) -> dict[str, Region]:
    return {r.path: r for r in Region.objects.filter(level=RegionLevel.TOWN, path__in=list(paths))}
