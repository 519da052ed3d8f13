"""The reports of the people app: the three posts' certification rate by unit, town or sector (信安办字〔2022〕30号:
100%), the welders' ledger of a town (高府发〔2023〕14号 三（一）5), each with its xlsx; and the Excel import with
its template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anjian.core import dates
from anjian.org.areas import jurisdiction_name
from anjian.org.jurisdiction import restrict

from .. import cleaning, exports, importer, rates
from ..filtersets import PersonFilterSet, WelderFilterSet
from ..forms import ImportForm
from ..models import Person
from .common import own_unit, xlsx_download

PER_PAGE = 50


def _place(request, filterset) -> str:
    """Whose table it is: the town filtered on, the user's own unit, or the jurisdiction's county."""
    town = filterset.form.cleaned_data.get("town") if filterset.is_valid() else None
    if town is not None:
        return town.name
    unit = own_unit(request.user)
    if unit is not None:
        return unit.name
    return jurisdiction_name(request.user)


@login_required
@require_GET
def certification_rate(request):
    """三项岗位执证上岗率 of the user's jurisdiction, by unit, town or sector; ?export=xlsx downloads it."""
    by = request.GET.get("by") if request.GET.get("by") in rates.GROUPINGS else "town"
    people = restrict(request.user, Person.objects.all())
    filterset = PersonFilterSet(request.GET or None, queryset=people, request=request)
    rows = rates.rate_rows(filterset.qs if filterset.is_valid() else people.none(), by, dates.today())
    total = rates.total(rows)
    if request.GET.get("export") == "xlsx":
        place = _place(request, filterset)
        return xlsx_download(exports.rate_xlsx(rows, total, by, place), f"{place}三项岗位人员持证上岗情况")
    query = request.GET.copy()
    query.pop("by", None)
    context = {"rows": rows, "total": total, "by": by, "groupings": rates.GROUPINGS, "filterset": filterset,
               "query_string": query.urlencode(), "target": rates.TARGET}  # fmt: skip
    return render(request, "people/rate.html", context)


@login_required
@require_GET
def welders(request):
    """电焊作业人员台账: the welders of the user's jurisdiction (a town when filtered), with their certificates."""
    rows: QuerySet = rates.welders(restrict(request.user, Person.objects.all()), dates.today())
    filterset = WelderFilterSet(request.GET or None, queryset=rows, request=request)
    rows = filterset.qs if filterset.is_valid() else rows.none()
    rows = rows.order_by("enterprise__region__code", "enterprise__name", "name", "pk")
    if request.GET.get("export") == "xlsx":
        place = _place(request, filterset)
        return xlsx_download(exports.welders_xlsx(rows, place), f"{place}电焊作业人员安全管理台账")
    counts = {s: n for s, n in rows.order_by().values_list("standing").annotate(n=Count("pk"))}
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filterset": filterset, "counts": counts, "query_string": query.urlencode()}
    return render(request, "people/welders.html", context)


@login_required
def import_people(request):
    """Upload an xlsx; every row is imported or reported with its sheet, row number, column and reason."""
    cleaning.check_write(request.user)
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = importer.import_people(form.cleaned_data["file"], request.user)
        except importer.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            level = messages.WARNING if result.errors else messages.SUCCESS
            messages.add_message(request, level, _("Import finished: %(failed)d rows refused.")
                                 % {"failed": result.failed_rows})  # fmt: skip
    status = 400 if form.errors else 200
    return render(request, "people/import.html", {"form": form, "result": result}, status=status)


@login_required
@require_GET
def import_template(request):
    return xlsx_download(exports.template_xlsx(), "从业人员培训证书导入模板")
