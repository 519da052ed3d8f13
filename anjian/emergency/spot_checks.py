"""The emergency records behind a failed spot-check item (core.spot_checks): the unit's drills against its drill
frequency on the day of the visit (yearly, half-yearly for a high-risk unit: 赣发〔2024〕10号 (二十)); a unit that
drilled in its current period, or is not yet due, has nothing missing."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.core.spot_checks import Record, Source, register
from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise

from . import rules
from .choices import FrequencyStatus


def _drills_url(unit: int) -> str:
    return f"{reverse('emergency:drills')}?{urlencode({'enterprise': unit})}"


def overdue_drills(user, units: list[int], day: dt.date) -> dict[int, list[Record]]:
    units_seen = rules.subject_units(restrict(user, Enterprise.objects.filter(pk__in=units)))
    rows = rules.with_frequency(units_seen, day).filter(drill_status=FrequencyStatus.OVERDUE)
    found: dict[int, list[Record]] = {}
    for pk, last in rows.values_list("pk", "last_drill"):
        if last is None:
            label = _("No drill on record: overdue")
        else:
            label = _("Last drill held on %(day)s: overdue") % {"day": last.isoformat()}
        found[pk] = [Record(label, _drills_url(pk))]
    return found


register(
    Source(
        "emergency.drills",
        "no_drill",
        gettext_lazy("Drills held"),
        overdue_drills,
        _drills_url,
        gettext_lazy("A drill is on record for the unit's current period, or the next one is not yet due."),
        order=10,
    )
)
