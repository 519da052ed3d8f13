"""Forms of the inspection pages. They check types only; services decide what is allowed and why not."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anjian.core import dates
from anjian.core.forms import Form
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from anjian.hazards.forms import date_input, unit_choices
from anjian.hazards.models import Hazard
from anjian.org.choices import TOWN_AND_ABOVE, Role
from anjian.org.jurisdiction import assignments, restrict
from anjian.org.models import Department, Region, User
from anjian.registry.models import Enterprise

from . import rules
from .choices import ActionKind, DocumentKind, ItemResult, PenaltyTarget, PlanPeriod, SignerRole, VisitKind
from .models import Checklist, Inspection, InspectionPlan

WAN = {"max_digits": 10, "decimal_places": 2, "min_value": 0}


def colleagues(user) -> list[User]:
    """Who may go on a visit with `user`: the users of the same department or the same town."""
    q = Q(pk=user.pk)
    for a in assignments(user):
        if a.role == Role.DEPARTMENT and a.department_id:
            q |= Q(assignments__role=Role.DEPARTMENT, assignments__department_id=a.department_id)
        elif a.role in (Role.TOWN, Role.COUNTY_OFFICE) and a.region_id:
            q |= Q(assignments__role=a.role, assignments__region_id=a.region_id)
    return list(User.objects.filter(q, is_active=True).distinct().order_by("username"))


class UnitPickerMixin:
    """A unit radio list within the user's jurisdiction, narrowed by a search text (the hazard picker)."""

    def setup_unit(self, user, unit_query: str = "") -> None:
        units = restrict(user, Enterprise.objects.all()).order_by("name")
        field = self.fields["unit"]
        field.queryset = units
        selected = self.data.get("unit") if self.is_bound else self.initial.get("unit")
        field.choices = unit_choices(units, unit_query, getattr(selected, "pk", selected))
        self.unit_query = unit_query
        limit_past_dates(self)


def limit_past_dates(form: forms.Form) -> None:
    """The date inputs of things already done carry the server's bounds (anjian.core.dates): 2000 to today."""
    for name in ("visit_date", "decided_on", "issued_on", "reported_on"):
        if name in form.fields:
            dates.limit_input(form.fields[name], dates.EARLIEST, dates.today())


