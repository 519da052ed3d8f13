"""The rule table of the principal's periodic duties: everyone reads it; the county office changes a duty's
frequency, its window (a campaign's duty) or its wording, withdraws one or adds one — a revised list is data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anjian.core.history import history_rows

from .. import rules, services
from ..calendar import ITEM_FIELDS
from ..forms import ItemForm
from ..models import DutyItem
from .common import add_errors


@login_required
@require_GET
def item_list(request):
    context = {
        "items": DutyItem.objects.order_by("-active", "order", "code"),
        "may_edit": rules.is_office(request.user),
    }
    return render(request, "duties/item_list.html", context)


@login_required
def item_edit(request, pk: int | None = None):
    rules.check_office(request.user)
    item = get_object_or_404(DutyItem, pk=pk) if pk is not None else None
    initial = {name: getattr(item, name) for name in ITEM_FIELDS} if item else {"active": True, "order": 100}
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_item(request.user, item, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The duty “%(name)s” is saved.") % {"name": saved.name})
            return redirect("duties:items")
    context = {"form": form, "item": item, "history": history_rows(item) if item else []}
    return render(request, "duties/item_form.html", context, status=400 if form.errors else 200)
