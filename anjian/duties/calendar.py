"""The calendar of the principal's periodic duties: generated from the rule table for every operating unit, and
each occurrence marked done by the unit itself.

`generate_occurrences(today)` is run daily by the scheduler and when the demo loads: one INSERT … SELECT a
duty, a period and a group of units (high-risk or not), whatever the number of units — the database skips the
occurrences that exist (the unique enterprise, duty and period), so running it twice creates nothing more.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import DateField, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anjian.core import dates
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from anjian.registry.choices import EnterpriseStatus
from anjian.registry.models import Enterprise

from . import rules, texts
from .choices import Frequency, OccurrenceStatus
from .models import DutyItem, DutyOccurrence
from .periods import periods_between
from .texts import NAME_LIMIT

PERIOD_START = gettext_lazy("the first day of the period")
COLUMNS = ("enterprise_id", "item_id", "frequency", "period_start", "due_on", "minutes", "principal_name")


def status_q(status: str, today: dt.date) -> Q:
    """The occurrences of a status on `today` (for filters, figures and the overview alike)."""
    if status == OccurrenceStatus.DONE:
        return Q(done_on__isnull=False)
    if status == OccurrenceStatus.OVERDUE:
        return Q(done_on__isnull=True, due_on__lt=today)
    return Q(done_on__isnull=True, due_on__gte=today)


# --- generation ------------------------------------------------------------------------------------------------


def generate_occurrences(today: dt.date, since: dt.date | None = None) -> int:
    """Create the occurrences of every period holding a day of [since, today] (since: today when omitted) for
    every operating unit registered by the period's last day, per the duties in use and their windows. Returns
    how many were created; the ones that exist are left as they are."""
    since = min(since or today, today)
    created = 0
    for item in DutyItem.objects.filter(active=True).order_by("order", "pk"):
        first = max(since, item.active_from) if item.active_from else since
        last = min(today, item.active_until) if item.active_until else today
        for high_risk in (False, True):
            frequency = item.frequency_for(high_risk)
            for start, end in periods_between(frequency, first, last):
                created += _insert(item, frequency, high_risk, start, end)
    return created


def _insert(item: DutyItem, frequency: str, high_risk: bool, start: dt.date, end: dt.date) -> int:
    """INSERT … SELECT the period's occurrences of the units of this group; the existing ones are skipped."""
    registered_by = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
    units = Enterprise.objects.filter(
        status=EnterpriseStatus.OPERATING, high_risk=high_risk, created_at__lt=registered_by
    ).order_by()
    values = units.annotate(
        d_item=Value(item.pk),
        d_frequency=Value(frequency),
        d_start=Value(start, output_field=DateField()),
        d_due=Value(end, output_field=DateField()),
        d_minutes=Value(""),
        d_principal=Value(""),
    ).values_list("pk", "d_item", "d_frequency", "d_start", "d_due", "d_minutes", "d_principal")
    select, params = values.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in COLUMNS)
    sql = f"INSERT INTO {quote(DutyOccurrence._meta.db_table)} ({columns}) {select} ON CONFLICT DO NOTHING"  # noqa: S608 - names quoted, values bound
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


# --- the rule table -------------------------------------------------------------------------------------------

ITEM_FIELDS = ("code", "name", "cite", "frequency", "high_risk_frequency", "active_from", "active_until", "active",
               "order", "note")  # fmt: skip
WINDOW_START = gettext_lazy("the first day in force")


def clean_item(values: dict, instance: DutyItem | None = None) -> dict:
    errors: dict = {}
    out = {name: texts.text(values.get(name), name, limit, errors) for name, limit in
           (("code", 40), ("name", 200), ("cite", 200), ("note", COMMENT_MAX_LENGTH))}  # fmt: skip
    for name in ("code", "name", "cite"):
        if name not in errors and not out[name]:
            errors[name] = [_("This field is required.")]
    if "code" not in errors and not re.fullmatch(r"[a-z0-9_-]+", out["code"]):
        errors["code"] = [_("Lower-case letters, digits, - and _ only.")]
    elif (
        "code" not in errors
        and DutyItem.objects.filter(code=out["code"]).exclude(pk=getattr(instance, "pk", None)).exists()
    ):
        errors["code"] = [_("Another duty has this code.")]
    for name in ("frequency", "high_risk_frequency"):
        out[name] = values.get(name)
        if out[name] not in Frequency.values:
            errors[name] = [_("Choose how often it falls due.")]
    for name, floor, reason in (("active_from", None, None), ("active_until", "active_from", WINDOW_START)):
        out[name] = None
        if values.get(name) not in (None, ""):
            bound = values.get(floor) if floor else None
            try:
                out[name] = dates.check_date(values[name], field=name, floor=bound if isinstance(bound, dt.date) else dates.EARLIEST,
                                             floor_reason=reason or dates.RECORDS_START)  # fmt: skip
            except ValidationError as exc:
                errors.update(exc.message_dict)
    order = values.get("order", 0)
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= 999:
        errors["order"] = [_("The order is a whole number from 0 to 999.")]
    out["order"], out["active"] = order, bool(values.get("active", True))
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def save_item(user, item: DutyItem | None, **values) -> DutyItem:
    """The county office sets a duty of the rule table (a new one, or its frequency, window, wording). The
    occurrences already generated stay as they are; the next generation follows the rule as it now stands."""
    rules.check_office(user)
    item = item or DutyItem()
    for name, value in clean_item(values, item).items():
        setattr(item, name, value)
    item._history_user = user  # type: ignore[attr-defined]
    item.save()
    return item


# --- marking done ----------------------------------------------------------------------------------------------


def clean_done(occurrence: DutyOccurrence, done_on, minutes, principal_name, has_files: bool) -> dict:
    """The values of a completion, checked together; ValidationError keyed by field."""
    errors: dict = {}
    try:
        day = dates.check_date(
            done_on, field="done_on", floor=occurrence.period_start, ceiling=dates.today(), floor_reason=PERIOD_START
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
        day = None
    written = texts.text(minutes, "minutes", DESCRIPTION_MAX_LENGTH, errors)
    name = texts.text(principal_name, "principal_name", NAME_LIMIT, errors) or occurrence.enterprise.principal
    if "principal_name" not in errors and not name:
        errors["principal_name"] = [_("Give the name of the principal who signs.")]
    if "minutes" not in errors and not written and not has_files:
        errors["minutes"] = [_("Give the minutes, or attach a photo or document of it.")]
    if errors:
        raise ValidationError(errors)
    return {"done_on": day, "minutes": written, "principal_name": name}


@transaction.atomic
def mark_done(
    user, occurrence: DutyOccurrence, done_on, minutes="", principal_name="", attachments=()
) -> DutyOccurrence:
    """The unit records that its principal did this duty: the day (within the period, not in the future), the
    minutes or a photo, the principal's name. Once only: a done occurrence is never changed."""
    rules.check_speaks_for(user, occurrence.enterprise)
    locked = DutyOccurrence.objects.select_for_update().get(pk=occurrence.pk)
    if locked.done_on is not None:
        raise ValidationError(
            _("This duty was already recorded as done on %(day)s; a record is never changed.")
            % {"day": locked.done_on.isoformat()}
        )
    locked.enterprise = occurrence.enterprise
    values = clean_done(locked, done_on, minutes, principal_name, bool(attachments))
    for name, value in values.items():
        setattr(locked, name, value)
    locked.recorded_by, locked.recorded_at = user, timezone.now()
    locked.save(update_fields=[*values, "recorded_by", "recorded_at"])
    if attachments:
        locked.attachments.add(*attachments)
    return locked
