"""The unit's calendar of its principal's duties (usable on a 360 px phone), and one occurrence's page, where the
unit records that it was done: the day, the minutes or a photo, the principal who signs."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anjian.core import dates, records
from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise

from .. import rules, services
from ..choices import OccurrenceStatus
from ..forms import DoneForm
from ..models import DutyOccurrence, DutyReport, ListDelivery, OutsourcingContract
from .common import add_errors, forget, store, visible


@login_required
@require_GET
def index(request):
    """/duties/: the unit's own calendar for an enterprise user, the overview for everyone else."""
    return redirect("duties:calendar" if rules.is_enterprise(request.user) else "duties:overview")


@login_required
@require_GET
def calendar(request):
    own = sorted(rules.own_enterprise_ids(request.user))
    if not own:
        return redirect("duties:overview")
    return calendar_of(request, own[0])


def _year(request, today: dt.date) -> int:
    value = request.GET.get("year", "")
    if value.isascii() and value.isdigit() and dates.EARLIEST.year <= int(value) <= today.year:
        return int(value)
    return today.year


@login_required
@require_GET
def calendar_of(request, pk: int):
    """A unit's duties of a year: overdue first, then those due now, then those done."""
    user, today = request.user, dates.today()
    enterprise = visible(user, Enterprise.objects.select_related("region", "sector"), pk)
    year = _year(request, today)
    rows = restrict(user, DutyOccurrence.objects.filter(enterprise=enterprise))
    rows = rows.filter(due_on__gte=dt.date(year, 1, 1), due_on__lte=dt.date(year, 12, 31))
    groups: dict[str, list] = {s: [] for s in (OccurrenceStatus.OVERDUE, OccurrenceStatus.DUE, OccurrenceStatus.DONE)}
    for occurrence in rows.select_related("item").order_by("due_on", "item__order", "pk"):
        groups[occurrence.status_on(today)].append(occurrence)
    groups[OccurrenceStatus.DONE].reverse()  # the latest done first
    context = {
        "enterprise": enterprise,
        "year": year,
        "years": list(range(today.year, max(dates.EARLIEST.year, today.year - 4) - 1, -1)),
        "overdue": groups[OccurrenceStatus.OVERDUE],
        "due": groups[OccurrenceStatus.DUE],
        "done": groups[OccurrenceStatus.DONE],
        "today": today,
        "speaks_for": rules.speaks_for(user, enterprise),
        "supervises": rules.supervises(user, enterprise),
        "deliveries": list(restrict(user, ListDelivery.objects.filter(enterprise=enterprise)).select_related("list")),
        "reports": list(restrict(user, DutyReport.objects.filter(enterprise=enterprise)).order_by("-period_start")[:4]),
        "contracts": restrict(user, OutsourcingContract.objects.filter(enterprise=enterprise)).count(),
    }
    return render(request, "duties/calendar.html", context)


def _done(request, occurrence: DutyOccurrence, form: DoneForm) -> bool:
    stored = []
    try:
        with transaction.atomic():
            stored = store(form.cleaned_data.get("files"), request.user)
            data = form.cleaned_data
            services.mark_done(
                request.user, occurrence, data["done_on"], data["minutes"], data["principal_name"], stored
            )
    except ValidationError as exc:
        forget(stored)
        add_errors(form, exc)
        return False
    return True


@login_required
def occurrence(request, pk: int):
    """One duty of one period; its unit records here that it was done (once)."""
    user = request.user
    found = visible(user, DutyOccurrence.objects.select_related("item", "enterprise__region", "recorded_by"), pk)
    may_record = found.done_on is None and rules.speaks_for(user, found.enterprise)
    form = None
    if request.method == "POST":
        rules.check_speaks_for(user, found.enterprise)
        form = DoneForm(request.POST, request.FILES, occurrence=found)
        if form.is_valid() and _done(request, found, form):
            messages.success(request, _("“%(duty)s” is recorded as done.") % {"duty": found.item.name})
            return redirect("duties:calendar_of", pk=found.enterprise_id)
    elif may_record:
        form = DoneForm(
            initial={"done_on": dates.today(), "principal_name": found.enterprise.principal}, occurrence=found
        )
    evidence = found.evidence if found.evidence_id else None
    context = {
        "occurrence": found,
        "evidence": evidence,
        "evidence_kind": evidence._meta.verbose_name if evidence is not None else "",
        "evidence_url": records.url_of(evidence) if evidence is not None else "",
        "status": found.status_on(dates.today()),
        "form": form if may_record or request.method == "POST" else None,
        "attachments": list(found.attachments.order_by("pk")),
    }
    return render(request, "duties/occurrence.html", context, status=400 if form is not None and form.errors else 200)
