"""Outsourcing and leasing contracts: the list (filters, xlsx, the disorderly ones), a contract's page with the
conditions it meets and its history, recording and correcting one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anjian.core import dates
from anjian.core.generic import RestrictedListView, attachment
from anjian.core.history import history_rows
from anjian.org.areas import offer_regions
from anjian.org.choices import RegionLevel
from anjian.org.models import Sector
from anjian.registry.models import Enterprise

from .. import exports, rules, services
from ..choices import ContractKind
from ..contracts import FIELDS
from ..filtersets import ContractFilterSet
from ..forms import ContractForm
from ..models import OutsourcingContract
from ..tables import ContractTable
from .common import add_errors, visible


class ContractListView(RestrictedListView):
    model = OutsourcingContract
    filterset_class = ContractFilterSet
    table_class = ContractTable
    template_name = "duties/contract_list.html"
    partial_template_name = "duties/_table.html"
    exports = {"xlsx": "export_xlsx"}
    unit_param = "enterprise"

    def base_queryset(self) -> QuerySet:
        return OutsourcingContract.objects.select_related("enterprise")

    def prepare_filter_form(self, form) -> None:
        all_label = _("All")
        form.fields["kind"].widget.choices = [("", all_label), *ContractKind.choices]
        offer_regions(form, "town", self.request.user, deepest=RegionLevel.TOWN, all_label=all_label)
        form.fields["sector"].widget.choices = [("", all_label), *Sector.objects.values_list("code", "name")]
        form.fields["disorderly"].widget.choices = [("unknown", all_label), ("true", _("Yes")), ("false", _("No"))]
        form.fields["enterprise"].widget = form.fields["enterprise"].hidden_widget()
        form.fields["in_force_on"].widget.input_type = "date"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        own = sorted(rules.own_enterprise_ids(self.request.user))
        context["new_for"] = own[0] if own else None
        return context

    def export_xlsx(self, queryset: QuerySet):
        content = exports.contracts_xlsx(queryset)
        return attachment(content, exports.filename("外包外租安全管理情况", dates.today()), exports.xlsx.CONTENT_TYPE)


@login_required
@require_GET
def contract_detail(request, pk: int):
    contract = visible(request.user, OutsourcingContract.objects.select_related("enterprise", "created_by"), pk)
    user = request.user
    context = {
        "contract": contract,
        "may_edit": rules.speaks_for(user, contract.enterprise) or rules.supervises(user, contract.enterprise),
        "history": history_rows(contract),
    }
    return render(request, "duties/contract_detail.html", context)


def _edit(request, enterprise: Enterprise, contract: OutsourcingContract | None, initial: dict):
    form = ContractForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if contract is None:
                contract = services.record_contract(request.user, enterprise, **form.cleaned_data)
            else:
                contract = services.change_contract(request.user, contract, form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The contract with %(name)s is saved.") % {"name": contract.counterparty})
            return redirect("duties:contract", pk=contract.pk)
    context = {"form": form, "contract": contract, "enterprise": enterprise}
    return render(request, "duties/contract_form.html", context, status=400 if form.errors else 200)


@login_required
def contract_new(request, enterprise_pk: int):
    enterprise = visible(request.user, Enterprise.objects.all(), enterprise_pk)
    rules.check_keeps_contracts(request.user, enterprise)
    return _edit(request, enterprise, None, {"kind": ContractKind.OUTSOURCING, "safety_conditions": True})


@login_required
def contract_edit(request, pk: int):
    contract = visible(request.user, OutsourcingContract.objects.select_related("enterprise"), pk)
    rules.check_keeps_contracts(request.user, contract.enterprise)
    return _edit(request, contract.enterprise, contract, {name: getattr(contract, name) for name in FIELDS})
