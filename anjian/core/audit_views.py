"""The audit administrator's page (审计管理员): search the security log, export what was found, and see the
check of the sign-off chains. Only the audit administrator (and the superuser) opens it; nobody edits the log."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.org.choices import Role
from anjian.org.jurisdiction import roles

from . import dates, xlsx
from .forms import Form
from .generic import XLSX, attachment
from .models import SecurityEvent
from .security_log import KINDS

PER_PAGE = 50


class SearchForm(Form):
    kind = forms.ChoiceField(label=_("event"), required=False, choices=[("", "—"), *KINDS.items()])
    username = forms.CharField(label=_("username"), required=False, max_length=150)
    address = forms.GenericIPAddressField(label=_("address"), required=False)
    date_from = forms.DateField(label=_("from"), required=False)
    date_to = forms.DateField(label=_("to"), required=False)
    failed = forms.BooleanField(label=_("failures only"), required=False)

    def clean(self):
        data = super().clean()
        for name in ("date_from", "date_to"):
            if data.get(name):
                try:
                    dates.check_past(data[name], field=name)
                except ValidationError as exc:
                    self.add_error(name, exc.message_dict[name])
        return data


def _auditor(request) -> None:
    if not (request.user.is_superuser or Role.AUDIT_ADMIN in roles(request.user)):
        raise PermissionDenied


def found(data: dict) -> QuerySet:
    events = SecurityEvent.objects.all()
    if data.get("kind"):
        events = events.filter(kind=data["kind"])
    if data.get("username"):
        events = events.filter(username=data["username"])
    if data.get("address"):
        events = events.filter(address=data["address"])
    if data.get("failed"):
        events = events.filter(success=False)
    zone = timezone.get_current_timezone()
    if data.get("date_from"):
        events = events.filter(at__gte=dt.datetime.combine(data["date_from"], dt.time(), zone))
    if data.get("date_to"):
        events = events.filter(at__lt=dt.datetime.combine(data["date_to"] + dt.timedelta(days=1), dt.time(), zone))
    return events.order_by("-at", "-id")


@login_required
def audit_log(request):
    _auditor(request)
    form = SearchForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    events = found(form.cleaned_data if request.GET and valid else {}) if valid else SecurityEvent.objects.none()
    if valid and request.GET.get("export") == "xlsx":
        return _export(events)
    from .chain import last_check

    context = {
        "form": form,
        "page": Paginator(events, PER_PAGE).get_page(request.GET.get("page")),
        "kinds": KINDS,
        "query": _without_page(request),
        "chain": last_check(),
    }
    return render(request, "core/audit_log.html", context, status=200 if valid else 400)


def _without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return query.urlencode()


def _export(events: QuerySet) -> HttpResponse:
    """The events found: a write-only workbook filled from an iterator (no row kept in memory)."""
    wb = xlsx.workbook()
    header = [gettext("Time"), gettext("Event"), gettext("Username"), gettext("Address"), gettext("Outcome"),
              gettext("Address requested"), gettext("Detail")]  # fmt: skip
    sheet = xlsx.TableSheet(wb, gettext("Security log"), [20, 14, 16, 16, 8, 40, 40], header=header)
    local = timezone.get_current_timezone()
    for e in events.iterator(chunk_size=2000):
        outcome = gettext("success") if e.success else gettext("failure")
        when = e.at.astimezone(local).strftime("%Y-%m-%d %H:%M:%S")
        sheet.append([when, str(KINDS.get(e.kind, e.kind)), e.username, e.address or "", outcome, e.path, e.detail])
    return attachment(xlsx.save(wb), f"security-log-{timezone.localdate():%Y%m%d}.xlsx", XLSX)
