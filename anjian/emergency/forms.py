"""Forms of the emergency pages. They check types only; the services decide what is allowed and why not (their
refusals come back as errors on these forms). Every date input carries the server's bounds (core.dates)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from anjian.core import dates
from anjian.core.forms import Form
from anjian.core.validators import DESCRIPTION_MAX_LENGTH
from anjian.hazards.forms import PhotosField, date_input, unit_choices
from anjian.org.areas import choose_county, departments_for
from anjian.org.jurisdiction import restrict
from anjian.org.models import Department, Region, Sector
from anjian.registry.models import Enterprise

from . import access
from .choices import AccidentGrade, DrillKind, InvestigationLevel, InvestigationStatus, PlanKind, Reporting
from .models import MAX_CASUALTIES, MAX_PARTICIPANTS, MAX_PEOPLE, EmergencyPlan
from .services.common import AHEAD_DAYS

UNIT = "unit"  # the owner choice "a registry unit, chosen below"
PLANS_SHOWN = 200


def _past(form, *names) -> None:
    for name in names:
        dates.limit_input(form.fields[name], dates.EARLIEST, dates.today())


def _text(label, required=False, limit=DESCRIPTION_MAX_LENGTH, rows=3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=limit, widget=forms.Textarea(attrs={"rows": rows})
    )


def _under_county(user, regions):
    """`regions` of the user's county (their first, for an office of several): never a province's towns."""
    county = choose_county(user)
    return regions.filter(path__startswith=county.path) if county is not None else regions.none()


class DocumentField(forms.FileField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,image/*"}))
        super().__init__(**kwargs)


class OwnerForm(Form):
    """The owner of a drill or a plan: a registry unit (picked by a search), a department, a town or the county.
    A unit's own user records for its unit only: the choice is not shown."""

    owner = forms.ChoiceField(label=_("Organiser"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Enterprise.objects.none(), required=False,
                                  widget=forms.RadioSelect)  # fmt: skip

    def setup_owner(self, user, unit_query: str = "") -> None:
        self.own_unit = not access.may_office(user)
        others = access.owners_for(user)
        self.fields["owner"].choices = [(UNIT, _("A unit (choose it below)")), *others]
        units = restrict(user, Enterprise.objects.all()).order_by("name")
        self.fields["unit"].queryset = units
        selected = self.data.get("unit") if self.is_bound else self.initial.get("unit")
        self.fields["unit"].choices = unit_choices(units, unit_query, getattr(selected, "pk", selected))
        self.unit_query = unit_query
        if self.own_unit:
            self.fields["owner"].widget = forms.HiddenInput()
            self.fields["unit"].widget = forms.HiddenInput()

    def owner_values(self) -> dict:
        """The owner as the services take it: enterprise, or department, or region (a town or the county)."""
        data = self.cleaned_data
        key = data.get("owner") or ""
        if key == UNIT:
            return {"enterprise": data.get("unit")}
        if key.startswith("d") and key[1:].isdigit():
            return {"department": Department.objects.select_related("region").filter(pk=int(key[1:])).first()}
        if key.startswith("r") and key[1:].isdigit():
            return {"region": Region.objects.filter(pk=int(key[1:])).first()}
        return {}


class DrillForm(OwnerForm):
    town = forms.ModelChoiceField(
        label=_("Town where it was held"), queryset=Region.objects.none(), required=False,
        help_text=_("For a department's drill held in a town."),
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("Kind of drill"), choices=DrillKind.choices)
    unscripted = forms.BooleanField(
        label=_("Unscripted drill (无脚本)"), required=False,
        help_text=_("Its plan is filed before the day of the drill (兴安办〔2024〕80号: 无脚本演练预案按时报备)."),
    )  # fmt: skip
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Left empty: the kind of drill."))  # fmt: skip
    planned_on = forms.DateField(label=_("Planned for"), required=False, widget=date_input())
    filed_on = forms.DateField(label=_("Drill plan filed on"), required=False, widget=date_input())
    held_on = forms.DateField(label=_("Day held"), required=False, widget=date_input())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    participants = forms.IntegerField(label=_("Number taking part"), min_value=1, max_value=MAX_PARTICIPANTS,
                                      required=False)  # fmt: skip
    plan = forms.ModelChoiceField(label=_("Emergency plan exercised"), queryset=EmergencyPlan.objects.none(),
                                  required=False)  # fmt: skip
    evaluation = _text(_("Evaluation"))
    improvements = _text(_("Improvements"))
    plan_needs_revision = forms.BooleanField(
        label=_("The plan is to be revised"), required=False,
        help_text=_("The drill found the plan wanting: it is marked for revision."),
    )  # fmt: skip
    photos = PhotosField()

    def __init__(self, *args, user, unit_query: str = "", drill=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setup_owner(user, unit_query)
        self.fields["town"].queryset = _under_county(user, Region.objects.filter(level="town")).order_by("code")
        plans = restrict(user, EmergencyPlan.objects.filter(current=True)).select_related("enterprise")
        if drill is not None and drill.enterprise_id:
            plans = plans.filter(enterprise=drill.enterprise)
        elif not self.own_unit:
            plans = plans.filter(enterprise__isnull=True)
        if drill is not None and drill.plan_id:
            plans = plans | EmergencyPlan.objects.filter(pk=drill.plan_id)
        plans = plans.order_by("title", "pk")
        self.fields["plan"].queryset = plans
        self.fields["plan"].choices = [("", "—"), *((p.pk, str(p)) for p in plans[:PLANS_SHOWN])]
        _past(self, "filed_on", "held_on")
        dates.limit_input(self.fields["planned_on"], dates.EARLIEST, dates.today() + dt.timedelta(days=AHEAD_DAYS))

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("owner", "unit", "photos", "town"):
            data.pop(name, None)
        owner = self.owner_values()
        if "department" in owner and self.cleaned_data.get("town") is not None:
            owner["region"] = self.cleaned_data["town"]
        return {**data, **owner}


class PlanForm(OwnerForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of plan"), choices=PlanKind.choices)
    version = forms.CharField(label=_("Version"), max_length=20, help_text=_("e.g. 2024版"))
    issued_on = forms.DateField(label=_("Day issued"), widget=date_input())
    filed_on = forms.DateField(label=_("Filed on"), required=False, widget=date_input())
    filed_with = forms.ModelChoiceField(label=_("Filed with"), queryset=Department.objects.order_by("name"),
                                        required=False)  # fmt: skip
    evaluated_on = forms.DateField(label=_("Last evaluated on"), required=False, widget=date_input(),
                                   help_text=_("Evaluated every three years (应急管理部令第2号 第三十五条)."))  # fmt: skip
    needs_revision = forms.BooleanField(label=_("To be revised"), required=False)
    revision_reason = _text(_("Why it is to be revised"), rows=2)
    document = DocumentField(label=_("Plan document"))

    def __init__(self, *args, user, unit_query: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setup_owner(user, unit_query)
        self.fields["filed_with"].queryset = departments_for(user).order_by("name")
        _past(self, "issued_on", "filed_on", "evaluated_on")

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("owner", "unit", "document"):
            data.pop(name, None)
        return {**data, **self.owner_values()}


class ReviseForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    version = forms.CharField(label=_("New version"), max_length=20)
    issued_on = forms.DateField(label=_("Day issued"), widget=date_input())
    document = DocumentField(label=_("Plan document"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _past(self, "issued_on")


class AccidentForm(Form):
    occurred_at = forms.DateTimeField(label=_("Occurred at"),
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))  # fmt: skip
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Enterprise.objects.none(), required=False,
                                  widget=forms.RadioSelect)  # fmt: skip
    unit_name = forms.CharField(label=_("Unit name"), max_length=120, required=False,
                                help_text=_("For a unit not in the registry."))  # fmt: skip
    region = forms.ModelChoiceField(label=_("Town or village"), queryset=Region.objects.none(), required=False)
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    deaths = forms.IntegerField(label=_("Deaths"), min_value=0, max_value=MAX_CASUALTIES, initial=0)
    serious_injuries = forms.IntegerField(label=_("Serious injuries"), min_value=0, max_value=MAX_CASUALTIES, initial=0)
    direct_loss = forms.DecimalField(label=_("Direct economic loss (10,000 yuan)"), min_value=0, max_digits=12,
                                     decimal_places=2, initial=0)  # fmt: skip
    grade = forms.ChoiceField(label=_("Accident grade"), choices=[("", _("By the numbers")), *AccidentGrade.choices],
                              required=False)  # fmt: skip
    summary = _text(_("What happened"), required=True)
    reporting = forms.ChoiceField(label=_("Reporting"), choices=Reporting.choices)
    investigation_status = forms.ChoiceField(label=_("Investigation"), choices=InvestigationStatus.choices)
    investigation_level = forms.ChoiceField(label=_("Investigated by"),
                                            choices=[("", "—"), *InvestigationLevel.choices], required=False)  # fmt: skip
    conclusion = _text(_("Conclusion"))
    report = DocumentField(label=_("Investigation report"))

    def __init__(self, *args, user, unit_query: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = restrict(user, Enterprise.objects.all()).order_by("name")
        self.fields["unit"].queryset = units
        selected = self.data.get("unit") if self.is_bound else self.initial.get("unit")
        self.fields["unit"].choices = [("", _("Not in the registry")),
                                       *unit_choices(units, unit_query, getattr(selected, "pk", selected))]  # fmt: skip
        self.unit_query = unit_query
        self.fields["region"].queryset = _under_county(
            user, Region.objects.filter(level__in=("town", "village"))
        ).order_by("code")
        self.fields["occurred_at"].widget.attrs["min"] = f"{dates.EARLIEST:%Y-%m-%d}T00:00"

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("report", None)
        data["enterprise"] = data.pop("unit", None)
        return data


class NamePlacesForm(Form):
    """Name several crowded places at once, from the candidates listed (units of 50 people or more)."""

    units = forms.ModelMultipleChoiceField(label=_("Places"), queryset=Enterprise.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)  # fmt: skip
    counted_from = forms.DateField(label=_("Drills count from"), widget=date_input())
    required_by = forms.DateField(label=_("Required by"), widget=date_input())
    source = forms.CharField(label=_("Source notice"), max_length=120)
    people = forms.IntegerField(label=_("People at each place"), min_value=50, max_value=MAX_PEOPLE, required=False,
                                help_text=_("Left empty: each unit's staff."))  # fmt: skip

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = candidates
        _past(self, "counted_from")
        dates.limit_input(self.fields["required_by"], dates.EARLIEST, dates.today() + dt.timedelta(days=AHEAD_DAYS))
