"""Enforcement actions: the list, the form with its live warnings (htmx), and typical cases with the quota."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anjian.core.generic import RestrictedListView
from anjian.hazards.models import Hazard
from anjian.org.areas import offer_regions, pick_county
from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise

from .. import rules, services
from ..choices import ActionKind
from ..filtersets import EnforcementActionFilterSet
from ..forms import ActionForm, TypicalForm
from ..models import EnforcementAction, Inspection
from ..tables import ActionTable
from .common import add_errors, visible_or_404

# Kinds whose fields the form shows: amounts for a penalty, people and 危险作业罪 for a referral.
PENALTY, REFERRAL = ActionKind.PENALTY.value, ActionKind.JUDICIAL_REFERRAL.value


class ActionListView(RestrictedListView):
    model = EnforcementAction
    filterset_class = EnforcementActionFilterSet
    table_class = ActionTable
    template_name = "inspections/action_list.html"
    partial_template_name = "inspections/_action_table.html"
    unit_param = "unit"

    def base_queryset(self) -> QuerySet:
        return EnforcementAction.objects.select_related("unit")

    def prepare_filter_form(self, form) -> None:
        all_label = _("All")
        for name, field in form.fields.items():
            if name == "region":
                offer_regions(form, name, self.request.user)
            elif name in ("date_from", "date_to"):
                field.widget.input_type = "date"
            elif name == "kind":
                field.widget.choices = [("", all_label), *list(field.widget.choices)[1:]]
            elif name == "typical":
                field.widget.choices = [("unknown", all_label), ("true", _("Yes")), ("false", _("No"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_inspect"] = rules.may_inspect(self.request.user)
        return context


def _initial(request) -> tuple[dict, Inspection | None]:
    initial = {"decided_on": timezone.localdate()}
    visit = None
    pk = request.GET.get("inspection", "")
    if pk.isdigit():
        visit = visible_or_404(request.user, Inspection, int(pk))
        initial.update(inspection=visit, unit=visit.unit)
    elif request.GET.get("unit", "").isdigit():
        initial["unit"] = visible_or_404(request.user, Enterprise, int(request.GET["unit"]))
    if request.GET.get("hazard", "").isdigit():
        hazard = visible_or_404(request.user, Hazard, int(request.GET["hazard"]))
        initial.update(hazard=hazard, unit=hazard.unit)
    return initial, visit


@login_required
def action_new(request):
    """Record an enforcement action; the warnings of seed 004 show before saving (see action_preview)."""
    rules.check_inspecting_role(request.user)
    data = request.POST if request.method == "POST" else None
    query = (data or request.GET).get("unit_q", "")
    initial, visit = _initial(request)
    form = ActionForm(data, user=request.user, unit_query=query, initial=initial)
    if visit is not None:  # following a visit: its unit only
        form.fields["unit"].choices = [(visit.unit.pk, visit.unit.name)]
    searching = data is not None and "find_unit" in request.POST
    if data is not None and not searching and form.is_valid():
        try:
            action = services.record_action(request.user, **form.service_fields())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The enforcement action is recorded."))
            for warning in action.warnings:
                messages.warning(request, warning)
            if action.inspection_id:
                return redirect("inspections:detail", pk=action.inspection_id)
            return redirect("inspections:actions")
    if searching:
        form.errors.clear()
    context = {"form": form, "unit_query": query, "visit": visit or _bound_visit(form)}
    context.update(preview_context(request.user, form))
    return render(request, "inspections/action_new.html", context)


def _bound_visit(form) -> Inspection | None:
    value = form["inspection"].value()
    if value and str(value).isdigit():
        return form.fields["inspection"].queryset.filter(pk=int(value)).first()
    return None


def preview_context(user, form) -> dict:
    """The warnings and the repeat history for what the form holds so far (no validation needed)."""
    data = form.data if form.is_bound else {}
    ident = data.get("unit") or getattr(form.initial.get("unit"), "pk", "")
    unit = restrict(user, Enterprise.objects.all()).filter(pk=int(ident)).first() if str(ident).isdigit() else None
    if unit is None:
        return {"warnings": [], "history": [], "preview_unit": None}
    kind = data.get("kind") or form.initial.get("kind") or ActionKind.PENALTY
    hazard = _pick(user, Hazard, data.get("hazard") or getattr(form.initial.get("hazard"), "pk", ""), unit)
    visit = _pick(user, Inspection, data.get("inspection") or getattr(form.initial.get("inspection"), "pk", ""), unit)
    day = _date(data.get("decided_on")) or timezone.localdate()
    warnings = services.action_warnings(unit=unit, kind=kind, hazard=hazard, inspection=visit, today=day)
    return {"warnings": warnings, "history": services.repeat_history(unit), "preview_unit": unit}


def _pick(user, model, ident, unit):
    if not str(ident or "").isdigit():
        return None
    return restrict(user, model.objects.all()).filter(pk=int(ident), unit=unit).first()


def _date(text) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@login_required
@require_GET
def action_preview(request):
    """htmx: the warnings box for the form's current values (GET with the form's fields)."""
    rules.check_inspecting_role(request.user)
    form = ActionForm(request.GET, user=request.user)
    return render(request, "inspections/_action_warnings.html", preview_context(request.user, form))


@login_required
def typical(request):
    """Typical cases: this quarter's quota (who has and who has not reported), and the cases marked."""
    today = timezone.localdate()
    choice = pick_county(request.user, request.GET.get("county"))
    rows = services.typical_case_quota(today, choice.county) if choice.county is not None else []
    typical_cases = EnforcementAction.objects.filter(typical=True).select_related("unit", "publication")
    cases = restrict(request.user, typical_cases)
    recent = restrict(request.user, EnforcementAction.objects.filter(typical=False)).select_related("unit")
    context = {
        "rows": rows,
        "short_count": sum(1 for r in rows if r.short),
        "cases": cases.order_by("-typical_reported_on", "-pk")[:50],
        "candidates": recent.order_by("-decided_on", "-pk")[:20] if rules.may_inspect(request.user) else [],
        "may_draft": rules.may_inspect(request.user),  # the same roles draft a case's publication (anjian.public)
        "form": TypicalForm(initial={"reported_on": today}),
        "today": today,
    } | choice.context()
    return render(request, "inspections/typical.html", context, status=400 if choice.error else 200)


@login_required
@require_POST
def mark_typical(request, pk: int):
    action = visible_or_404(request.user, EnforcementAction, pk)
    form = TypicalForm(request.POST)
    if form.is_valid():
        try:
            services.mark_typical(request.user, action, reported_on=form.cleaned_data["reported_on"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Marked as a typical case and reported to the county office."))
    return redirect("inspections:typical")
