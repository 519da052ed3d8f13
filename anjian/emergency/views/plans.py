"""Emergency plans on the web: the list (current versions by default), recording and correcting a plan with its
document, its page (versions, drills that exercised it, history), and revising it into a new version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anjian.core.history import history_rows
from anjian.org.jurisdiction import restrict

from .. import access, exports, rules, services
from ..choices import Organiser
from ..filtersets import PlanFilterSet
from ..forms import UNIT, PlanForm, ReviseForm
from ..models import Drill, EmergencyPlan
from ..tables import PlanTable
from .common import ListPage, saving, visible, xlsx_response
from .drills import _initial

RELATED = ("enterprise", "department", "region", "filed_with", "supersedes", "revision_drill", "document", "created_by")
VERSIONS_SHOWN = 20


class PlanListView(ListPage):
    model = EmergencyPlan
    filterset_class = PlanFilterSet
    table_class = PlanTable
    title = _("Emergency plans")
    new_url_name = "emergency:plan_new"

    def base_queryset(self) -> QuerySet:
        return EmergencyPlan.objects.select_related("enterprise", "department", "region")

    def get(self, request, *args, **kwargs):
        if "current" not in request.GET and not request.GET.get("export"):
            request.GET = request.GET.copy()
            request.GET["current"] = "true"  # the current versions, unless asked otherwise
        return super().get(request, *args, **kwargs)

    def export_xlsx(self, queryset: QuerySet):
        return xlsx_response(exports.plans_xlsx(queryset), "生产安全事故应急预案台账.xlsx")


def _plan_initial(plan: EmergencyPlan) -> dict:
    initial = {name: getattr(plan, name) for name in services.plans.PLAN_FIELDS if hasattr(plan, name)}
    if plan.organiser == Organiser.ENTERPRISE:
        initial.update(owner=UNIT, unit=plan.enterprise_id)
    elif plan.organiser == Organiser.DEPARTMENT:
        initial["owner"] = f"d{plan.department_id}"
    else:
        initial["owner"] = f"r{plan.region_id}"
    return initial


def _edit(request, plan: EmergencyPlan | None, initial: dict):
    data = request.POST if request.method == "POST" else None
    query = (data or request.GET).get("unit_q", "")
    form = PlanForm(data, request.FILES or None, user=request.user, unit_query=query, initial=initial)
    searching = data is not None and "find_unit" in request.POST
    if data is not None and not searching and form.is_valid():
        document = form.cleaned_data.get("document")

        def write(stored):
            doc = stored[0] if stored else None
            if plan is None:
                return services.record_plan(request.user, document=doc, **form.service_values())
            return services.change_plan(request.user, plan, form.service_values(), document=doc)

        saved = saving(request, form, write, "document", [document] if document else [], document=True)
        if saved is not None:
            messages.success(request, _("The emergency plan “%(title)s” is saved.") % {"title": saved.title})
            return redirect("emergency:plan", pk=saved.pk)
    if searching:
        form.errors.clear()
    status = 400 if data is not None and not searching and form.errors else 200
    context = {"form": form, "plan": plan, "unit_query": form.unit_query}
    return render(request, "emergency/plan_form.html", context, status=status)


@login_required
def plan_new(request):
    access.check_record(request.user)
    initial = _initial(request.user)
    initial.pop("held_on", None)
    return _edit(request, None, {**initial, "issued_on": timezone.localdate()})


@login_required
def plan_edit(request, pk: int):
    plan = visible(request.user, EmergencyPlan, pk, *RELATED)
    services.plans.check_change(request.user, plan)
    return _edit(request, plan, _plan_initial(plan))


def _versions(user, plan: EmergencyPlan) -> list[EmergencyPlan]:
    """The plan's line of versions, newest first (a short chain: one query a step)."""
    line, seen = [plan], {plan.pk}
    later: EmergencyPlan | None = plan
    while len(line) < VERSIONS_SHOWN:
        later = EmergencyPlan.objects.filter(supersedes=later).first()
        if later is None or later.pk in seen:
            break
        line.insert(0, later)
        seen.add(later.pk)
    earlier: EmergencyPlan = plan
    while earlier.supersedes_id and len(line) < VERSIONS_SHOWN:
        earlier = EmergencyPlan.objects.get(pk=earlier.supersedes_id)
        line.append(earlier)
    ids = set(restrict(user, EmergencyPlan.objects.filter(pk__in=[p.pk for p in line])).values_list("pk", flat=True))
    return [p for p in line if p.pk in ids]


@login_required
@require_GET
def plan_detail(request, pk: int):
    plan = visible(request.user, EmergencyPlan, pk, *RELATED)
    may_change = (
        plan.current and access.may_record(request.user) and access.may_record_for(request.user, access.owner_of(plan))
    )
    drills = restrict(request.user, Drill.objects.filter(plan=plan)).order_by("-held_on", "-pk")[:20]
    context = {
        "plan": plan,
        "review_due": rules.review_due_on(plan.issued_on, plan.evaluated_on),
        "review_years": rules.review_years(),
        "versions": _versions(request.user, plan),
        "drills": list(drills),
        "history": history_rows(plan),
        "may_change": may_change,
    }
    return render(request, "emergency/plan_detail.html", context)


@login_required
def plan_revise(request, pk: int):
    plan = visible(request.user, EmergencyPlan, pk, *RELATED)
    services.plans.check_change(request.user, plan)
    data = request.POST if request.method == "POST" else None
    initial = {"title": plan.title, "issued_on": timezone.localdate()}
    form = ReviseForm(data, request.FILES or None, initial=initial)
    if data is not None and form.is_valid():
        document = form.cleaned_data.pop("document", None)
        values = dict(form.cleaned_data)

        def write(stored):
            return services.revise_plan(request.user, plan, document=stored[0] if stored else None, **values)

        saved = saving(request, form, write, "document", [document] if document else [], document=True)
        if saved is not None:
            messages.success(request, _("Version %(version)s is now the current plan.") % {"version": saved.version})
            return redirect("emergency:plan", pk=saved.pk)
    status = 400 if data is not None and form.errors else 200
    return render(request, "emergency/plan_revise.html", {"form": form, "plan": plan}, status=status)
