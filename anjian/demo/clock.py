"""The demo's clock: the county is loaded as it stood at the start of the local day it is loaded on.

Two loads with one seed on one day must give the same records whatever the hour. Just after local
midnight most of "today" still lies ahead, so no demo event is placed on today: the loaders place
everything before `cutoff(today)`. The services stamp what they write with the wall clock (auto_now,
defaults, history dates); `settle_stamps` moves every such stamp of the load onto the cut-off.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import models
from django.utils import timezone

DEMO_APPS = (
    "core",
    "org",
    "registry",
    "hazards",
    "risk",
    "inspections",
    "campaigns",
    "worklog",
    "duties",
    "people",
    "emergency",
    "public",
)


def cutoff(today: dt.date) -> dt.datetime:
    """The start of `today`, local time: every demo record lies before it."""
    return timezone.make_aware(dt.datetime.combine(today, dt.time()))


def stamped_fields() -> list[tuple[type[models.Model], str]]:
    """(model, field) of every date-time column of the demo's apps, history tables included."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label in DEMO_APPS:
            found += [(model, f.name) for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
    return found


def settle_stamps(since: dt.datetime, today: dt.date) -> int:
    """Move every timestamp the load wrote with the wall clock (at or after `since`) to just before the cut-off.

    The loaders date their stories themselves, always before the cut-off, so what lies at or after `since`
    was stamped by the clock: one UPDATE a column, whatever the size of the county."""
    from anjian.core.pg_guard import maintenance

    at = cutoff(today) - dt.timedelta(seconds=1)
    moved = 0
    with maintenance():  # the load's own history and signed rows, in the load's transaction
        for model, name in stamped_fields():
            moved += model._base_manager.filter(**{f"{name}__gte": since}).update(**{name: at})
    return moved
