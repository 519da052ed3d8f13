"""Pages of a campaign's tasks: a task measured from the records (its window, target and each participant's
value, those short of it first, and the records behind a value), or one that participants account for
themselves (进展情况: each one's latest figure and text with evidence, and the form for one's own)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anjian.core import records

from . import progress, rules, task_entries
from .views import _campaign, _participant


def _measured(campaign, task_pk: int):
    task = get_object_or_404(campaign.tasks.all(), pk=task_pk)
    if task not in progress.measured(campaign, [task]):
        raise Http404
    return task


@login_required
def task_page(request, pk: int, task_pk: int):
    campaign = _campaign(request, pk)
    task = get_object_or_404(campaign.tasks.all(), pk=task_pk)
    if task in progress.measured(campaign, [task]):
        if request.method == "POST":
            raise Http404
        row = next(r for r in progress.progress(request.user, campaign, tasks=[task]))
        context = {"campaign": campaign, "row": row, "whole": rules.may_see_ranking(request.user, campaign)}
        return render(request, "campaigns/task.html", context)
    own = list(rules.own_participants(request.user, campaign).select_related("region", "department"))
    status, errors, values = 200, {}, {}
    if request.method == "POST":
        chosen = next((p for p in own if str(p.pk) == request.POST.get("participant", "")), None)
        if chosen is None:
            raise Http404
        values = {"value": request.POST.get("value", ""), "text": request.POST.get("text", "")}
        try:
            entry = task_entries.record(
                request.user, task, chosen, value=values["value"], text=values["text"],
                uploads=request.FILES.getlist("evidence"),
            )  # fmt: skip
        except ValidationError as exc:
            errors, status = exc.message_dict, 400
        else:
            messages.success(request, _("The progress is recorded."))
            for warning in task_entries.quality_warnings(entry):
                messages.warning(request, warning.message)
            return redirect("campaigns:task", pk=campaign.pk, task_pk=task.pk)
    context = {
        "campaign": campaign,
        "task": task,
        "rows": task_entries.latest(request.user, task),
        "own": own,
        "errors": errors,
        "values": values,
    }
    return render(request, "campaigns/task_entries.html", context, status=status)


@login_required
@require_GET
def task_rows(request, pk: int, task_pk: int):
    """The records one task value counts: a participant's (?participant=) or the region's."""
    campaign = _campaign(request, pk)
    task = _measured(campaign, task_pk)
    participant = _participant(request, campaign)
    if participant is None and not rules.may_see_ranking(request.user, campaign):
        raise Http404
    start, end = progress.window(task, campaign, progress.today())
    queryset = progress.rows_of(request.user, campaign, task, participant)
    page, listed = records.listed(queryset, request.GET.get("page"))
    context = {
        "campaign": campaign,
        "task": task,
        "figure": progress.figures.get(task.metric),
        "participant": participant,
        "start": start,
        "end": end,
        "page": page,
        "rows": listed,
        "query_string": records.without_page(request),
    }
    return render(request, "campaigns/task_rows.html", context)
