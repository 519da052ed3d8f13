"""Major hazard sources (重大危险源, GB 18218-2018): the list, a unit's page, its form and its holdings form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise

from .. import services
from ..forms import HoldingForm, SourceForm
from ..models import MajorHazardSource
from ..rules import Record
from .package import may_change
from .points import add_errors, check_write, may_write


@login_required
@require_GET
def source_list(request):
    sources = restrict(request.user, MajorHazardSource.objects.select_related("enterprise", "region", "sector"))
    context = {
        "sources": list(sources.order_by("-identified", "grade")),
        "may_write": may_write(request.user, Record.SOURCE),
    }
    return render(request, "risk/pages/source_list.html", context)


@login_required
def source_edit(request, pk: int | None = None):
    """Create (no pk) or change a unit: enterprise, name, people exposed; saved and identified by save_source."""
    from ..major_sources import save_source

    check_write(request.user, Record.SOURCE)
    queryset = MajorHazardSource.objects.select_related("enterprise")
    source = get_object_or_404(restrict(request.user, queryset), pk=pk) if pk else MajorHazardSource()
    if pk:
        services.check_manage(request.user, source.enterprise, Record.SOURCE)
    enterprises = services.manageable_enterprises(request.user, Enterprise.objects.order_by("name"), Record.SOURCE)
    initial = {"name": source.name, "exposed_people": source.exposed_people}
    if not pk and request.GET.get("enterprise", "").isdigit():
        initial["enterprise"] = get_object_or_404(enterprises, pk=request.GET["enterprise"]).pk
    data = request.POST if request.method == "POST" else None
    form = SourceForm(data, initial=initial, enterprises=enterprises, editing=bool(pk))
    if data is not None and form.is_valid():
        try:
            saved = save_source(request.user, source, form.cleaned_data)
        except ValidationError as exc:
            if not pk:
                source.pk = None
                source._state.adding = True
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": saved.name})
            return redirect("risk:source_detail", pk=saved.pk)
    context = {"form": form, "source": source if pk else None}
    return render(request, "risk/pages/source_form.html", context, status=400 if form.errors else 200)


@login_required
def source_detail(request, pk: int):
    """A unit with its holdings, Σ q/Q, R and grade; POST adds or changes a holding (save_holding)."""
    from ..major_sources import save_holding

    queryset = MajorHazardSource.objects.select_related("enterprise", "region", "sector")
    source = get_object_or_404(restrict(request.user, queryset), pk=pk)
    form = None
    editable = may_change(request.user, source.enterprise, Record.SOURCE)
    if request.method == "POST":
        check_write(request.user, Record.SOURCE)
        services.check_manage(request.user, source.enterprise, Record.SOURCE)
        form = HoldingForm(request.POST)
        if form.is_valid():
            try:
                save_holding(request.user, source, form.cleaned_data["substance"], form.cleaned_data["quantity"])
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The holding is saved; the unit is identified again."))
                return redirect("risk:source_detail", pk=source.pk)
    elif editable:
        form = HoldingForm()
    holdings = []
    for h in source.holdings.select_related("substance").order_by("substance__name"):
        critical = h.substance.critical_quantity
        holdings.append({"h": h, "ratio": (h.quantity / critical) if critical else None})
    context = {"source": source, "holdings": holdings, "form": form, "editable": editable}
    return render(request, "risk/pages/source_detail.html", context, status=400 if form and form.errors else 200)
