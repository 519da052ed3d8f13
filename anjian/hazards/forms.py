"""Forms of the hazard pages: registration and one small form per action.

The forms only check types; whether an action is possible, and which fields it needs, is decided by
services.perform and rules (their refusals come back as errors on these forms).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anjian.core import dates
from anjian.core.forms import Form
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from anjian.org.choices import Role
from anjian.org.jurisdiction import restrict, roles
from anjian.org.models import Sector
from anjian.registry.choices import UnitKind
from anjian.registry.models import Enterprise
from anjian.registry.services import SPOT_KINDS, responsible_unit_choices, spot_home

from .choices import Grade, Source, State, SupervisionKind, SupervisionLevel
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
    return forms.CharField(
        label=label or _("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def deadline_reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason for a deadline more than a year ahead"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def limit_dates(form: forms.Form, hazard) -> None:
    """The date inputs of an action carry the bounds services.perform enforces (anjian.core.dates)."""
    found, today = dates.day_of(hazard.found_at), dates.today()
    first_plan = isinstance(form, PlanForm) and hazard.state != State.RECTIFYING
    bounds = {
        "deadline": (today if first_plan else found, dates.deadline_ceiling("reason")),
        "listed_on": (found, today),
    }
    for name, (floor, ceiling) in bounds.items():
        if name in form.fields:
            dates.limit_input(form.fields[name], floor, ceiling)


class RegisterForm(Form):
    """登记 on a phone: the unit, what is wrong, where, and photos from the camera."""

    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Enterprise.objects.none(), widget=forms.RadioSelect, required=False
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
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
    # A place not yet in the registry (registry.services.record_spot_unit): grid workers and towns only.
    new_unit_name = forms.CharField(label=_("Name of the place"), required=False, max_length=120)
    new_unit_kind = forms.ChoiceField(label=_("Kind of place"), required=False)
    new_unit_address = forms.CharField(label=_("Address"), required=False, max_length=200)

    def __init__(self, *args, user, unit_query: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if spot_home(user) is None:
            for name in SPOT_FIELDS:
                del self.fields[name]
        else:
            kinds = dict(UnitKind.choices)
            self.fields["new_unit_kind"].choices = [("", "---------"), *((k, kinds[k]) for k in SPOT_KINDS)]
            self.fields["new_unit_name"].widget.attrs["placeholder"] = _("e.g. 张三水果摊, 李四自建房, 村道X线K3")
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
        new_place = any(cleaned.get(name) for name in SPOT_FIELDS)
        if new_place and cleaned.get("unit") is not None:
            self.add_error("unit", _("Choose a unit of the registry or record a new place, not both."))
        elif cleaned.get("unit") is None and not new_place and not self.has_error("unit"):
            self.add_error("unit", _("Choose the unit where the hazard is."))
        return cleaned

    def spot_unit(self) -> dict | None:
        """The new place to record (record_spot_unit's arguments), or None when a unit was chosen."""
        c = self.cleaned_data
        if not any(c.get(name) for name in SPOT_FIELDS):
            return None
        return {"name": c["new_unit_name"], "kind": c["new_unit_kind"], "address": c["new_unit_address"]}


SPOT_FIELDS = ("new_unit_name", "new_unit_kind", "new_unit_address")


def unit_choices(units, query: str = "", selected=None) -> list[tuple[int, str]]:
    """The units shown as choices: the search matches (a few), and the chosen unit always."""
    shown = units.filter(name__icontains=query.strip()) if query.strip() else units
    rows = list(shown.values_list("pk", "name")[:UNIT_CHOICES_SHOWN])
    if selected and str(selected).isdigit() and int(selected) not in {pk for pk, _n in rows}:
        rows = list(units.filter(pk=int(selected)).values_list("pk", "name")) + rows
    return rows


class AssessForm(Form):
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
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only where no determination standard exists for the sector."),
    )
    reason = forms.CharField(
        label=_("Reason for changing the grade"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the hazard already has a different grade."),
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


class PlanForm(Form):
    """五到位: responsibility, measures, funds, deadline and contingency plan."""

    responsible_person = forms.CharField(label=_("Responsible person"), required=False, max_length=40)
    measures = forms.CharField(
        label=_("Measures"), required=False, max_length=DESCRIPTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    funds = forms.DecimalField(
        label=_("Funds (yuan)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=date_input())
    deadline_reason = deadline_reason_field()
    contingency_plan = forms.CharField(
        label=_("Contingency plan"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = comment_field()


class ProgressForm(Form):
    text = forms.CharField(
        label=_("Progress"), required=False, max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    substantive = forms.BooleanField(
        label=_("Substantive progress"),
        required=False,
        help_text=_("A real step of the rectification, not only a plan or a meeting."),
    )
    photos = PhotosField()


class CommentPhotosForm(Form):
    comment = comment_field()
    photos = PhotosField()


class ReportForm(Form):
    comment = comment_field()


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    comment = comment_field()


class CoordinateForm(Form):
    responsible_unit = forms.ChoiceField(label=_("Responsible unit"), required=False)
    deadline = forms.DateField(label=_("New deadline"), required=False, widget=date_input())
    deadline_reason = deadline_reason_field()
    comment = comment_field()

    def for_hazard(self, hazard) -> None:
        """The departments and towns of the hazard's county."""
        self.fields["responsible_unit"].choices = [("", "---------"), *responsible_unit_choices(hazard.region)]


class SuperviseForm(Form):
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

    def for_user(self, user) -> None:
        """Only the levels the user may supervise at (rules.SUPERVISION_ROLES), their own level first chosen."""
        from .rules import SUPERVISION_ROLES

        held = roles(user)
        levels = [c for c in SupervisionLevel.choices if user.is_superuser or held & SUPERVISION_ROLES[c[0]]]
        self.fields["level"].choices = levels or SupervisionLevel.choices
        own = next((level for role, level in OWN_SUPERVISION_LEVEL.items() if role in held), None)
        self.fields["level"].initial = own or (levels[0][0] if levels else None)


# The level a user supervises at by default: their own (the county office records a city listing by choice).
OWN_SUPERVISION_LEVEL = {
    Role.TOWN: SupervisionLevel.TOWN,
    Role.DEPARTMENT: SupervisionLevel.COUNTY,
    Role.COUNTY_OFFICE: SupervisionLevel.COUNTY,
}


def mark_required(form: forms.Form, names) -> None:
    """The fields services.required_fields names, for assistive technology as well as the * mark."""
    for name in names:
        if name in form.fields:
            form.fields[name].widget.attrs["aria-required"] = "true"


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
