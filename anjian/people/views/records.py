"""A person's records on the web: training, certificates and absences — recorded, corrected and deleted on their
own small forms (from the person's page) — and the training and certificate lists with their xlsx files."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from anjian.core import dates

from .. import certificates, cleaning, periods, services
from ..exports import certificates_xlsx, training_xlsx
from ..filtersets import CertificateFilterSet, TrainingFilterSet
from ..forms import AbsenceForm, CertificateForm, TrainingForm
from ..models import Absence, Certificate, Person, TrainingRecord
from ..tables import CertificateTable, TrainingTable
from .common import ListPage, add_errors, visible, xlsx_download


@dataclass(frozen=True)
class Kind:
    """One kind of record of a person: its model, form, services and words."""

    model: type[Model]
    form: type
    fields: tuple[str, ...]
    add: object
    change: object
    title: object


KINDS = {
    "training": Kind(TrainingRecord, TrainingForm, ("kind", "course", "hours", "date", "provider", "result"),
                     services.add_training, services.change_training, gettext_lazy("Training record")),
    "certificate": Kind(Certificate, CertificateForm, ("kind", "operation_type", "number", "issuer",
                                                       "issued_elsewhere", "issued_on", "expires_on", "reviewed_on",
                                                       "long_review"),
                        certificates.add_certificate, certificates.change_certificate, gettext_lazy("Certificate")),
    "absence": Kind(Absence, AbsenceForm, ("away_from", "back_on", "reason"), services.add_absence,
                    services.change_absence, gettext_lazy("Absence")),
}  # fmt: skip


def _record_form(request, what: str, person: Person, record: Model | None):
    kind = KINDS[what]
    data = request.POST if request.method == "POST" else None
    initial = {name: getattr(record, name) for name in kind.fields} if record is not None else {}
    if isinstance(record, Certificate) and record.expires_on == periods.expiry(record.kind, record.issued_on):
        initial["expires_on"] = None  # computed: left empty, so that a corrected issue date moves it too
    form = kind.form(data, initial=initial, **({"record": record} if what == "certificate" else {}))
    if data is not None and form.is_valid():
        values = form.service_values() if hasattr(form, "service_values") else dict(form.cleaned_data)
        try:
            if record is None:
                kind.add(request.user, person=person, **values)  # type: ignore[operator]
            else:
                kind.change(request.user, record, values)  # type: ignore[operator]
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(what)s of %(name)s is saved.") % {"what": kind.title, "name": person.name})
            return redirect("people:detail", pk=person.pk)
    context = {"form": form, "person": person, "record": record, "title": kind.title, "what": what}
    status = 400 if data is not None and form.errors else 200
    return render(request, "people/record_form.html", context, status=status)


@login_required
def record_new(request, pk: int, what: str):
    cleaning.check_write(request.user)
    person = visible(request.user, Person.objects.select_related("enterprise"), pk)
    services.check_change(request.user, person)
    return _record_form(request, what, person, None)


@login_required
def record_edit(request, pk: int, what: str):
    kind = KINDS[what]
    record = visible(request.user, kind.model._default_manager.select_related("person__enterprise"), pk)
    services.check_change(request.user, record)
    return _record_form(request, what, record.person, record)


@login_required
@require_POST
def record_delete(request, pk: int, what: str):
    kind = KINDS[what]
    record = visible(request.user, kind.model._default_manager.select_related("person"), pk)
    person = record.person
    services.delete_record(request.user, record)
    messages.success(request, _("%(what)s is deleted; its history is kept.") % {"what": kind.title})
    return redirect("people:detail", pk=person.pk)


class TrainingListView(ListPage):
    model = TrainingRecord
    filterset_class = TrainingFilterSet
    table_class = TrainingTable
    title = gettext_lazy("Training records")
    subtitle = gettext_lazy("course, hours, date, provider and assessment")

    def base_queryset(self) -> QuerySet:
        return TrainingRecord.objects.select_related("person__enterprise")

    def export_xlsx(self, queryset: QuerySet):
        return xlsx_download(training_xlsx(queryset), "从业人员安全培训记录")


class CertificateListView(ListPage):
    model = Certificate
    filterset_class = CertificateFilterSet
    table_class = CertificateTable
    title = gettext_lazy("Certificates")
    subtitle = gettext_lazy("expiry and review computed, warned 90 days ahead")

    def base_queryset(self) -> QuerySet:
        rows = Certificate.objects.select_related("person__enterprise")
        return certificates.with_status(rows, dates.today())

    def export_xlsx(self, queryset: QuerySet):
        return xlsx_download(certificates_xlsx(queryset), "证书台账")
