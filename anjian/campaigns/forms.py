"""The campaigns' web forms: start a campaign from a template, type a report's figures, return a report."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.core.forms import Form
from anjian.core.validators import COMMENT_MAX_LENGTH

from .dispatch import CELLS


class StartForm(Form):
    template = forms.ChoiceField(label=_("Template"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    county = forms.ChoiceField(label=_("County"))

    def __init__(self, *args, templates: dict, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(code, t["title"]) for code, t in templates.items()]
        self.fields["county"].choices = [(c.code, c.name) for c in counties]
        self.fields["year"].initial = timezone.localdate().year


class ReportForm(Form):
    """One text box a typed cell (computed cells are shown, never typed), and a note."""

    note = forms.CharField(label=_("Note"), required=False, max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea)

    def __init__(self, *args, typed: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for key, cell in CELLS.items():
            if cell.computed:
                continue
            self.fields[key] = forms.CharField(
                label=cell.label,
                required=False,
                max_length=20,
                initial=typed.get(key, ""),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control form-control-sm"}),
            )
        self.order_fields([k for k in CELLS if not CELLS[k].computed] + ["note"])

    def typed_values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "note"}


class ReturnForm(Form):
    reason = forms.CharField(label=_("Reason for return"), max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea)


class NoticeForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    salutation = forms.CharField(label=_("Addressed to"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text (paragraphs separated by a blank line)"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    number_prefix = forms.CharField(label=_("Number prefix"), max_length=20)
    issuer = forms.CharField(label=_("Issued by"), max_length=80)

    def __init__(self, *args, instance_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        if instance_values is not None:
            for name in self.fields:
                self.fields[name].initial = getattr(instance_values, name)
