"""Pieces every emergency page shares: the row a user may see (404 otherwise), refusals onto a form, stored
uploads (forgotten on disk when the save is refused), and the list page's base."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from anjian.core.attachments import store_document, store_image
from anjian.core.generic import RestrictedListView, attachment
from anjian.core.models import Attachment
from anjian.core.xlsx import CONTENT_TYPE
from anjian.org import areas
from anjian.org.jurisdiction import restrict
from anjian.org.models import Sector

from .. import access


def visible(user, model, pk: int, *related: str):
    """The row if `user` may see it; outside the jurisdiction it does not exist (404)."""
    return get_object_or_404(restrict(user, model.objects.select_related(*related)), pk=pk)


def add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
    if form.files:
        form.add_error(None, _("Please choose the files again: a browser does not keep them after a refusal."))


def store(files, user, field: str, document: bool = False) -> list[Attachment]:
    stored = []
    for upload in files or ():
        try:
            stored.append((store_document if document else store_image)(upload, user))
        except ValidationError as exc:
            raise ValidationError({field: [f"{upload.name}: {m}" for m in exc.messages]}) from exc
    return stored


def forget(stored: list[Attachment]) -> None:
    """Files written inside a rolled-back transaction: leave no orphan on disk."""
    for row in stored:
        if not Attachment.objects.filter(pk=row.pk).exists():
            row.file.delete(save=False)
            if row.thumbnail:
                row.thumbnail.delete(save=False)


def saving(request, form, write, field: str, files=(), document: bool = False):
    """Store the uploads and write the record together (`write(stored)`); a refusal lands on the form."""
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            stored = store(files, request.user, field, document)
            return write(stored)
    except ValidationError as exc:
        forget(stored)
        add_errors(form, exc)
    return None


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return attachment(content, filename, CONTENT_TYPE)


class ListPage(RestrictedListView):
    """A list of the app: its filter bar, its table, the page's title and its "new" button."""

    template_name = "emergency/list.html"
    partial_template_name = "emergency/_table.html"
    title = ""
    new_url_name = ""
    exports = {"xlsx": "export_xlsx"}
    unit_param: str | None = "enterprise"

    def may_add(self) -> bool:
        return access.may_record(self.request.user)

    def prepare_filter_form(self, form) -> None:
        for name, field in form.fields.items():
            if name.endswith(("_from", "_to")):
                field.widget.input_type = "date"
            if getattr(field.widget, "choices", None) and name not in ("region", "sector", "department"):
                field.widget.choices = [("", _("All")), *[c for c in field.widget.choices if c[0] != ""]]
        for name in ("unscripted", "late_filing", "current", "needs_revision", "review_due", "filed", "concealed",
                     "high_risk"):  # fmt: skip
            if name in form.fields:
                form.fields[name].widget.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]
        if "enterprise" in form.fields:
            form.fields["enterprise"].widget = forms.HiddenInput()  # set by the links of a unit's page
        all_label = _("All")
        areas.offer_regions(form, "region", self.request.user, all_label=all_label)  # the user's own, towns first
        if "sector" in form.fields:
            form.fields["sector"].widget.choices = [("", all_label), *Sector.objects.values_list("code", "name")]
        if "department" in form.fields:
            departments = areas.departments_for(self.request.user).order_by("name").values_list("code", "name")
            form.fields["department"].widget.choices = [("", all_label), *departments]

        if access.unit_only(self.request.user):  # a unit's own list on its phone: no jurisdiction filters
            for name in ("organiser", "region", "sector", "department"):
                if name in form.fields:
                    form.fields[name].widget = forms.HiddenInput()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, new_url_name=self.new_url_name if self.may_add() else "")
        return context
