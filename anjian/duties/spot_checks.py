"""The duties' records behind a failed spot-check item (core.spot_checks): the principal's check of major hazards
and the drill of 十个一次 not done in a period that ended before the visit (within the year before it), and the
outsourcing contracts in force on the visit day that meet a condition of 附件4 注2 (management disorderly)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.core.spot_checks import Record, Source, register
from anjian.org.jurisdiction import restrict

from .choices import Disorder
from .evidence import DRILL
from .figures import LED_CHECKS
from .models import DutyOccurrence, OutsourcingContract

LOOK_BACK = dt.timedelta(days=366)  # a spot check looks back on the year before the visit


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def missed_occurrences(codes: tuple[str, ...]):
    """The finder of the occurrences of `codes` whose period ended before the day without them (or with them done
    only afterwards), the latest first."""

    def find(user, units: list[int], day: dt.date) -> dict[int, list[Record]]:
        rows = restrict(user, DutyOccurrence.objects.filter(enterprise_id__in=units, item__code__in=codes))
        rows = rows.filter(due_on__lt=day, due_on__gte=day - LOOK_BACK)
        rows = rows.filter(Q(done_on__isnull=True) | Q(done_on__gt=F("due_on"))).select_related("item")
        found: dict[int, list[Record]] = defaultdict(list)
        for o in rows.order_by("-due_on", "item__order", "pk"):
            if o.done_on is None:
                state = _("not done")
            else:
                state = _("done late, on %(day)s") % {"day": o.done_on.isoformat()}
            label = f"{o.item.name} · {o.period_label}：{state}"
            found[o.enterprise_id].append(Record(label, reverse("duties:occurrence", args=[o.pk])))
        return found

    return find


def disorderly_contracts(user, units: list[int], day: dt.date) -> dict[int, list[Record]]:
    """The unit's contracts in force on the day that are disorderly, with the conditions they meet."""
    rows = restrict(user, OutsourcingContract.objects.filter(enterprise_id__in=units, disorderly=True))
    rows = rows.filter(starts_on__lte=day).exclude(ends_on__lt=day)
    found: dict[int, list[Record]] = defaultdict(list)
    for c in rows.order_by("-starts_on", "pk"):
        reasons = "；".join(str(Disorder(r).label) for r in c.reasons())
        label = f"{c.counterparty} · {c.subject}：{reasons}"
        found[c.enterprise_id].append(Record(label, reverse("duties:contract", args=[c.pk])))
    return found


register(
    Source(
        "duties.led_check",
        "no_led_check",
        gettext_lazy("The principal's checks of major hazards (十个一次)"),
        missed_occurrences(LED_CHECKS),
        lambda unit: reverse("duties:calendar_of", args=[unit]),
        gettext_lazy("Every check of the year before the visit was done in its period."),
        order=10,
    )
)
register(
    Source(
        "duties.drill",
        "no_drill",
        gettext_lazy("The principal's yearly drill (十个一次)"),
        missed_occurrences((DRILL,)),
        lambda unit: _url("duties:occurrences", enterprise=unit, item=DRILL),
        gettext_lazy("No drill duty of the year before the visit was missed."),
        order=20,
    )
)
register(
    Source(
        "duties.contracts",
        "outsourcing",
        gettext_lazy("Outsourcing and leasing contracts"),
        disorderly_contracts,
        lambda unit: _url("duties:contracts", enterprise=unit, disorderly="true"),
        gettext_lazy("No contract in force on the day of the visit is recorded as disorderly."),
        order=10,
    )
)
