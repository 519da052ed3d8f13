"""Reminders of the principal's periodic duties, through the inbox (notifications.services.notify: once per
person, item and day): a supervisor reminds the units behind in its jurisdiction; the daily scan tells each
enterprise user what falls due within three days or is overdue. A fixed number of queries to find whom to tell,
then one notice each."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.notifications.services import notify, render, users_with
from anjian.org.choices import Role
from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise

from . import rules
from .calendar import status_q
from .choices import OccurrenceStatus
from .models import DutyOccurrence

VERB = "duty_reminder"  # to be added to notifications.choices.Verb (see the duties app's report)
DUE_SOON_DAYS = 3
OVERDUE_TEXT = _(
    "%(unit)s: %(count)s of the principal's periodic duties (十个一次) are overdue. Please do them and record them."
)
DUE_TEXT = _(
    "%(unit)s: %(count)s of the principal's periodic duties (十个一次) fall due by %(day)s, %(overdue)s are overdue."
)


def _tell(counts: dict[int, tuple], text, key: str, today: dt.date) -> int:
    """One notice to every enterprise user of the units in `counts` ({unit: (params…)}); the notices written."""
    if not counts:
        return 0
    names = dict(Enterprise.objects.filter(pk__in=counts).values_list("pk", "name"))
    people = users_with(Q(role=Role.ENTERPRISE, enterprise_id__in=list(counts))).prefetch_related("assignments")
    url = reverse("duties:calendar")
    written = 0
    for person in people.order_by("pk"):
        for assignment in person.assignments.all():
            unit = assignment.enterprise_id
            if assignment.role != Role.ENTERPRISE or unit not in counts:
                continue
            message = render(text, unit=names.get(unit, ""), **counts[unit])
            found = notify(person, VERB, message, key=f"{key}:{unit}", target_url=url, day=today)
            written += found is not None
    return written


def remind(user, enterprise_ids, today: dt.date) -> int:
    """A supervisor reminds units behind: only units it supervises that have overdue duties are reminded."""
    rules.check_supervisor(user)
    ids = [i for i in enterprise_ids if isinstance(i, int) and not isinstance(i, bool)]
    overdue = (
        restrict(user, DutyOccurrence.objects.filter(enterprise_id__in=ids))
        .filter(status_q(OccurrenceStatus.OVERDUE, today))
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("pk"))
    )
    counts = {r["enterprise_id"]: {"count": r["n"]} for r in overdue}
    return _tell(counts, OVERDUE_TEXT, "duties:remind", today)


def remind_due(today: dt.date) -> int:
    """The daily scan: every unit with an enterprise user and duties due within three days (or overdue) is told
    once a day. Returns the notices written."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    with_users = Q(roleassignment__role=Role.ENTERPRISE)
    rows = (
        DutyOccurrence.objects.filter(
            done_on__isnull=True, due_on__lte=soon, due_on__gte=today - dt.timedelta(days=365)
        )
        .filter(enterprise_id__in=Enterprise.objects.filter(with_users).values("pk"))
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("pk", filter=Q(due_on__gte=today)), o=Count("pk", filter=Q(due_on__lt=today)))
    )
    counts = {r["enterprise_id"]: {"count": r["n"], "overdue": r["o"], "day": soon.isoformat()} for r in rows}
    return _tell(counts, DUE_TEXT, "duties:due", today)
