"""Pages of a campaign's tasks measured from the records: a task's window, target and each participant's
value (those short of it first), and the records behind a value."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import progress, rules
from .views import _campaign, _participant


def _measured(campaign, task_pk: int):
    task = get_object_or_404(campaign.tasks.all(), pk=task_pk)
    if task not in progress.measured(campaign):
        raise Http404
    return task


@login_required
@require_GET
def task_page(request, pk: int, task_pk: int):
    campaign = _campaign(request, pk)
    task = _measured(campaign, task_pk)
    row = next(r for r in progress.progress(request.user, campaign) if r.task.pk == task.pk)
    context = {"campaign": campaign, "row": row, "whole": rules.may_see_ranking(request.user, campaign)}
    return render(request, "campaigns/task.html", context)


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
    page = Paginator(queryset.order_by("pk"), 50).get_page(request.GET.get("page"))
    context = {
        "campaign": campaign,
        "task": task,
        "figure": progress.figures.get(task.metric),
        "participant": participant,
        "start": start,
        "end": end,
        "page": page,
        "rows": [(obj, getattr(obj, "get_absolute_url", lambda: "")()) for obj in page],
    }
    return render(request, "campaigns/task_rows.html", context)
