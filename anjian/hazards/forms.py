"""Forms of the hazard pages: registration and one small form per action.

The forms only check types; whether an action is possible, and which fields it needs, is decided by
services.perform and rules (their refusals come back as errors on these forms).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.org.choices import Role
from anjian.org.jurisdiction import restrict, roles
from anjian.org.models import Sector
from anjian.registry.models import Enterprise
from anjian.registry.services import responsible_unit_choices

from .choices import Grade, Source, SupervisionKind, SupervisionLevel
from .models import Criterion

# The source a registration starts with, by the registering person's role.
DEFAULT_SOURCE = {
    Role.GRID_WORKER: Source.GRID_PATROL,
    Role.ENTERPRISE: Source.SELF_CHECK,
    Role.DEPARTMENT: Source.DEPARTMENT_INSPECTION,
    Role.EXPERT: Source.EXPERT,
    Role.TOWN: Source.DEPARTMENT_INSPECTION,
    Role.COUNTY_OFFICE: Source.SUPERVISION,
}
UNIT_CHOICES_SHOWN = 20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from one input; each is checked by core.attachments.store_image when stored."""

    def __init__(self, **kwargs) -> None:
        attrs = {"accept": "image/*", "capture": "environment", "multiple": True}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Photos"))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotosField, self).clean(f, initial) for f in files if f]


def comment_field(label=None) -> forms.CharField:
    return forms.CharField(label=label or _("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegisterForm(forms.Form):
    """登记 on a phone: the unit, what is wrong, where, and photos from the camera."""

    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Enterprise.objects.none(), widget=forms.RadioSelect, required=False
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000})
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("Same as the unit"),
        to_field_name="code",
    )
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    location = forms.CharField(
        label=_("Location"),
        required=False,
        max_length=200,
        help_text=_("Where on the site, e.g. building 3, east stair."),
    )
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    photos = PhotosField()

    def __init__(self, *args, user, unit_query: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = restrict(user, Enterprise.objects.all()).order_by("name")
        self.fields["unit"].queryset = units
        user_roles = roles(user)
        self.fields["source"].initial = next(
            (DEFAULT_SOURCE[r] for r in DEFAULT_SOURCE if r in user_roles), Source.GRID_PATROL
        )
        self.unit_query = unit_query
        self.fields["unit"].choices = unit_choices(units, unit_query, self.data.get("unit") if self.is_bound else None)
        self.fields["description"].widget.attrs["placeholder"] = _("What is wrong, and how serious is it?")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("unit") is None and not self.has_error("unit"):
            self.add_error("unit", _("Choose the unit where the hazard is."))
        return cleaned


def unit_choices(units, query: str = "", selected=None) -> list[tuple[int, str]]:
    """The units shown as choices: the search matches (a few), and the chosen unit always."""
    shown = units.filter(name__icontains=query.strip()) if query.strip() else units
    rows = list(shown.values_list("pk", "name")[:UNIT_CHOICES_SHOWN])
    if selected and str(selected).isdigit() and int(selected) not in {pk for pk, _n in rows}:
        rows = list(units.filter(pk=int(selected)).values_list("pk", "name")) + rows
    return rows


class AssessForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, widget=forms.RadioSelect, required=False)
    criterion = forms.ModelChoiceField(
        label=_("Criterion met"),
        queryset=Criterion.objects.all(),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("For a major hazard: the item of the national determination criteria it meets."),
    )
    major_reason = forms.CharField(
        label=_("Reason for grading as major"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only where no determination standard exists for the sector."),
    )
    comment = comment_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        chosen = self.data.get("criterion") if self.is_bound else None
        if chosen and str(chosen).isdigit():
            items = Criterion.objects.filter(pk=int(chosen)).select_related("document")
            self.fields["criterion"].choices = [(c.pk, criterion_label(c)) for c in items]
        else:
            self.fields["criterion"].choices = []

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["criterion"] = data["criterion"].pk if data.get("criterion") else None
        return data


def criterion_label(c: Criterion) -> str:
    return f"{c.document.title}（{c.document.doc_number}）{c.article}{c.item}：{c.text}"


class PlanForm(forms.Form):
    """五到位: responsibility, measures, funds, deadline and contingency plan."""

    responsible_person = forms.CharField(label=_("Responsible person"), required=False, max_length=40)
    measures = forms.CharField(label=_("Measures"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    funds = forms.DecimalField(
        label=_("Funds (yuan)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=date_input())
    contingency_plan = forms.CharField(
        label=_("Contingency plan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    comment = comment_field()


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Progress"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    substantive = forms.BooleanField(
        label=_("Substantive progress"),
        required=False,
        help_text=_("A real step of the rectification, not only a plan or a meeting."),
    )
    photos = PhotosField()


class CommentPhotosForm(forms.Form):
    comment = comment_field()
    photos = PhotosField()


class ReportForm(forms.Form):
    comment = comment_field()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    comment = comment_field()


class CoordinateForm(forms.Form):
    responsible_unit = forms.ChoiceField(label=_("Responsible unit"), required=False)
    deadline = forms.DateField(label=_("New deadline"), required=False, widget=date_input())
    comment = comment_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].choices = [("", "---------"), *responsible_unit_choices()]


class SuperviseForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=SupervisionLevel.choices, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=SupervisionKind.choices, required=False)
    document = forms.CharField(
        label=_("Document name and number"),
        required=False,
        max_length=200,
        help_text=_("Required for a listing, e.g. 兴安委办字〔2024〕12号."),
    )
    listed_on = forms.DateField(label=_("Date"), required=False, widget=date_input())
    comment = comment_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["listed_on"].initial = timezone.localdate()


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "assess": AssessForm,
    "report": ReportForm,
    "fix_on_spot": CommentPhotosForm,
    "plan": PlanForm,
    "progress": ProgressForm,
    "submit_fix": CommentPhotosForm,
    "verify": CommentPhotosForm,
    "reject": ReasonForm,
    "escalate": ReasonForm,
    "coordinate": CoordinateForm,
    "supervise": SuperviseForm,
}


def service_fields(form: forms.Form) -> dict:
    """What services.perform receives: the cleaned data, empty values left out."""
    data = form.service_fields() if hasattr(form, "service_fields") else dict(form.cleaned_data)
    return {k: v for k, v in data.items() if v not in (None, "", [])}
