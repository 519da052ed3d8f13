"""Permits on the web: the 存单 list (filters, xlsx), a permit's page, and the form that records one — refused
with the reason, as a form error on the worker, when the worker holds no valid certificate for the work."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from anjian.core.history import history_rows

from .. import cleaning, permits
from ..exports import permits_xlsx
from ..filtersets import PermitFilterSet
from ..forms import PermitForm
from ..models import Permit
from ..tables import PermitTable
from .common import ListPage, add_errors, choose_unit, chosen_unit, visible, xlsx_download

RELATED = ("enterprise", "worker", "guardian", "approver", "certificate__person", "created_by")


class PermitListView(ListPage):
    model = Permit
    filterset_class = PermitFilterSet
    table_class = PermitTable
    title = gettext_lazy("Special work permits")
    subtitle = gettext_lazy("hot work and other special works: the permits (存单) inspectors check")

    def base_queryset(self) -> QuerySet:
        return Permit.objects.select_related("enterprise", "worker", "guardian", "certificate__person")

    def export_xlsx(self, queryset: QuerySet):
        return xlsx_download(permits_xlsx(queryset), "动火等特殊作业审批存单")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["new_url"] = "people:permit_new"
        return context


@login_required
def permit_new(request):
    cleaning.check_write(request.user)
    enterprise = chosen_unit(request)
    if enterprise is None:
        return choose_unit(request, _("Record a special work permit"))
    data = request.POST if request.method == "POST" else None
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = PermitForm(data, enterprise=enterprise, initial={"starts_at": now, "ends_at": now + dt.timedelta(hours=8)})
    if data is not None and form.is_valid():
        try:
            permit = permits.add_permit(request.user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The permit is recorded."))
            return redirect("people:permit_detail", pk=permit.pk)
    status = 400 if data is not None and form.errors else 200
    return render(request, "people/permit_form.html", {"form": form, "enterprise": enterprise}, status=status)


@login_required
@require_GET
def permit_detail(request, pk: int):
    permit = visible(request.user, Permit.objects.select_related(*RELATED), pk)
    return render(request, "people/permit_detail.html", {"permit": permit, "history": history_rows(permit)})
