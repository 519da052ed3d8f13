"""My tasks and the statistics: figures computed by hazards.stats, within the jurisdiction."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from anjian.core import freshness
from anjian.org.areas import offer_regions, pick_county
from anjian.org.choices import Role
from anjian.org.jurisdiction import in_region, restrict, roles

from .. import stats as hazard_stats
from .. import todo
from ..choices import Action
from ..models import Hazard
from ..quota import may_see_quota

TASKS_PER_PAGE = 50
DUE_SHOWN = 10
# Who may filter the to-do list by region: those who see more than one town.
COUNTY_WIDE_FILTER_ROLES = {Role.COUNTY_OFFICE, Role.LEADER, Role.DEPARTMENT}
# How each count is drawn: (key, title, chart kind).
CHARTS = [
    ("state", _("By state"), "bar"),
    ("grade", _("By grade"), "pie"),
    ("source", _("By source"), "pie"),
    ("sector", _("By sector"), "bar"),
    ("town", _("By town"), "bar"),
]


@login_required
@require_GET
def tasks(request):
    """The user's to-do list (escalated to their level first, then the most pressing), 50 a page and
    filterable; beside it what falls due in the next 7 days."""
    user = request.user
    filterset = todo.TaskFilterSet(request.GET or None, queryset=todo.waiting(user), request=request)
    _prepare_task_filters(filterset.form, user)
    rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()
    page = Paginator(rows, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    items = [(h, [(a, Action(a).label) for a in todo.actions_of(h)]) for h in page]
    due = hazard_stats.due_soon(user, days=todo.DUE_SOON_DAYS)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "todo": items,
        "filter_form": filterset.form,
        "filters_active": any(v for v in query.values()),
        "query_string": query.urlencode(),
        "due": list(due[:DUE_SHOWN]),
        "due_count": due.count(),
        "days": todo.DUE_SOON_DAYS,
    }
    return render(request, "hazards/tasks.html", context)


def _prepare_task_filters(form, user) -> None:
    """Choices people read; the region filter only for those who see more than one town."""
    all_label = _("All")
    for name in ("overdue", "due_soon"):
        form.fields[name].widget.choices = [("unknown", all_label), ("true", _("Yes")), ("false", _("No"))]
    for name in ("state", "grade", "level"):
        form.fields[name].widget.choices = [("", all_label), *list(form.fields[name].widget.choices)[1:]]
    if user.is_superuser or roles(user) & COUNTY_WIDE_FILTER_ROLES:
        offer_regions(form, "region", user)
    else:
        del form.fields["region"]


@login_required
@require_GET
def task_badge(request):
    """The count of the user's to-dos for the navigation badge (loaded after every page, by htmx): kept while the
    tables it counts from are unwritten (core.freshness.kept)."""
    limit = 99
    user = request.user
    name = f"todo-badge:{user.pk}:{timezone.localdate().isoformat()}"
    count = freshness.kept(name, lambda: todo.waiting(user, flags=False)[: limit + 1].count(), freshness.JURISDICTION)
    return render(request, "hazards/_task_badge.html", {"count": count, "more": count > limit, "limit": limit})


@login_required
@require_GET
def stats(request):
    """Counts by state, grade, sector, town and source; rectification and on-time rates; overdue. A user of
    several counties (an office above the county) sees one county at a time, by its towns."""
    queryset = restrict(request.user, Hazard.objects.all())
    choice = pick_county(request.user, request.GET.get("county"))
    if choice.counties and choice.county is not None:
        queryset = in_region(queryset, choice.county)
    counts = hazard_stats.counts(queryset)
    figures = hazard_stats.rates(queryset)
    charts = [
        {"key": key, "title": str(title), "kind": kind, "rows": counts[key]}
        for key, title, kind in CHARTS
        if key in counts
    ]
    chart_data = [
        {"key": c["key"], "kind": c["kind"], "labels": [r[1] for r in c["rows"]], "values": [r[2] for r in c["rows"]]}
        for c in charts
    ]
    context = {
        "charts": charts,
        "chart_data": chart_data,
        "figures": figures,
        "rectification_pct": round(figures["rectification_rate"] * 100, 1),
        "on_time_pct": round(figures["on_time_rate"] * 100, 1),
        "may_see_quota": may_see_quota(request.user),
    } | choice.context()
    return render(request, "hazards/stats.html", context, status=400 if choice.error else 200)
