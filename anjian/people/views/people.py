"""The people pages: the list (filters, pages, xlsx), a person's page with the training standing explained, the
records, certificates, absences and permits, the change history (the ID number masked there too), and the forms
to register and correct a person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from anjian.core import dates
from anjian.core.history import history_rows

from .. import cleaning, explain, services
from ..certificates import superseded, with_status
from ..exports import people_xlsx
from ..filtersets import PersonFilterSet
from ..forms import PersonForm
from ..models import Person
from ..rules import with_compliance
from ..tables import PersonTable
from ..validators import mask_id_number
from .common import ListPage, add_errors, choose_unit, chosen_unit, visible, xlsx_download

RELATED = ("enterprise__region__parent", "enterprise__sector")


class PersonListView(ListPage):
    model = Person
    filterset_class = PersonFilterSet
    table_class = PersonTable
    title = gettext_lazy("Personnel")
    subtitle = gettext_lazy("the people of the units, their training and certificates")

    def base_queryset(self) -> QuerySet:
        return with_compliance(Person.objects.select_related("enterprise"), dates.today())

    def export_xlsx(self, queryset: QuerySet):
        return xlsx_download(people_xlsx(queryset), "从业人员安全培训情况")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["new_url"] = "people:new"
        return context


def _masked_history(person: Person) -> list:
    rows = history_rows(person)
    for row in rows:
        for change in row.changes:
            if change.name == "id_number":
                change.before, change.after = mask_id_number(change.before), mask_id_number(change.after)
    return rows


@login_required
@require_GET
def person_detail(request, pk: int):
    today = dates.today()
    people = with_compliance(Person.objects.select_related(*RELATED), today)
    person = visible(request.user, people, pk)
    certificates = with_status(person.certificates.all(), today).annotate(replaced=superseded())
    context = {
        "person": person,
        "findings": explain.findings(person, today),
        "training_records": list(person.training_records.order_by("-date", "-pk")),
        "certificates": list(certificates.order_by("kind", "operation_type", "-issued_on", "-pk")),
        "absences": list(person.absences.all()),
        "permits": list(person.permits.select_related("certificate").order_by("-starts_at")[:10]),
        "history": _masked_history(person),
        "may_write": cleaning.may_write(request.user),
    }
    return render(request, "people/person_detail.html", context)


def _edit(request, person: Person | None, enterprise):
    data = request.POST if request.method == "POST" else None
    initial = services.person_values(person) if person is not None else {}
    initial.pop("id_number", None)  # never written back into the page
    form = PersonForm(data, person=person, initial=initial)
    if data is not None and form.is_valid():
        try:
            if person is None:
                saved = services.add_person(request.user, enterprise=enterprise, **form.service_values())
            else:
                saved = services.change_person(request.user, person, form.service_values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
            return redirect("people:detail", pk=saved.pk)
    status = 400 if data is not None and form.errors else 200
    context = {"form": form, "person": person, "enterprise": enterprise}
    return render(request, "people/person_form.html", context, status=status)


@login_required
def person_new(request):
    cleaning.check_write(request.user)
    enterprise = chosen_unit(request)
    if enterprise is None:
        return choose_unit(request, _("Register a person"))
    return _edit(request, None, enterprise)


@login_required
def person_edit(request, pk: int):
    person = visible(request.user, Person.objects.select_related("enterprise"), pk)
    services.check_change(request.user, person)
    return _edit(request, person, person.enterprise)
