"""For the county office, departments, towns and leaders: the list of occurrences (filters, xlsx), the completion
by town, sector and duty, the units behind and the reminder sent to them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anjian.core import dates
from anjian.core.generic import RestrictedListView, attachment
from anjian.org.areas import offer_regions
from anjian.org.choices import RegionLevel
from anjian.org.models import Sector

from .. import exports, reminders, rules
from .. import overview as counting
from ..choices import OccurrenceStatus
from ..filtersets import OccurrenceFilterSet
from ..forms import PeriodForm
from ..models import DutyItem, DutyOccurrence
from ..tables import OccurrenceTable
from .common import int_list

BEHIND_PER_PAGE = 50


class OccurrenceListView(RestrictedListView):
    model = DutyOccurrence
    filterset_class = OccurrenceFilterSet
    table_class = OccurrenceTable
    template_name = "duties/occurrence_list.html"
    partial_template_name = "duties/_table.html"
    exports = {"xlsx": "export_xlsx"}
    unit_param = "enterprise"

    def base_queryset(self) -> QuerySet:
        return DutyOccurrence.objects.select_related("enterprise__region", "item")

    def prepare_filter_form(self, form) -> None:
        all_label = _("All")
        form.fields["status"].widget.choices = [("", all_label), *OccurrenceStatus.choices]
        form.fields["item"].widget.choices = [("", all_label), *DutyItem.objects.values_list("code", "name")]
        offer_regions(form, "town", self.request.user, deepest=RegionLevel.TOWN, all_label=all_label)
        form.fields["sector"].widget.choices = [("", all_label), *Sector.objects.values_list("code", "name")]
        form.fields["enterprise"].widget = form.fields["enterprise"].hidden_widget()
        for name in ("date_from", "date_to"):
            form.fields[name].widget.input_type = "date"

    def export_xlsx(self, queryset: QuerySet):
        content = exports.occurrences_xlsx(queryset)
        return attachment(content, exports.filename("十个一次履职情况", dates.today()), exports.xlsx.CONTENT_TYPE)


def _period(request) -> tuple[PeriodForm, object, object]:
    today = dates.today()
    start, end = counting.year_of(today)
    form = PeriodForm(request.GET or None, initial={"date_from": start, "date_to": end})
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("date_from") or start
        end = form.cleaned_data.get("date_to") or end
    return form, start, end


@login_required
@require_GET
def overview(request):
    """Completion by town, sector and duty, each number linked to the occurrences it counts."""
    form, start, end = _period(request)
    today = dates.today()
    if form.is_bound and form.errors:
        return render(request, "duties/overview.html", {"form": form}, status=400)
    found = counting.overview(request.user, start, end, today)
    if request.GET.get("export") == "xlsx":
        name = exports.filename("十个一次完成情况统计", today)
        return attachment(exports.overview_xlsx(found), name, exports.xlsx.CONTENT_TYPE)
    days = urlencode({"date_from": start.isoformat(), "date_to": end.isoformat()})
    context = {"form": form, "overview": found, "days": days, "may_remind": rules.is_supervisor(request.user)}
    return render(request, "duties/overview.html", context)


@login_required
@require_GET
def behind(request):
    """The units with overdue duties in the days chosen, most overdue first; supervisors remind them."""
    form, start, end = _period(request)
    if form.is_bound and form.errors:
        return render(request, "duties/behind.html", {"form": form}, status=400)
    rows = counting.units_behind(request.user, start, end, dates.today())
    page = Paginator(rows, BEHIND_PER_PAGE).get_page(request.GET.get("page"))
    days = urlencode({"date_from": start.isoformat(), "date_to": end.isoformat()})
    context = {"form": form, "page": page, "days": days, "may_remind": rules.is_supervisor(request.user)}
    return render(request, "duties/behind.html", context)


@login_required
@require_POST
def remind(request):
    """Remind the units chosen (the units behind page): an in-app notice to their users, once a day."""
    rules.check_supervisor(request.user)
    ids = int_list(request.POST.getlist("enterprise"))
    if not ids:
        messages.error(request, _("Choose the units to remind."))
    else:
        written = reminders.remind(request.user, ids, dates.today())
        messages.success(request, _("Reminders sent: %(count)s.") % {"count": written})
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/duties/") else "duties:behind")
