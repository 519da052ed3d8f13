"""Duties done by another app's record: a unit's emergency drill is its principal's `drill` duty of the period
(十个一次: 每年至少组织一次安全生产应急救援演练), a training it organised its `training` duty. The emergency and people
services call `follow` whenever they record, correct or remove such a record; this app imports neither of them
(the arrows point one way: emergency, people → duties).

`follow(user, code, record, unit, day, others)` keeps the occurrences in step with one record:
- the occurrences the record made done are released (no longer done) — the record may have moved to another
  day or unit, stopped counting (a drill no longer held, a training of another kind) or be about to be deleted;
- then, when the record counts (`unit` and `day` given), the unit's occurrence of `code` whose period holds
  `day` is marked done by it, unless it is already done (by the unit's own entry or another record);
- an occurrence released and not done again is offered to `others(occurrence)`, which names another record of the
  period that counts, if any (the second drill of the year), and is marked done by that one.

So a completion never outlives its record: deleting or voiding the only drill of a year leaves the year's drill duty
due (or overdue) again. A completion by a record is not a signature of the principal: it keeps no minutes and no
principal's name, and names the record instead (`DutyOccurrence.evidence`). The occurrence of the current period is
created here when the daily generation has not yet done so (a unit registered today); an older period that was
never generated is not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from anjian.core import dates
from anjian.registry.choices import EnterpriseStatus

from .models import DutyItem, DutyOccurrence
from .periods import period_of

DRILL = "drill"  # 组织一次安全生产应急救援演练
TRAINING = "training"  # 组织一次安全生产知识技能培训
Others = Callable[[DutyOccurrence], tuple[Model, dt.date] | None]


def done_by(record: Model):
    """The occurrences `record` made done."""
    kind = ContentType.objects.get_for_model(record)
    return DutyOccurrence.objects.filter(evidence_type=kind, evidence_id=record.pk)


@transaction.atomic
def follow(user, code: str, record: Model, unit=None, day: dt.date | None = None, others: Others | None = None):
    """Keep the unit's occurrences of duty `code` in step with `record` (see the module's text). `user` recorded
    the record, which its own service has allowed; returns the occurrence the record now makes done, or None."""
    released = list(done_by(record).select_for_update())
    for occurrence in released:
        _release(occurrence)
    marked = mark_by(user, code, record, unit, day) if unit is not None and day is not None else None
    for occurrence in released:
        if marked is not None and occurrence.pk == marked.pk:
            continue
        found = others(occurrence) if others is not None else None
        if found is not None:
            other, other_day = found
            mark_by(user, code, other, occurrence.enterprise, other_day)
    return marked


def mark_by(user, code: str, record: Model, unit, day: dt.date) -> DutyOccurrence | None:
    """Mark done by `record` the unit's occurrence of `code` whose period holds `day` (None when there is none,
    or it is already done)."""
    occurrence = _occurrence(code, unit, day)
    if occurrence is None:
        return None
    locked = DutyOccurrence.objects.select_for_update().get(pk=occurrence.pk)
    if locked.done_on is not None:
        return None
    locked.done_on, locked.minutes, locked.principal_name = day, "", ""
    locked.evidence_type = ContentType.objects.get_for_model(record)
    locked.evidence_id = record.pk
    locked.recorded_by, locked.recorded_at = user, timezone.now()
    locked.save(update_fields=_FIELDS)
    return locked


_FIELDS = ["done_on", "minutes", "principal_name", "evidence_type", "evidence_id", "recorded_by", "recorded_at"]


def _release(occurrence: DutyOccurrence) -> None:
    occurrence.done_on, occurrence.evidence_type, occurrence.evidence_id = None, None, None
    occurrence.recorded_by, occurrence.recorded_at = None, None
    occurrence.save(update_fields=_FIELDS)


def _occurrence(code: str, unit, day: dt.date) -> DutyOccurrence | None:
    """The unit's occurrence of `code` whose period holds `day`, the earliest due first (a duty whose frequency
    was changed may have two); the current period's is created when the daily generation has not reached it."""
    rows = DutyOccurrence.objects.filter(enterprise=unit, item__code=code, period_start__lte=day, due_on__gte=day)
    found = rows.order_by("due_on", "pk").first()
    if found is not None:
        return found
    item = DutyItem.objects.filter(code=code, active=True).first()
    if item is None or not _in_force(item, day) or unit.status != EnterpriseStatus.OPERATING:
        return None
    frequency = item.frequency_for(unit.high_risk)
    start, end = period_of(frequency, day)
    if (start, end) != period_of(frequency, dates.today()):
        return None
    try:
        with transaction.atomic():
            return DutyOccurrence.objects.create(
                enterprise=unit, item=item, frequency=frequency, period_start=start, due_on=end
            )
    except IntegrityError:  # created meanwhile by the daily generation
        return DutyOccurrence.objects.filter(enterprise=unit, item=item, period_start=start).first()


def _in_force(item: DutyItem, day: dt.date) -> bool:
    return (item.active_from is None or item.active_from <= day) and (
        item.active_until is None or day <= item.active_until
    )
