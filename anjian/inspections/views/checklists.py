"""Checklists by sector: everyone signed in reads them; the county office edits names, use and items."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import rules, services
from ..forms import ChecklistForm, ChecklistItemFormSet
from ..models import Checklist, ChecklistItem
from .common import add_errors


def _checklists():
    return Checklist.objects.select_related("sector").prefetch_related(
        Prefetch("items", ChecklistItem.objects.order_by("order", "id"))
    )


@login_required
def checklist_list(request):
    context = {"checklists": list(_checklists()), "may_edit": rules.may_edit_checklists(request.user)}
    return render(request, "inspections/checklist_list.html", context)


@login_required
def checklist_edit(request, pk: int):
    """One checklist with its items: change, add (the empty rows) and remove (ticked); county office only."""
    if not rules.may_edit_checklists(request.user):
        raise PermissionDenied(_("Only the county office changes checklists."))
    checklist = get_object_or_404(_checklists(), pk=pk)
    items = list(checklist.items.all())
    data = request.POST if request.method == "POST" else None
    form = ChecklistForm(data, initial={"name": checklist.name, "is_active": checklist.is_active})
    formset = ChecklistItemFormSet(
        data,
        prefix="items",
        initial=[{"id": i.pk, "order": i.order, "group": i.group, "text": i.text} for i in items],
    )
    if data is not None and form.is_valid() and formset.is_valid():
        by_pk = {i.pk: i for i in items}
        keep, remove = [], []
        for f in formset.forms:
            c = f.cleaned_data
            if not c:  # an empty extra row
                continue
            item = by_pk.get(c.get("id"))
            if c.get("DELETE"):
                if item is not None:
                    remove.append(item)
                continue
            keep.append({"item": item, "text": c["text"], "group": c.get("group", ""), "order": c["order"]})
        try:
            services.edit_checklist(
                request.user,
                checklist,
                name=form.cleaned_data["name"],
                is_active=form.cleaned_data["is_active"],
                items=keep,
                remove=remove,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The checklist “%(name)s” is saved.") % {"name": form.cleaned_data["name"]})
            return redirect("inspections:checklists")
    context = {"checklist": checklist, "form": form, "formset": formset}
    return render(request, "inspections/checklist_edit.html", context)
