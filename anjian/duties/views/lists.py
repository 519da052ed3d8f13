"""The list of 35 responsibilities (兴安办〔2024〕80号 二（二）1): the lists and their progress by town against the
deadline, loading the items from the city's file (with its row-by-row report), the deliveries (filters, xlsx),
the units not reached (delivered at once from there), and the unit's acknowledgement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anjian.core import dates, xlsx
from anjian.core.generic import RestrictedListView, attachment
from anjian.core.history import history_rows
from anjian.org.areas import offer_regions, region_choices, selected_region
from anjian.org.choices import TOWN_AND_ABOVE, RegionLevel
from anjian.org.models import Region

from .. import exports, lists, rules, services
from ..filtersets import DeliveryFilterSet
from ..forms import DeliveryForm, ImportForm, ListAcknowledgeForm, ListForm
from ..list_import import MAX_BYTES, ImportFileError
from ..models import ListDelivery, ResponsibilityList
from ..tables import DeliveryTable
from .common import add_errors, int_list, visible

NOT_REACHED_PER_PAGE = 50


@login_required
@require_GET
def list_index(request):
    today = dates.today()
    rows = [(found, lists.progress(request.user, found, today).total) for found in ResponsibilityList.objects.all()]
    return render(request, "duties/list_index.html", {"rows": rows, "may_edit": rules.is_office(request.user)})


@login_required
def list_edit(request, pk: int | None = None):
    """The county office sets a list; a new one starts from what 兴安办〔2024〕80号 names."""
    rules.check_office(request.user)
    found = get_object_or_404(ResponsibilityList, pk=pk) if pk is not None else None
    initial = {name: getattr(found, name) for name in lists.LIST_FIELDS} if found else dict(lists.NOTICE_LIST)
    form = ListForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_list(request.user, found, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The list “%(title)s” is saved.") % {"title": saved.title})
            return redirect("duties:list", pk=saved.pk)
    return render(request, "duties/list_form.html", {"form": form, "list": found}, status=400 if form.errors else 200)


def _detail(request, found: ResponsibilityList, **extra):
    context = {
        "list": found,
        "progress": lists.progress(request.user, found, dates.today()),
        "items": list(found.items.all()),
        "import_form": ImportForm() if rules.is_office(request.user) else None,
        "may_edit": rules.is_office(request.user),
        "history": history_rows(found),
        **extra,
    }
    return render(request, "duties/list_detail.html", context, status=400 if extra.get("import_error") else 200)


@login_required
@require_GET
def list_detail(request, pk: int):
    return _detail(request, get_object_or_404(ResponsibilityList, pk=pk))


@login_required
@require_POST
def list_import(request, pk: int):
    """Load the items from the city's file; the page shows what was loaded and every row refused."""
    rules.check_office(request.user)
    found = get_object_or_404(ResponsibilityList, pk=pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, found, import_form=form, import_error=True)
    upload = form.cleaned_data["file"]
    try:
        if upload.size > MAX_BYTES:
            raise ImportFileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20})
        result = services.import_items(request.user, found, upload.read())
    except ImportFileError as exc:
        form.add_error("file", str(exc))
        return _detail(request, found, import_form=form, import_error=True)
    return _detail(request, found, result=result)


@login_required
@require_GET
def list_template(request, pk: int):
    """An empty file with the header row the import reads."""
    found = get_object_or_404(ResponsibilityList, pk=pk)
    book = xlsx.workbook()
    sheet = xlsx.TableSheet(book, "清单", [8, 16, 80], title=found.title, header=["序号", "方面", "内容"])
    sheet.append([1, "", ""])
    return attachment(xlsx.save(book), f"{found.title}_导入模板.xlsx", xlsx.CONTENT_TYPE)


class DeliveryListView(RestrictedListView):
    model = ListDelivery
    filterset_class = DeliveryFilterSet
    table_class = DeliveryTable
    template_name = "duties/delivery_list.html"
    partial_template_name = "duties/_table.html"
    exports = {"xlsx": "export_xlsx"}
    unit_param = "enterprise"

    def get(self, request, *args, **kwargs):
        self.list = get_object_or_404(ResponsibilityList, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def base_queryset(self) -> QuerySet:
        return ListDelivery.objects.filter(list=self.list).select_related("enterprise__region")

    def prepare_filter_form(self, form) -> None:
        all_label = _("All")
        offer_regions(form, "town", self.request.user, deepest=RegionLevel.TOWN, all_label=all_label)
        form.fields["sector"].widget.choices = [("", all_label)] + [
            (s.code, s.name) for s in form.fields["sector"].queryset
        ]
        form.fields["acknowledged"].widget.choices = [("unknown", all_label), ("true", _("Yes")), ("false", _("No"))]
        for name in ("list", "enterprise"):
            form.fields[name].widget = form.fields[name].hidden_widget()
        for name in ("date_from", "date_to"):
            form.fields[name].widget.input_type = "date"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"list": self.list}

    def export_xlsx(self, queryset: QuerySet):
        content = exports.deliveries_xlsx(queryset, self.list.title)
        return attachment(content, exports.filename("责任清单宣贯情况", dates.today()), exports.xlsx.CONTENT_TYPE)


def _town(request) -> Region | None:
    """The town asked for (or the county, for an office above it): the units are the user's anyway."""
    found = selected_region(request.GET.get("town", ""))
    return found if found is not None and found.level in TOWN_AND_ABOVE else None


@login_required
def not_reached(request, pk: int):
    """The units the list has not reached (by town); a supervisor records their delivery, several at once."""
    found = get_object_or_404(ResponsibilityList, pk=pk)
    form = DeliveryForm(request.POST or None, initial={"delivered_on": dates.today(), "method": "meeting"})
    if request.method == "POST":
        rules.check_supervisor(request.user)
        ids = int_list(request.POST.getlist("enterprise"))
        if not ids:
            form.add_error(None, _("Choose the units the list was delivered to."))
        elif form.is_valid():
            try:
                count = services.deliver_many(request.user, found, ids, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Deliveries recorded: %(count)s.") % {"count": count})
                return redirect(request.get_full_path())
    units = lists.not_reached(request.user, found).select_related("region").order_by("region__code", "name", "pk")
    town = _town(request)
    if town is not None:
        units = units.filter(region__path__startswith=town.path)
    context = {
        "list": found,
        "page": Paginator(units, NOT_REACHED_PER_PAGE).get_page(request.GET.get("page")),
        "form": form if rules.is_supervisor(request.user) else None,
        "town": town,
        "towns": region_choices(request.user, town, RegionLevel.TOWN),
    }
    return render(request, "duties/not_reached.html", context, status=400 if form.errors else 200)


@login_required
def delivery_acknowledge(request, pk: int):
    """The unit acknowledges the list it received, or its supervisor records the unit's signature on paper."""
    delivery = visible(request.user, ListDelivery.objects.select_related("enterprise", "list"), pk)
    speaks = rules.speaks_for(request.user, delivery.enterprise)
    if not speaks:
        rules.check_supervises(request.user, delivery.enterprise)
    initial = {"acknowledged_on": dates.today(), "acknowledged_by_name": str(request.user) if speaks else ""}
    form = ListAcknowledgeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.acknowledge_delivery(request.user, delivery, data["acknowledged_on"], data["acknowledged_by_name"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The acknowledgement is recorded."))
            return redirect("duties:calendar_of", pk=delivery.enterprise_id)
    context = {"delivery": delivery, "form": form}
    return render(request, "duties/delivery_acknowledge.html", context, status=400 if form.errors else 200)
