"""The people's records behind a failed spot-check item (core.spot_checks): the unit's welders at work on the day
of the visit without a welding certificate valid that day (电焊等人员无证上岗作业; the welders' ledger of
高府发〔2023〕14号 三（一）5)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.core.spot_checks import Record, Source, register
from anjian.org.jurisdiction import restrict

from .models import Person
from .rates import uncertified_q


def uncertified_welders(user, units: list[int], day: dt.date) -> dict[int, list[Record]]:
    rows = restrict(user, Person.objects.filter(enterprise_id__in=units)).filter(uncertified_q(day))
    found: dict[int, list[Record]] = defaultdict(list)
    for person in rows.order_by("name", "pk"):
        label = _("%(name)s: no valid welding certificate") % {"name": person.name}
        found[person.enterprise_id].append(Record(label, reverse("people:detail", args=[person.pk])))
    return found


register(
    Source(
        "people.welders",
        "unlicensed_welders",
        gettext_lazy("The welders' ledger"),
        uncertified_welders,
        lambda unit: f"{reverse('people:welders')}?{urlencode({'enterprise': unit})}",
        gettext_lazy("Every welder on record held a valid welding certificate on the day of the visit."),
        order=10,
    )
)
