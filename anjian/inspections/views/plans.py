"""Inspection plans (年度/月度执法计划): the list with planned and made visits, and the plan form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.org.jurisdiction import restrict

from .. import rules, services
from ..choices import PlanPeriod
from ..forms import PlanForm
from ..models import InspectionPlan
from .common import add_errors, visible_or_404


@login_required
def plan_list(request):
    """The plans the user may see: a department its own, the county office and leaders all, others none."""
    plans = services.with_progress(restrict(request.user, InspectionPlan.objects.select_related("department")))
    year = request.GET.get("year", "")
    if year.isdigit():
        plans = plans.filter(year=int(year))
    rows = list(plans.order_by("-year", "-month", "department__id", "title"))
    for plan in rows:
        plan.may_edit = rules.may_plan(request.user, plan.department)
    context = {"plans": rows, "may_plan": rules.may_plan(request.user), "year": year}
    return render(request, "inspections/plan_list.html", context)


@login_required
def plan_edit(request, pk: int | None = None):
    """Create or change a plan: the county office for any department, a department for itself."""
    if not rules.may_plan(request.user):
        raise PermissionDenied(_("Only the county office and a department (for itself) make inspection plans."))
    plan = visible_or_404(request.user, InspectionPlan, pk) if pk is not None else None
    if plan is not None and not rules.may_plan(request.user, plan.department):
        raise PermissionDenied(_("You may plan only for your own department."))
    if plan is not None:
        initial = {f: getattr(plan, f) for f in services.PLAN_FIELDS}
    else:
        today = timezone.localdate()
        initial = {"period": PlanPeriod.MONTH, "year": today.year, "month": today.month, "target_visits": 0}
    form = PlanForm(request.POST if request.method == "POST" else None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        if changes["department"] is None:
            changes.pop("department")
        try:
            saved = services.save_plan(request.user, plan, changes)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The plan “%(title)s” is saved.") % {"title": saved.title})
            return redirect("inspections:plans")
    return render(request, "inspections/plan_form.html", {"form": form, "plan": plan})
