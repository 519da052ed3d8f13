"""Pieces every people page shares: the visible row or 404, service refusals onto a form, the unit a new record
belongs to (the unit's own user's, or the one chosen), and the list pages' generic view."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core.generic import XLSX, RestrictedListView, attachment
from anjian.org.areas import offer_regions
from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import assignments, restrict
from anjian.org.models import Sector
from anjian.registry.forms import OneOfManySelect
from anjian.registry.models import Enterprise

from ..cleaning import may_write
from ..forms import FindUnitForm

UNITS_SHOWN = 20
BOOLEANS = ("working", "attention", "issued_elsewhere")
MULTIPLE = ("category", "compliance", "status")


def visible(user, queryset: QuerySet, pk: int):
    """The row if `user` may see it; outside the jurisdiction it does not exist (404)."""
    return get_object_or_404(restrict(user, queryset), pk=pk)


def add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def own_unit(user) -> Enterprise | None:
    """The unit of a user who holds only an enterprise role for one unit."""
    units = [a.enterprise for a in assignments(user) if a.role == Role.ENTERPRISE and a.enterprise_id]
    others = [a for a in assignments(user) if a.role != Role.ENTERPRISE]
    return units[0] if len(units) == 1 and not others and not user.is_superuser else None


def chosen_unit(request) -> Enterprise | None:
    """The unit named by ?enterprise= (404 outside the jurisdiction), or the user's own."""
    pk = request.GET.get("enterprise") or request.POST.get("enterprise")
    if pk and str(pk).isdigit() and len(str(pk)) <= 18:
        return visible(request.user, Enterprise.objects.select_related("region"), int(pk))
    return own_unit(request.user)


def choose_unit(request, title: str):
    """A page to find the unit a new record belongs to: a few units matching the text typed."""
    form = FindUnitForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    units = restrict(request.user, Enterprise.objects.all()).order_by("name", "pk")
    if query:
        units = units.filter(name__icontains=query)
    context = {"form": form, "units": list(units.values_list("pk", "name")[:UNITS_SHOWN]), "title": title}
    return render(request, "people/choose_unit.html", context)


def xlsx_download(content: bytes, name: str):
    return attachment(content, f"{name}-{timezone.localdate():%Y%m%d}.xlsx", XLSX)


class ListPage(RestrictedListView):
    """A list of the app: the generic page with its title, nav and actions; `?export=xlsx` downloads it."""

    template_name = "people/list.html"
    partial_template_name = "people/_table.html"
    exports = {"xlsx": "export_xlsx"}
    unit_param = "enterprise"
    title = ""
    subtitle = ""
    export_name = ""
    hidden_filters: tuple[str, ...] = ("enterprise", "person", "worker")

    def prepare_filter_form(self, form) -> None:
        every = _("All")
        for name, field in form.fields.items():
            if name in ("date_from", "date_to"):
                field.widget.input_type = "date"
            elif name in BOOLEANS:
                field.widget.choices = [("unknown", every), ("true", _("Yes")), ("false", _("No"))]
            elif name == "sector":
                field.widget = OneOfManySelect(choices=[("", every), *Sector.objects.values_list("code", "name")])
            elif name == "town":
                offer_regions(form, name, self.request.user, deepest=RegionLevel.TOWN, all_label=every)
            elif name in MULTIPLE:
                field.widget = OneOfManySelect(choices=[("", every), *field.choices])
            elif hasattr(field, "choices"):
                field.widget.choices = [("", every), *[c for c in field.choices if c[0] != ""]]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, subtitle=self.subtitle, may_write=may_write(self.request.user),
                       hidden_filters=self.hidden_filters)  # fmt: skip
        return context
