"""Forms of the work pages. They check types only; services decide what is allowed and why not."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from anjian.core import dates
from anjian.core.forms import Form
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import restrict
from anjian.org.models import Department, Region
from anjian.registry.models import Enterprise

from . import rules
from .choices import InspectorKind, WorkKind
from .models import MAX_PEOPLE

ENTERPRISES_SHOWN = 20


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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


def unit_choices(units: list[rules.Unit]) -> list:
    """The units to choose from, grouped: the county office, the departments, the towns."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for unit in units:
        if unit.department is not None:
            group = _("Departments")
        elif unit.region.level == RegionLevel.TOWN:
            group = _("Towns")
        else:
            group = _("County safety committee office")
        groups.setdefault(str(group), []).append((unit.key, unit.label))
    if len(units) == 1:
        return [(units[0].key, units[0].label)]
    return list(groups.items())


def resolve_unit_key(key: str) -> tuple[Region | None, Department | None]:
    """(region, department) of a unit key ("r<id>" a town or the county, "d<id>" a department)."""
    if key.startswith("d") and key[1:].isdigit():
        return None, Department.objects.select_related("region").filter(pk=int(key[1:])).first()
    if key.startswith("r") and key[1:].isdigit():
        return Region.objects.filter(pk=int(key[1:])).first(), None
    return None, None


def enterprise_choices(user, query: str = "", selected=None) -> list[tuple[int, str]]:
    """The enterprises shown to choose from: a few matching the search text, and the chosen one always."""
    units = restrict(user, Enterprise.objects.all()).order_by("name")
    shown = units.filter(name__icontains=query.strip()) if query.strip() else units
    rows = list(shown.values_list("pk", "name")[:ENTERPRISES_SHOWN])
    if selected and str(selected).isdigit() and int(selected) not in {pk for pk, _n in rows}:
        rows = list(units.filter(pk=int(selected)).values_list("pk", "name")) + rows
    return rows


class WorkRecordForm(Form):
    unit = forms.ChoiceField(label=_("Unit"))
    kind = forms.ChoiceField(label=_("Kind"), choices=WorkKind.choices)
    date = forms.DateField(label=_("Date"), widget=date_input())
    title = forms.CharField(label=_("Title"), max_length=200)
    place = forms.CharField(label=_("Place or unit visited"), max_length=200, required=False)
    people = forms.IntegerField(
        label=_("People"),
        min_value=0,
        max_value=MAX_PEOPLE,
        required=False,
        help_text=_("人次 trained, or persons held accountable."),
    )
    town = forms.ModelChoiceField(label=_("Town concerned"), queryset=Region.objects.none(), required=False)
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise visited"), queryset=Enterprise.objects.none(), required=False, widget=forms.RadioSelect
    )
    participants = forms.CharField(
        label=_("Participants and leaders"),
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Note"), max_length=DESCRIPTION_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        help_text=_("JPEG, PNG or WebP photos; PDF, Word (.docx) or Excel (.xlsx) documents."),
    )

    def __init__(self, *args, user, enterprise_query: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(rules.units_for(user))
        self.fields["town"].queryset = rules.towns_for(user)
        enterprises = restrict(user, Enterprise.objects.all())
        self.fields["enterprise"].queryset = enterprises
        selected = self.data.get("enterprise") if self.is_bound else self.initial.get("enterprise")
        self.fields["enterprise"].choices = enterprise_choices(
            user, enterprise_query, getattr(selected, "pk", selected)
        )
        self.enterprise_query = enterprise_query
        dates.limit_input(self.fields["date"], dates.EARLIEST, dates.today())

    def service_values(self) -> dict:
        """The cleaned values as the service takes them (the unit key split into region and department)."""
        data = dict(self.cleaned_data)
        data.pop("files", None)
        region, department = resolve_unit_key(data.pop("unit"))
        return {**data, "region": region, "department": department}


class InspectorForm(Form):
    unit = forms.ChoiceField(label=_("Unit"))
    name = forms.CharField(label=_("Name"), max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectorKind.choices)
    since = forms.DateField(label=_("Serving since"), widget=date_input())

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = [u for u in rules.units_for(user) if u.department is not None or u.region.level == RegionLevel.TOWN]
        self.fields["unit"].choices = unit_choices(units)
        dates.limit_input(self.fields["since"], dates.EARLIEST, dates.today())

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        region, department = resolve_unit_key(data.pop("unit"))
        return {**data, "region": region, "department": department}


class EndServiceForm(Form):
    until = forms.DateField(label=_("Last day of service"), widget=date_input())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        dates.limit_input(self.fields["until"], dates.EARLIEST, dates.today())
