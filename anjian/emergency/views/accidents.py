"""Accidents on the web: the list (filters, xlsx), recording and correcting one — the grade the numbers give is
shown and a contradicting grade refused with the reason — and its page with the investigation and the history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anjian.core.history import history_rows
from anjian.org.jurisdiction import within

from .. import access, exports, rules, services
from ..choices import AccidentGrade, InvestigationLevel
from ..filtersets import AccidentFilterSet
from ..forms import AccidentForm
from ..models import Accident
from ..tables import AccidentTable
from .common import ListPage, saving, visible, xlsx_response

RELATED = ("enterprise", "region", "sector", "department", "report", "created_by")


class AccidentListView(ListPage):
    model = Accident
    filterset_class = AccidentFilterSet
    table_class = AccidentTable
    title = _("Production safety accidents")
    new_url_name = "emergency:accident_new"

    def may_add(self) -> bool:
        return access.may_office(self.request.user)

    def base_queryset(self) -> QuerySet:
        return Accident.objects.select_related("region", "sector")

    def export_xlsx(self, queryset: QuerySet):
        return xlsx_response(exports.accidents_xlsx(queryset), "生产安全事故台账.xlsx")


def _edit(request, accident: Accident | None, initial: dict):
    data = request.POST if request.method == "POST" else None
    query = (data or request.GET).get("unit_q", "")
    form = AccidentForm(data, request.FILES or None, user=request.user, unit_query=query, initial=initial)
    searching = data is not None and "find_unit" in request.POST
    if data is not None and not searching and form.is_valid():
        report = form.cleaned_data.get("report")

        def write(stored):
            doc = stored[0] if stored else None
            if accident is None:
                return services.record_accident(request.user, report=doc, **form.service_values())
            return services.change_accident(request.user, accident, form.service_values(), report=doc)

        saved = saving(request, form, write, "report", [report] if report else [], document=True)
        if saved is not None:
            messages.success(request, _("The accident at %(unit)s is saved.") % {"unit": saved.unit_name})
            return redirect("emergency:accident", pk=saved.pk)
    if searching:
        form.errors.clear()
    status = 400 if data is not None and not searching and form.errors else 200
    context = {"form": form, "accident": accident, "unit_query": form.unit_query}
    return render(request, "emergency/accident_form.html", context, status=status)


@login_required
def accident_new(request):
    access.check_office(request.user)
    now = timezone.localtime().replace(second=0, microsecond=0)
    return _edit(request, None, {"occurred_at": now, "deaths": 0, "serious_injuries": 0, "direct_loss": 0})


@login_required
def accident_edit(request, pk: int):
    accident = visible(request.user, Accident, pk, *RELATED)
    services.accidents.check_change(request.user, accident)
    initial = {name: getattr(accident, name) for name in services.accidents.ACCIDENT_FIELDS}
    initial["occurred_at"] = timezone.localtime(accident.occurred_at)
    initial["unit"] = initial.pop("enterprise", None)
    return _edit(request, accident, initial)


@login_required
@require_GET
def accident_detail(request, pk: int):
    accident = visible(request.user, Accident, pk, *RELATED)
    suggested = rules.suggested_grade(accident.deaths, accident.serious_injuries, accident.direct_loss)
    required = rules.required_investigation_level(accident.grade, accident.reporting)
    context = {
        "accident": accident,
        "suggested": suggested,
        "suggested_label": AccidentGrade(suggested.grade).label,
        "required_level": InvestigationLevel(required).label,
        "listed": accident.grade != AccidentGrade.GENERAL,
        "escalated": accident.reporting in rules.CONCEALED,
        "history": history_rows(accident),
        "may_change": access.may_office(request.user) and within(request.user, accident),
    }
    return render(request, "emergency/accident_detail.html", context)
