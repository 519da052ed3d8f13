"""Drills on the web: the list (filters, pages, xlsx), recording one — planned, or held with its photos — and
carrying it through filing, holding and evaluation on one form, its page with the change history, cancelling a
planned one; and the units' drill frequency (compliant, due, overdue) as a list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anjian.core.history import history_rows
from anjian.duties import services as duties
from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise

from .. import access, exports, rules, services
from ..choices import Organiser
from ..filtersets import DrillFilterSet, FrequencyFilterSet
from ..forms import UNIT, DrillForm
from ..models import Drill
from ..tables import DrillTable, FrequencyTable
from .common import ListPage, saving, visible, xlsx_response

RELATED = ("enterprise", "department", "region", "sector", "plan", "created_by")


class DrillListView(ListPage):
    model = Drill
    filterset_class = DrillFilterSet
    table_class = DrillTable
    title = _("Drills")
    new_url_name = "emergency:drill_new"

    def base_queryset(self) -> QuerySet:
        return Drill.objects.select_related("enterprise", "department", "region")

    def export_xlsx(self, queryset: QuerySet):
        return xlsx_response(exports.drills_xlsx(queryset), "应急演练台账.xlsx")


class FrequencyListView(ListPage):
    """The units the frequency rule applies to, with their standing this period (SQL: rules.with_frequency)."""

    model = Enterprise
    filterset_class = FrequencyFilterSet
    table_class = FrequencyTable
    title = _("Drill frequency of the units")
    exports: dict[str, str] = {}
    unit_param = None

    def may_add(self) -> bool:
        return False

    def base_queryset(self) -> QuerySet:
        units = rules.subject_units(Enterprise.objects.select_related("region", "sector"))
        return rules.with_frequency(units, timezone.localdate())


def _initial(user) -> dict:
    owner = access.default_owner(user)
    initial: dict = {"held_on": timezone.localdate()}
    if owner is None:
        return initial
    if owner.enterprise is not None:
        return {**initial, "owner": UNIT, "unit": owner.enterprise.pk}
    key = f"d{owner.department.pk}" if owner.department is not None else f"r{owner.region.pk}"
    return {**initial, "owner": key}


def _drill_initial(drill: Drill) -> dict:
    initial = {name: getattr(drill, name) for name in services.drills.DRILL_FIELDS if hasattr(drill, name)}
    if drill.organiser == Organiser.ENTERPRISE:
        initial.update(owner=UNIT, unit=drill.enterprise_id)
    elif drill.organiser == Organiser.DEPARTMENT:
        initial.update(owner=f"d{drill.department_id}", town=drill.region if drill.region.level == "town" else None)
    else:
        initial["owner"] = f"r{drill.region_id}"
    return initial


def _edit(request, drill: Drill | None, initial: dict):
    data = request.POST if request.method == "POST" else None
    query = (data or request.GET).get("unit_q", "")
    form = DrillForm(data, request.FILES or None, user=request.user, unit_query=query, drill=drill, initial=initial)
    searching = data is not None and "find_unit" in request.POST
    if data is not None and not searching and form.is_valid():

        def write(photos):
            if drill is None:
                return services.record_drill(request.user, photos=photos, **form.service_values())
            return services.change_drill(request.user, drill, form.service_values(), photos=photos)

        saved = saving(request, form, write, "photos", form.cleaned_data.get("photos"))
        if saved is not None:
            messages.success(request, _("The drill “%(title)s” is saved.") % {"title": saved.title})
            return redirect("emergency:drill", pk=saved.pk)
    if searching:
        form.errors.clear()
    status = 400 if data is not None and not searching and form.errors else 200
    context = {"form": form, "drill": drill, "unit_query": form.unit_query}
    return render(request, "emergency/drill_form.html", context, status=status)


@login_required
def drill_new(request):
    access.check_record(request.user)
    return _edit(request, None, _initial(request.user))


@login_required
def drill_edit(request, pk: int):
    drill = visible(request.user, Drill, pk, *RELATED)
    services.drills.check_change(request.user, drill)
    return _edit(request, drill, _drill_initial(drill))


@login_required
@require_GET
def drill_detail(request, pk: int):
    drill = visible(request.user, Drill, pk, *RELATED)
    may_change = access.may_record(request.user) and access.may_record_for(request.user, access.owner_of(drill))
    context = {
        "drill": drill,
        "photos": list(drill.photos.order_by("pk")),
        "history": history_rows(drill),
        "may_change": may_change,
        "late_filing": drill.late_filing,
        "duties": list(restrict(request.user, duties.done_by(drill)).select_related("item")),  # the duty it did
    }
    return render(request, "emergency/drill_detail.html", context)


@login_required
@require_POST
def drill_cancel(request, pk: int):
    drill = visible(request.user, Drill, pk, *RELATED)
    try:
        services.cancel_drill(request.user, drill)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("emergency:drill", pk=drill.pk)
    messages.success(request, _("The planned drill is cancelled; its history is kept."))
    return redirect("emergency:drills")