class VisitForm(UnitPickerMixin, Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Enterprise.objects.none(), widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices, initial=VisitKind.ROUTINE)
    visit_date = forms.DateField(label=_("Date"), widget=date_input())
    inspectors = forms.ModelMultipleChoiceField(
        label=_("Inspectors"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two for an enforcement visit."),
    )
    checklist = forms.ModelChoiceField(
        label=_("Checklist"),
        queryset=Checklist.objects.filter(is_active=True),
        required=False,
        empty_label=_("The checklist of the unit's sector"),
    )
    plan = forms.ModelChoiceField(
        label=_("Inspection plan"),
        queryset=InspectionPlan.objects.none(),
        required=False,
        empty_label=_("Not under a plan"),
    )
    experts = forms.CharField(label=_("Experts"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Notes"), required=False, max_length=DESCRIPTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, unit_query: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setup_unit(user, unit_query)
        people = colleagues(user)
        self.fields["inspectors"].queryset = User.objects.filter(pk__in=[u.pk for u in people]).order_by("username")
        self.fields["inspectors"].label_from_instance = lambda u: f"{u.full_name or u.username}（{u.username}）"
        self.fields["checklist"].queryset = Checklist.objects.filter(is_active=True).select_related("sector")
        department = rules.default_department(user)
        plans = InspectionPlan.objects.filter(department=department) if department else InspectionPlan.objects.none()
        self.fields["plan"].queryset = plans.order_by("-year", "-month", "title")
        self.fields["plan"].label_from_instance = plan_label
        if not plans.exists():
            self.fields["plan"].widget = forms.HiddenInput()


def plan_label(plan: InspectionPlan) -> str:
    period = f"{plan.year}-{plan.month:02d}" if plan.month else str(plan.year)
    return f"{period} {plan.title}"


class ResultForm(Form):
    result = forms.ChoiceField(label=_("Result"), choices=ItemResult.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )


class ExtraItemForm(ResultForm):
    """A finding that is not on the checklist."""

    text = forms.CharField(
        label=_("Check item"), max_length=DESCRIPTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=SignerRole.choices, widget=forms.HiddenInput)
    signer_name = forms.CharField(label=_("Name of the unit's representative"), max_length=40, required=False)
    signature = forms.CharField(required=False, widget=forms.HiddenInput)  # the pad's PNG as a data: URL


class ActionForm(UnitPickerMixin, Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionKind.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Enterprise.objects.none(), widget=forms.RadioSelect)
    hazard = forms.ModelChoiceField(label=_("Hazard"), queryset=Hazard.objects.none(), required=False)
    inspection = forms.ModelChoiceField(queryset=Inspection.objects.none(), required=False, widget=forms.HiddenInput)
    decided_on = forms.DateField(label=_("Date"), widget=date_input())
    description = forms.CharField(
        label=_("Facts and grounds"), max_length=DESCRIPTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    target = forms.ChoiceField(label=_("Penalised"), choices=[("", "—"), *PenaltyTarget.choices], required=False)
    unit_amount_wan = forms.DecimalField(label=_("Fine on the unit (10,000 yuan)"), required=False, **WAN)
    principal_amount_wan = forms.DecimalField(label=_("Fine on the principal (10,000 yuan)"), required=False, **WAN)
    dangerous_operation_crime = forms.BooleanField(label=_("Dangerous operation crime (危险作业罪)"), required=False)
    referred_people = forms.IntegerField(label=_("People referred"), min_value=0, initial=0, required=False)

    def __init__(self, *args, user, unit_query: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setup_unit(user, unit_query)
        self.fields["inspection"].queryset = restrict(user, Inspection.objects.all())
        unit_id = self.data.get("unit") if self.is_bound else getattr(self.initial.get("unit"), "pk", None)
        hazards = restrict(user, Hazard.objects.all())
        if str(unit_id or "").isdigit():
            hazards = hazards.filter(unit_id=unit_id)
            shown = [(h.pk, f"#{h.pk} {h.description[:30]}") for h in hazards.order_by("-pk")[:50]]
        else:
            shown = []
        self.fields["hazard"].queryset = hazards
        self.fields["hazard"].choices = [("", "—"), *shown]

    def service_fields(self) -> dict:
        c = self.cleaned_data
        return {
            "unit": c["unit"],
            "kind": c["kind"],
            "decided_on": c["decided_on"],
            "description": c["description"],
            "inspection": c.get("inspection"),
            "hazard": c.get("hazard"),
            "target": c.get("target") or "",
            "unit_amount_wan": c.get("unit_amount_wan"),
            "principal_amount_wan": c.get("principal_amount_wan"),
            "dangerous_operation_crime": bool(c.get("dangerous_operation_crime")),
            "referred_people": c.get("referred_people") or 0,
        }


class DocumentForm(UnitPickerMixin, Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Enterprise.objects.none(), widget=forms.RadioSelect)
    issued_on = forms.DateField(label=_("Issued on"), widget=date_input())
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=date_input(),
        required=False,
        help_text=_("For an order to rectify within a time limit: the day by which it is rectified."),
    )
    facts = forms.CharField(
        label=_("Facts found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leave empty to take the failed items of the visit."),
    )
    decision = forms.CharField(
        label=_("Legal basis and decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leave empty for the standard text of the kind."),
    )

    def __init__(self, *args, user, unit_query: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setup_unit(user, unit_query)
        departments = rules.office_departments(user)
        if departments is None:
            ids = [a.department_id for a in assignments(user) if a.role == Role.DEPARTMENT and a.department_id]
            departments = Department.objects.filter(pk__in=ids)
        self.fields["department"].queryset = departments.order_by("id")
        if departments.count() == 1:
            self.fields["department"].initial = departments.first()


class TypicalForm(Form):
    reported_on = forms.DateField(label=_("Reported to the county office on"), widget=date_input(), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_past_dates(self)


class PeriodForm(Form):
    """The period and jurisdiction of the figures page."""

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(level__in=TOWN_AND_ABOVE).order_by("code"),  # offered: the user's (areas)
        required=False,
        to_field_name="code",
        empty_label=_("All of my jurisdiction"),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("To"), required=False, widget=date_input())


class PlanForm(Form):
    """年度/月度执法计划. The county office chooses the department; a department user gets their own."""

    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    period = forms.ChoiceField(label=_("Period"), choices=PlanPeriod.choices, initial=PlanPeriod.MONTH)
    year = forms.IntegerField(label=_("Year"))
    month = forms.IntegerField(label=_("Month"), required=False, help_text=_("1 to 12; for a monthly plan only."))
    title = forms.CharField(label=_("Title"), max_length=120)
    target_visits = forms.IntegerField(label=_("Planned visits"), min_value=0, initial=0)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=DESCRIPTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        departments = rules.office_departments(user)
        if departments is None:
            departments = Department.objects.filter(pk__in=[d.pk for d in rules.own_departments(user)])
        self.fields["department"].queryset = departments.order_by("id")
        if departments.count() == 1:
            self.fields["department"].initial = departments.first()
            self.fields["department"].widget = forms.HiddenInput()


class ChecklistForm(Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    is_active = forms.BooleanField(label=_("In use"), required=False)


class ChecklistItemForm(Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=1_000_000, initial=0)
    group = forms.CharField(label=_("Group"), max_length=80, required=False)
    text = forms.CharField(
        label=_("Check item"), max_length=DESCRIPTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


ChecklistItemFormSet = forms.formset_factory(ChecklistItemForm, extra=3, can_delete=True)
