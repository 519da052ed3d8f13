"""The offices' work on the web: the list (filters, pages), recording and correcting one piece of work with its
photos and documents, its page with the change history, and the roster of technical inspectors."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anjian.core import dates
from anjian.core.attachments import store_document
from anjian.core.figures import Frame
from anjian.core.figures import get as get_figure
from anjian.core.generic import RestrictedListView
from anjian.core.history import history_rows
from anjian.core.models import Attachment
from anjian.org.areas import departments_for, offer_regions
from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import restrict, roles

from . import rules, services
from .choices import ENTERPRISE_KINDS, KIND_NOTES, PEOPLE_KINDS, PEOPLE_REQUIRED, TOWN_KINDS, WorkKind
from .filtersets import WorkRecordFilterSet
from .forms import EndServiceForm, InspectorForm, WorkRecordForm, enterprise_choices
from .models import TechnicalInspector, WorkRecord
from .tables import WorkRecordTable

LIST_RELATED = ("region", "department")
DETAIL_RELATED = ("region", "department", "town", "enterprise", "created_by")


def _visible(user, model, pk: int, *related: str):
    """The row if `user` may see it; outside the jurisdiction it does not exist (404)."""
    return get_object_or_404(restrict(user, model.objects.select_related(*related)), pk=pk)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _rhythm(user) -> list[tuple[str, int, str]]:
    """The meetings the notices ask for, so far in this quarter and this month (简报 2024年第20期 二)."""
    today = dates.today()
    quarter = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    rows = [
        (WorkKind.COMMITTEE_MEETING, quarter, _("this quarter, at least once")),
        (WorkKind.OFFICE_MEETING, today.replace(day=1), _("this month, at least once")),
    ]
    return [
        (str(kind.label), get_figure(f"worklog.{kind}").value(Frame(user, start=start, end=today)), asked)
        for kind, start, asked in rows
    ]


class WorkRecordListView(RestrictedListView):
    model = WorkRecord
    filterset_class = WorkRecordFilterSet
    table_class = WorkRecordTable
    template_name = "worklog/record_list.html"
    partial_template_name = "worklog/_record_table.html"

    def base_queryset(self) -> QuerySet:
        return WorkRecord.objects.select_related(*LIST_RELATED)

    def prepare_filter_form(self, form) -> None:
        all_label = _("All")
        form.fields["kind"].widget.choices = [("", all_label), *WorkKind.choices]
        offer_regions(form, "town", self.request.user, deepest=RegionLevel.TOWN, all_label=all_label)
        form.fields["department"].widget.choices = [
            ("", all_label),
            *departments_for(self.request.user).order_by("name").values_list("code", "name"),
        ]
        form.fields["county_office"].widget.choices = [("unknown", all_label), ("true", _("Yes")), ("false", _("No"))]
        for name in ("date_from", "date_to"):
            form.fields[name].widget.input_type = "date"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_write"] = rules.may_write(self.request.user)
        user = self.request.user
        context["rhythm"] = _rhythm(user) if rules.may_write(user) or Role.LEADER in roles(user) else []
        return context


def _store(files, user) -> list[Attachment]:
    stored = []
    for upload in files or ():
        try:
            stored.append(store_document(upload, user))
        except ValidationError as exc:
            raise ValidationError({"files": [f"{upload.name}: {m}" for m in exc.messages]}) from exc
    return stored


def _forget_files(stored: list[Attachment]) -> None:
    """Files written inside a rolled-back transaction: leave no orphan on disk."""
    for attachment in stored:
        if not Attachment.objects.filter(pk=attachment.pk).exists():
            attachment.file.delete(save=False)
            if attachment.thumbnail:
                attachment.thumbnail.delete(save=False)


def _save(request, form, record: WorkRecord | None) -> WorkRecord | None:
    """Store the uploads and record (or correct) together; a refusal lands on the form."""
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            stored = _store(form.cleaned_data.get("files"), request.user)
            values = form.service_values()
            if record is None:
                return services.record_work(request.user, attachments=stored, **values)
            return services.correct_work(request.user, record, values, attachments=stored)
    except ValidationError as exc:
        _forget_files(stored)
        _add_errors(form, exc)
    return None


def _form_context(form, record: WorkRecord | None) -> dict:
    return {
        "form": form,
        "record": record,
        "enterprise_query": form.enterprise_query,
        "kind_fields": {
            "people": [str(k) for k in PEOPLE_KINDS],
            "people_required": [str(k) for k in PEOPLE_REQUIRED],
            "town": [str(k) for k in TOWN_KINDS],
            "enterprise": [str(k) for k in ENTERPRISE_KINDS],
            "notes": {str(k): str(v) for k, v in KIND_NOTES.items()},
        },
    }


def _edit(request, record: WorkRecord | None, initial: dict):
    data = request.POST if request.method == "POST" else None
    query = (data or request.GET).get("enterprise_q", "")
    form = WorkRecordForm(data, request.FILES or None, user=request.user, enterprise_query=query, initial=initial)
    searching = data is not None and "find_enterprise" in request.POST
    if data is not None and not searching and form.is_valid():
        saved = _save(request, form, record)
        if saved is not None:
            messages.success(request, _("The work “%(title)s” is recorded.") % {"title": saved.title})
            return redirect("worklog:detail", pk=saved.pk)
    if searching:
        form.errors.clear()
    status = 400 if data is not None and not searching and form.errors else 200
    return render(request, "worklog/record_form.html", _form_context(form, record), status=status)


@login_required
def record_new(request):
    rules.check_write(request.user)
    unit = rules.default_unit(request.user)
    initial = {"date": dates.today(), "unit": unit.key if unit else None}
    return _edit(request, None, initial)


@login_required
def record_edit(request, pk: int):
    record = _visible(request.user, WorkRecord, pk, *DETAIL_RELATED)
    services.check_correct(request.user, record)
    initial = {name: getattr(record, name) for name in services.RECORD_FIELDS}
    initial["unit"] = rules.Unit(record.region, record.department).key
    return _edit(request, record, initial)


@login_required
@require_GET
def record_detail(request, pk: int):
    record = _visible(request.user, WorkRecord, pk, *DETAIL_RELATED)
    context = {
        "record": record,
        "attachments": list(record.attachments.order_by("pk")),
        "history": history_rows(record),
        "may_correct": rules.may_write(request.user)
        and rules.may_record_for(request.user, record.region, record.department),
        "may_delete": rules.may_write(request.user) and rules.may_delete(request.user, record),
    }
    return render(request, "worklog/record_detail.html", context)


@login_required
@require_POST
def record_delete(request, pk: int):
    record = _visible(request.user, WorkRecord, pk, *DETAIL_RELATED)
    services.delete_work(request.user, record)
    messages.success(request, _("The work record is deleted; its history is kept."))
    return redirect("worklog:list")


@login_required
@require_GET
def enterprise_search(request):
    """The enterprise picker's choices for a search text (htmx partial), within the user's jurisdiction."""
    query = request.GET.get("enterprise_q", "")
    selected = request.GET.get("enterprise", "")
    context = {"choices": enterprise_choices(request.user, query, selected), "selected": selected, "query": query}
    return render(request, "worklog/_enterprise_choices.html", context)


# --- the roster -----------------------------------------------------------------------------------------


@login_required
def roster(request):
    """专兼职技术检查员: those serving (and, on request, those who left); add one."""
    user = request.user
    form = None
    if rules.may_write(user):
        data = request.POST if request.method == "POST" else None
        unit = rules.default_unit(user)
        initial = {"since": dates.today(), "unit": unit.key if unit else None}
        form = InspectorForm(data, user=user, initial=initial)
        if data is not None and form.is_valid():
            try:
                added = services.add_inspector(user, **form.service_values())
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("%(name)s is on the roster.") % {"name": added.name})
                return redirect("worklog:roster")
    elif request.method == "POST":
        raise PermissionDenied(_("Only the county office, departments and towns record their work."))
    show_all = request.GET.get("all") == "1"
    rows = restrict(user, TechnicalInspector.objects.select_related("region", "department__region"))
    if not show_all:
        rows = rows.filter(until__isnull=True)
    rows = list(rows.order_by("department__name", "region__code", "name", "pk"))
    for row in rows:
        row.may_end = (
            row.until is None and rules.may_write(user) and rules.may_record_for(user, row.region, row.department)
        )
    context = {
        "form": form,
        "rows": rows,
        "show_all": show_all,
        "end_form": EndServiceForm(initial={"until": dates.today()}),
    }
    return render(request, "worklog/roster.html", context, status=400 if form is not None and form.errors else 200)


@login_required
@require_POST
def end_service(request, pk: int):
    inspector = _visible(request.user, TechnicalInspector, pk, "region", "department")
    form = EndServiceForm(request.POST)
    if form.is_valid():
        try:
            services.end_service(request.user, inspector, form.cleaned_data["until"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The service of %(name)s is ended.") % {"name": inspector.name})
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("worklog:roster")
