"""Rewards: the list, a reward's page with its approval and payment forms, and the proposal from a verified report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from anjian.core.generic import RestrictedListView
from anjian.emergency.queries import concealed_accidents_for
from anjian.inspections.models import EnforcementAction
from anjian.org.jurisdiction import restrict

from .. import rules, services
from ..filtersets import RewardFilterSet
from ..forms import ApproveForm, PayForm, ProposeForm, RejectForm
from ..models import Reward
from ..tables import RewardTable
from .queue import _add_errors, _report

STEPS = {"approve": (ApproveForm, services.approve), "reject": (RejectForm, services.reject), "pay": (PayForm, None)}


class RewardListView(RestrictedListView):
    model = Reward
    filterset_class = RewardFilterSet
    table_class = RewardTable
    template_name = "public/reward_list.html"
    partial_template_name = "public/_reward_table.html"

    def base_queryset(self) -> QuerySet:
        return Reward.objects.select_related("report")


def _reward(request, pk: int) -> Reward:
    qs = Reward.objects.select_related("report__town", "report__hazard", "proposed_by", "approved_by", "paid_by",
                                       "rejected_by", "enforcement_action", "accident")  # fmt: skip
    return get_object_or_404(restrict(request.user, qs), pk=pk)


def _step_forms(user, reward: Reward) -> dict:
    forms = {}
    for step, (form_class, _service) in STEPS.items():
        if rules.role_may(user, step) and reward.state in rules.REWARD_STATES[step]:
            if step == "approve" and reward.proposed_by_id == user.pk:
                continue
            forms[step] = form_class()
    return forms


@login_required
def reward_detail(request, pk: int):
    reward = _reward(request, pk)
    return render(request, "public/reward_detail.html", {"reward": reward, "forms": _step_forms(request.user, reward)})


@login_required
@require_POST
def reward_step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404
    reward = _reward(request, pk)
    rules.check_role(request.user, step)
    form_class, service = STEPS[step]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            if step == "pay":
                data = form.cleaned_data
                services.pay(request.user, reward, paid_on=data["paid_on"], means=data["means"],
                             payment_note=data["payment_note"])  # fmt: skip
            else:
                service(request.user, reward, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The reward is now “%(state)s”.") % {
                "state": Reward.objects.get(pk=reward.pk).get_state_display()})  # fmt: skip
            return redirect("public:reward_detail", pk=reward.pk)
    forms = _step_forms(request.user, reward) | {step: form}
    return render(request, "public/reward_detail.html", {"reward": reward, "forms": forms}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def reward_propose(request, pk: int):
    report = _report(request, pk)
    rules.check_role(request.user, "propose")
    units = {report.unit_id, getattr(report.hazard, "unit_id", None)} - {None}
    where = Q(unit_id__in=units) | (Q(hazard_id=report.hazard_id) if report.hazard_id else Q(pk__in=[]))
    actions = restrict(request.user, EnforcementAction.objects.filter(where).select_related("unit")).order_by(
        "-decided_on"
    )
    accidents = concealed_accidents_for(request.user).filter(region__path__startswith=report.town.path)
    form = ProposeForm(
        request.POST if request.method == "POST" else None, actions=list(actions[:50]), accidents=list(accidents[:50])
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reward = services.propose(request.user, report, basis=data["basis"],
                                      enforcement_action=data["enforcement_action"], accident=data["accident"],
                                      concealed_deaths=data["concealed_deaths"], note=data["note"])  # fmt: skip
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The reward is proposed; someone else approves it."))
            return redirect("public:reward_detail", pk=reward.pk)
    context = {"report": report, "form": form, "action": "propose", "label": _("Propose a reward")}
    return render(request, "public/action.html", context, status=400 if form.errors else 200)
