"""Forms of the people pages. They check types only; the services decide what is allowed and why not. The ID number
is never written back into a page: editing a person leaves it empty, and an empty one keeps the number on record."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from anjian.core import dates
from anjian.core.forms import Form
from anjian.core.validators import DESCRIPTION_MAX_LENGTH

from .choices import AssessmentResult, Category, CertificateKind, OperationType, PermitKind, TrainingKind
from .models import MAX_HOURS, Person
from .rules import current_q

BLANK = [("", "---------")]


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def moment_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _date(label, required: bool = False, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=date_input(), **kwargs)


class PersonForm(Form):
    name = forms.CharField(label=_("Full name"), max_length=40)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=22,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
        help_text=_("18 characters (GB 11643); shown masked everywhere."),
    )
    post = forms.CharField(label=_("Post"), max_length=60, required=False)
    categories = forms.MultipleChoiceField(
        label=_("Categories"), choices=Category.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    operation_type = forms.ChoiceField(
        label=_("Special operation"), choices=BLANK + OperationType.choices, required=False,
        help_text=_("The special operation a special-operation worker performs."),
    )  # fmt: skip
    appointed_on = _date(_("Appointed on"), help_text=_("任职日期 of a principal or safety manager."))
    started_on = _date(_("Took up the post on"))
    left_on = _date(_("Left on"), help_text=_("The last day at the unit; empty while working there."))

    def __init__(self, *args, person: Person | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        if person is None:
            self.fields["id_number"].required = True
        else:
            self.fields["id_number"].help_text = _("On record: %(masked)s. Leave empty to keep it.") % {
                "masked": person.masked_id_number
            }
        today = dates.today()
        dates.limit_input(self.fields["appointed_on"], None, today)
        dates.limit_input(self.fields["started_on"], None, today + dt.timedelta(days=365))
        dates.limit_input(self.fields["left_on"], None, today)

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        if self.person is not None and not values["id_number"]:
            values.pop("id_number")  # keep the number on record
        return values


class TrainingForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    course = forms.CharField(label=_("Course"), max_length=200)
    hours = forms.DecimalField(
        label=_("Hours"), max_digits=5, decimal_places=1, min_value=0, max_value=MAX_HOURS, help_text=_("学时.")
    )
    date = _date(_("Date"), required=True, help_text=_("The day the training ended."))
    provider = forms.CharField(label=_("Provider"), max_length=120, required=False)
    result = forms.ChoiceField(label=_("Assessment result"), choices=AssessmentResult.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        dates.limit_input(self.fields["date"], dates.EARLIEST, dates.today())


class CertificateForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CertificateKind.choices)
    operation_type = forms.ChoiceField(
        label=_("Operation type"), choices=BLANK + OperationType.choices, required=False,
        help_text=_("For a special operations certificate: 电焊 is welding and hot cutting."),
    )  # fmt: skip
    number = forms.CharField(label=_("Certificate number"), max_length=40)
    issuer = forms.CharField(label=_("Issuing authority"), max_length=80)
    issued_elsewhere = forms.BooleanField(label=_("Issued outside the county (外地取证)"), required=False)
    issued_on = _date(_("Issue date"), required=True)
    expires_on = _date(_("Valid until"), help_text=_("Leave empty: computed from the issue date."))
    reviewed_on = _date(_("Last reviewed on"))
    long_review = forms.BooleanField(
        label=_("Reviewed every 6 years"), required=False,
        help_text=_("10 years or more in the same job without violations: no review before it expires."),
    )  # fmt: skip

    def __init__(self, *args, record=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        dates.limit_input(self.fields["issued_on"], dates.EARLIEST, dates.today())
        dates.limit_input(self.fields["reviewed_on"], dates.EARLIEST, dates.today())
        # A number holding the holder's ID number is never written back into the page: empty keeps it.
        self.keeps_number = record is not None and record.masked_number != record.number
        if self.keeps_number:
            self.initial["number"] = ""
            self.fields["number"].required = False
            self.fields["number"].help_text = _("On record: %(masked)s. Leave empty to keep it.") % {
                "masked": record.masked_number
            }

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        if self.keeps_number and not values["number"]:
            values.pop("number")
        return values


class AbsenceForm(Form):
    away_from = _date(_("Away from"), required=True)
    back_on = _date(_("Back on"), help_text=_("The day back at the post; empty while away."))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        dates.limit_input(self.fields["away_from"], dates.EARLIEST, dates.today())


class PermitForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PermitKind.choices)
    number = forms.CharField(label=_("Permit number"), max_length=40, required=False)
    worker = forms.ModelChoiceField(label=_("Worker"), queryset=Person.objects.none())
    guardian = forms.ModelChoiceField(label=_("Guardian (监护人)"), queryset=Person.objects.none())
    approver = forms.ModelChoiceField(label=_("Approver"), queryset=Person.objects.none())
    place = forms.CharField(label=_("Place"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=moment_input())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=moment_input())
    measures = forms.CharField(
        label=_("Safety measures"), max_length=DESCRIPTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Fire watch, extinguishers, gas testing, isolation …"),
    )  # fmt: skip

    def __init__(self, *args, enterprise, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(current_q(dates.today()), enterprise=enterprise).order_by("name", "pk")
        for name in ("worker", "guardian", "approver"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = _person_label


def _person_label(person: Person) -> str:
    parts = [person.name, person.post] + [str(label) for label in person.category_labels()[:1]]
    return " · ".join(p for p in parts if p)


class ImportForm(Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=_("The template's sheets: 人员, 培训记录, 证书. At most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class FindUnitForm(Form):
    q = forms.CharField(label=_("Find the unit"), max_length=60, required=False)
