"""Forms of the contest pages. They check types only; the services decide what is allowed and why not."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from anjian.core import dates
from anjian.core.forms import Form
from anjian.org.models import Sector

from .choices import QuestionKind, Topic
from .models import OPTION_MAX, TEXT_MAX

BLANK = [("", "---------")]


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(Form):
    """Every field optional here: the service reports every problem at once, keyed by field."""

    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    description = forms.CharField(label=_("About the round"), max_length=1000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    opens_on = forms.DateField(label=_("First day"), widget=date_input(), required=False)
    closes_on = forms.DateField(label=_("Last day"), widget=date_input(), required=False,
                                help_text=_("Answers are taken until the end of this day."))  # fmt: skip
    question_count = forms.IntegerField(
        label=_("Questions per participant"), min_value=1, max_value=100, initial=10, required=False
    )
    time_limit_minutes = forms.IntegerField(
        label=_("Time limit (minutes)"), min_value=1, max_value=600, required=False,
        help_text=_("Empty: until the end of the last day."),
    )  # fmt: skip
    attempts_allowed = forms.IntegerField(
        label=_("Attempts allowed"), min_value=1, max_value=10, initial=1, required=False,
        help_text=_("The best attempt counts."),
    )  # fmt: skip
    partial_credit = forms.BooleanField(
        label=_("Partial credit"), required=False,
        help_text=_("A multiple-choice answer with some right options and no wrong one earns half a point."),
    )  # fmt: skip
    is_public = forms.BooleanField(
        label=_("Public round"), required=False,
        help_text=_("Anyone may take part at the round's public address with a name, a unit and a phone number."),
    )  # fmt: skip
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors drawn from"), queryset=Sector.objects.order_by("pk"), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every sector."),
    )  # fmt: skip
    topics = forms.MultipleChoiceField(label=_("Topics drawn from"), choices=Topic.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every topic."))  # fmt: skip
    target = forms.IntegerField(label=_("Participants aimed at"), min_value=1, max_value=10_000_000, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        dates.limit_input(self.fields["opens_on"], dates.EARLIEST)

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        values["sectors"] = list(values.get("sectors") or [])
        return values


class QuestionForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    option_a = forms.CharField(label=_("Option A"), max_length=OPTION_MAX, required=False)
    option_b = forms.CharField(label=_("Option B"), max_length=OPTION_MAX, required=False)
    option_c = forms.CharField(label=_("Option C"), max_length=OPTION_MAX, required=False)
    option_d = forms.CharField(label=_("Option D"), max_length=OPTION_MAX, required=False)
    option_e = forms.CharField(label=_("Option E"), max_length=OPTION_MAX, required=False)
    option_f = forms.CharField(label=_("Option F"), max_length=OPTION_MAX, required=False)
    answer = forms.CharField(
        label=_("Answer"), max_length=10,
        help_text=_("The letters of the right options (B, ACD); for true or false: 正确 or 错误."),
    )  # fmt: skip
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.order_by("pk"), required=False,
                                    empty_label=_("Every sector"))  # fmt: skip
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices, initial=Topic.GENERAL)
    basis = forms.CharField(label=_("Basis"), max_length=200, required=False,
                            help_text=_("The notice and article it rests on."))  # fmt: skip
    explanation = forms.CharField(label=_("Explanation"), max_length=1000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    OPTIONS = ("option_a", "option_b", "option_c", "option_d", "option_e", "option_f")

    def service_values(self) -> dict:
        values = {k: v for k, v in self.cleaned_data.items() if k not in self.OPTIONS}
        values["options"] = [self.cleaned_data.get(name) or "" for name in self.OPTIONS]
        return values


class ImportForm(Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class PublicEntryForm(Form):
    """A person of the public enters a public round: checked by attempts.of_public (every problem at once)."""

    name = forms.CharField(label=_("Your name"), max_length=40, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))  # fmt: skip
    unit = forms.CharField(label=_("Your unit"), max_length=100, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "organization"}))  # fmt: skip
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Only to recognise you again: it is kept as a code, never shown in full."),
    )  # fmt: skip
    town = forms.ChoiceField(label=_("Your town"), choices=BLANK, required=False)

    def __init__(self, *args, towns=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["town"].choices = BLANK + [(t.code, t.name) for t in towns]


class ParticipationForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
