"""The forms of the duties' pages. They check types only (and refuse control characters, core.forms); the
services decide what is allowed and why not, and their refusals land on the fields."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from anjian.core import dates
from anjian.core.forms import Form
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH

from .choices import ContractKind, DeliveryMethod, Frequency
from .texts import NAME_LIMIT


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def past_date(label) -> forms.DateField:
    """A date of something done (the form's __init__ copies today's bounds onto the input)."""
    return forms.DateField(label=label, widget=date_input())


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several photos or documents in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf,.docx,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class DoneForm(Form):
    done_on = forms.DateField(label=_("Done on"), widget=date_input())
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was held or done, who took part; or attach a photo of the minutes."),
    )
    files = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        help_text=_("JPEG, PNG or WebP photos; PDF, Word (.docx) or Excel (.xlsx) documents."),
    )
    principal_name = forms.CharField(
        label=_("Principal who signs"), max_length=NAME_LIMIT, required=False, help_text=_("The unit's principal.")
    )

    def __init__(self, *args, occurrence=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        floor = occurrence.period_start if occurrence is not None else dates.EARLIEST
        dates.limit_input(self.fields["done_on"], floor, dates.today())


class ItemForm(Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("As the notice words it."))
    cite = forms.CharField(label=_("Source"), max_length=200, help_text=_("The notice and its paragraph."))
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    high_risk_frequency = forms.ChoiceField(label=_("Frequency for high-risk units"), choices=Frequency.choices)
    active_from = forms.DateField(label=_("In force from"), required=False, widget=date_input())
    active_until = forms.DateField(label=_("In force until"), required=False, widget=date_input())
    active = forms.BooleanField(label=_("In use"), required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class TemplateForm(Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    period = forms.ChoiceField(label=_("Reported"), choices=Frequency.choices)
    sections = forms.CharField(
        label=_("Sections"), widget=forms.Textarea(attrs={"rows": 5}), help_text=_("One heading a line.")
    )
    signatories = forms.CharField(
        label=_("Signatories"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One role a line, in the order they sign; at least two (双签字)."),
    )
    active = forms.BooleanField(label=_("In use"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data["sections"], data["signatories"] = lines(data["sections"]), lines(data["signatories"])
        return data


class ReportForm(Form):
    """The report's text, one field a heading of its template; the period is given by a day in it."""

    day = forms.DateField(label=_("A day of the period reported"), widget=date_input())

    def __init__(self, *args, headings: list[str], with_day: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not with_day:
            del self.fields["day"]
        else:
            dates.limit_input(self.fields["day"], dates.EARLIEST, dates.today())
        for index, heading in enumerate(headings):
            self.fields[f"section_{index}"] = forms.CharField(
                label=heading,
                required=False,
                max_length=DESCRIPTION_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.headings = headings

    def section_texts(self) -> list[str]:
        return [self.cleaned_data.get(f"section_{i}", "") for i in range(len(self.headings))]


class SignForm(Form):
    position = forms.TypedChoiceField(label=_("Signs as"), coerce=int)
    signer_name = forms.CharField(label=_("Name of the signatory"), max_length=NAME_LIMIT)

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].choices = choices


class AcknowledgeForm(Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class ListForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    doc_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    cite = forms.CharField(label=_("Required by"), max_length=200, required=False)
    deadline = forms.DateField(label=_("To be delivered by"), widget=date_input())
    expected_items = forms.IntegerField(label=_("Items in the list"), min_value=1, max_value=500)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(Form):
    file = forms.FileField(
        label=_("The city's file (.xlsx)"),
        help_text=_("First sheet: a header row with 序号, 方面 and 内容, then one item a row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class DeliveryForm(Form):
    delivered_on = past_date(_("Delivered on"))
    method = forms.ChoiceField(label=_("How"), choices=DeliveryMethod.choices)
    deliverer_name = forms.CharField(
        label=_("Delivered by"), max_length=NAME_LIMIT, required=False, help_text=_("You, when left empty.")
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        dates.limit_input(self.fields["delivered_on"], dates.EARLIEST, dates.today())


class ListAcknowledgeForm(Form):
    acknowledged_on = past_date(_("Acknowledged on"))
    acknowledged_by_name = forms.CharField(
        label=_("Signed for by"),
        max_length=NAME_LIMIT,
        required=False,
        help_text=_("The unit's person who signed for the list."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        dates.limit_input(self.fields["acknowledged_on"], dates.EARLIEST, dates.today())


class ContractForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContractKind.choices)
    subject = forms.CharField(label=_("Project, site or equipment"), max_length=200)
    counterparty = forms.CharField(label=_("Contractor or lessee"), max_length=120)
    counterparty_credit_code = forms.CharField(
        label=_("Its unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("18 characters (GB 32100-2015); empty for a natural person."),
    )
    qualification_required = forms.CharField(
        label=_("Qualification required"),
        max_length=200,
        required=False,
        help_text=_("Empty when the work needs none."),
    )
    qualification_held = forms.CharField(label=_("Qualification held"), max_length=200, required=False)
    safety_conditions = forms.BooleanField(label=_("Has safe production conditions"), required=False)
    agreement_signed = forms.BooleanField(label=_("Safety agreement signed"), required=False)
    duties_defined = forms.BooleanField(label=_("Safety duties defined"), required=False)
    unified_management = forms.BooleanField(label=_("Under the unit's unified management"), required=False)
    starts_on = forms.DateField(label=_("From"), widget=date_input())
    ends_on = forms.DateField(label=_("Until"), required=False, widget=date_input())


class PeriodForm(Form):
    """The days of the overview and of the units behind (by the duties' due day)."""

    date_from = forms.DateField(label=_("Due from"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("Due until"), required=False, widget=date_input())

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The last day lies before the first."))
        for name in ("date_from", "date_to"):
            day = data.get(name)
            if day and not dates.EARLIEST <= day <= dates.today() + dt.timedelta(days=5 * 365):
                self.add_error(name, _("Choose a day from 2000 to five years ahead."))
        return data
