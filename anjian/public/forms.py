"""Forms of the public pages (the report, following it) and of the receiving units' pages. They check types only;
what is allowed is decided by `services` and `rules`, whose refusals come back as errors on these forms."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anjian.core import dates
from anjian.core.forms import Form, ModelForm
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from anjian.hazards.forms import MultipleFileInput
from anjian.org.jurisdiction import restrict
from anjian.org.models import Department, Region, Sector
from anjian.registry.choices import UnitKind
from anjian.registry.models import Enterprise
from anjian.registry.services import SPOT_KINDS

from . import antispam, routing
from .choices import Outcome, PaymentMeans, RewardBasis
from .models import ReportPolicy
from .models.cases import TITLE_MAX_LENGTH
from .rules import CLOSE_OUTCOMES
from .services import units
from .services.common import MAX_PHOTOS

ANONYMOUS, NAMED = "anonymous", "named"


class PublicPhotosField(forms.FileField):
    """Several photos from the camera or the gallery; each is checked when stored (core.attachments)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True})
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PublicPhotosField, self).clean(f, initial) for f in files if f]


def _grouped(regions, first: tuple) -> list:
    """Choices of regions by code, grouped under their parent's name where they have several parents."""
    if len({r.parent_id for r in regions}) <= 1:
        return [first, *((r.code, r.name) for r in regions)]
    groups: dict = {}
    for r in regions:
        groups.setdefault(r.parent.name if r.parent else "", []).append((r.code, r.name))
    return [first, *groups.items()]


class ReportForm(Form):
    """举报: what, where, when, photos, the unit if known, and anonymous or by name."""

    description = forms.CharField(
        label=_("What is wrong"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you saw, e.g. fireworks stored in a shop where people live, a blocked fire exit."),
    )
    county = forms.ChoiceField(label=_("County (district)"), required=False,
                               help_text=_("Choose the county first: its towns are then listed."))  # fmt: skip
    town = forms.ChoiceField(label=_("Town (township, park)"))
    address = forms.CharField(
        label=_("Address"), max_length=200, required=False, help_text=_("Village, street, building; or a landmark.")
    )
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    observed_on = forms.DateField(
        label=_("When you saw it"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sector = forms.ChoiceField(label=_("Kind of place"), required=False)
    unit_name = forms.CharField(label=_("Name of the unit, if known"), max_length=120, required=False)
    photos = PublicPhotosField(label=_("Photos"), help_text=_("Up to %(n)d photos. Their location data is removed.")
                               % {"n": MAX_PHOTOS})  # fmt: skip
    identity = forms.ChoiceField(
        label=_("Who is reporting"),
        choices=[(ANONYMOUS, _("Anonymous")), (NAMED, _("By name, with my phone number (for the reward)"))],
        initial=ANONYMOUS,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Your name"), max_length=40, required=False)
    phone = forms.CharField(label=_("Your phone number"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))  # fmt: skip
    unit_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args, unit=None, **kwargs) -> None:
        """`unit`: the registered unit whose public page (signboard QR code) the reporter came from."""
        if unit is not None:
            town = units.town_of(unit)
            kwargs["initial"] = {"unit_token": unit.public_token, "unit_name": unit.name, "sector": unit.sector.code,
                                 "town": town.code if town else "", **kwargs.get("initial", {})}  # fmt: skip
        super().__init__(*args, **kwargs)
        self._choose_place()
        sectors = [(s.code, s.name) for s in Sector.objects.all()]
        self.fields["sector"].choices = [("", _("Not sure")), *sectors]
        dates.limit_input(self.fields["observed_on"], dates.EARLIEST, dates.today())
        if not self.is_bound:
            self.initial["started"] = antispam.stamp()

    def _choose_place(self) -> None:
        """One county: its towns. Several (a city's or a province's installation): the county first, and the towns
        of the county chosen (or of the unit's); a town of another county is not a valid choice."""
        counties = list(routing.counties())
        if len(counties) <= 1:
            del self.fields["county"]
            self.fields["town"].choices = _grouped(list(routing.towns()), ("", _("Choose the town")))
            return
        self.fields["county"].choices = _grouped(counties, ("", _("Choose the county")))
        self.fields["county"].widget.attrs |= {"data-towns": reverse("public:report_towns"),
                                               "data-choose-town": _("Choose the town")}  # fmt: skip
        code = self.data.get("county") if self.is_bound else self.initial.get("county")
        if not code:  # a report sent back without a county, or from a unit's signboard: the town's county
            town = str((self.data.get("town") if self.is_bound else self.initial.get("town")) or "")
            found = routing.towns().filter(code=town)[:1] if town.isdigit() and len(town) <= 15 else []
            code = next((t.parent.code for t in found if t.parent_id), "")
            self.initial["county"] = code
        county = next((c for c in counties if c.code == code), None)
        if county is None:
            self.fields["town"].choices = [("", _("Choose the county first"))]
            return
        self.fields["town"].choices = [("", _("Choose the town")), *((t.code, t.name) for t in routing.towns(county))]

    def values(self) -> dict:
        """The cleaned form as services.submit takes it."""
        data = dict(self.cleaned_data)
        data["anonymous"] = data.pop("identity") != NAMED
        for name in ("started", "website", "photos", "county"):
            data.pop(name, None)
        if data["anonymous"]:  # a reporter who switched back to anonymous: what was typed is not kept
            data["name"] = data["phone"] = ""
        return data


class TrackForm(Form):
    code = forms.CharField(label=_("Tracking code"), max_length=24,
                           widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}))  # fmt: skip
    secret = forms.CharField(label=_("Secret"), max_length=40,
                             widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}))  # fmt: skip


class AnswerForm(Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=24)
    secret = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label=_("Your answer"), max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- the receiving units' forms -----------------------------------------------------------------------------


def _note() -> forms.CharField:
    return forms.CharField(label=_("Internal note"), required=False, max_length=COMMENT_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Never shown to the reporter."))  # fmt: skip


def _public_text(label=None, required=False) -> forms.CharField:
    return forms.CharField(label=label or _("What the reporter reads"), required=required,
                           max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class ActionForm(Form):
    """One form for the steps; each shows the fields its step reads (FIELDS)."""

    FIELDS = {
        "acknowledge": ("public_text", "note"),
        "route": ("town", "sector", "department", "note"),
        "ask": ("public_text", "note"),
        "reply": ("public_text", "note"),
        "verify": ("unit", "public_text", "photos", "note"),
        "close": ("outcome", "public_text", "note"),
        "duplicate": ("of", "public_text", "note"),
    }
    public_text = _public_text()
    note = _note()
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    of = forms.IntegerField(label=_("Number of the earlier report"), required=False, min_value=1, max_value=2**63 - 1)
    town = forms.ModelChoiceField(label=_("Town"), queryset=Region.objects.none(), required=False, to_field_name="code")
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), required=False, to_field_name="code"
    )
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all(), required=False,
                                        to_field_name="code")  # fmt: skip
    photos = PublicPhotosField(label=_("Photos from the site"))
    unit = forms.ModelChoiceField(label=_("Unit found on site"), queryset=Enterprise.objects.none(), required=False,
                                  help_text=_("The registered unit the report is about, if it is one."))  # fmt: skip

    UNITS_SHOWN = 300

    def __init__(self, *args, action: str, report, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        keep = self.FIELDS[action]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "outcome" in self.fields:
            self.fields["outcome"].choices = [(o, Outcome(o).label) for o in CLOSE_OUTCOMES.get(report.state, ())]
            self.fields["public_text"].required = True
            self.fields["public_text"].label = _("Reason the reporter reads")
        if action in ("ask", "reply"):
            self.fields["public_text"].required = True
            if action == "ask":
                self.fields["public_text"].label = _("Question to the reporter")
        county = routing.county_of(report.town)
        if "town" in self.fields:  # the report's county's towns and departments, not a province's thousands
            self.fields["town"].queryset = routing.towns().filter(parent=county) if county else routing.towns()
        if "department" in self.fields and county is not None:
            self.fields["department"].queryset = Department.objects.filter(region__path__startswith=county.path)
        if "unit" in self.fields:
            units = restrict(user, Enterprise.objects.filter(region__path__startswith=report.town.path)).order_by(
                "name"
            )
            self.fields["unit"].queryset = units
            self.fields["unit"].widget.choices = [("", "—"), *((u.pk, u.name) for u in units[: self.UNITS_SHOWN])]

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}


class OpenHazardForm(Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Enterprise.objects.none(), required=False,
                                  help_text=_("The registered unit the hazard belongs to."))  # fmt: skip
    new_name = forms.CharField(label=_("Or the name of a place not registered"), max_length=120, required=False)
    new_kind = forms.ChoiceField(label=_("Kind of place"), required=False,
                                 choices=[("", "—"), *((k, UnitKind(k).label) for k in SPOT_KINDS)])  # fmt: skip
    new_address = forms.CharField(label=_("Its address"), max_length=200, required=False)
    description = forms.CharField(label=_("Hazard description"), max_length=DESCRIPTION_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all(), required=False,
                                    to_field_name="code", empty_label=_("Same as the unit"))  # fmt: skip
    public_text = _public_text()
    note = _note()

    UNITS_SHOWN = 300

    def __init__(self, *args, user, report, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = restrict(user, Enterprise.objects.filter(region__path__startswith=report.town.path)).order_by("name")
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.choices = [("", "—"), *((u.pk, u.name) for u in units[: self.UNITS_SHOWN])]
        self.initial.setdefault("description", report.description)
        if report.unit_id:
            self.initial.setdefault("unit", report.unit_id)

    def new_unit(self) -> dict | None:
        data = self.cleaned_data
        if not any(data.get(k) for k in ("new_name", "new_kind", "new_address")):
            return None
        return {"name": data["new_name"], "kind": data["new_kind"], "address": data["new_address"]}


class RevealForm(Form):
    reason = forms.CharField(label=_("Why you need the reporter's identity"), max_length=COMMENT_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Recorded with your name and the time, and listed for the county office."))  # fmt: skip


class ProposeForm(Form):
    basis = forms.ChoiceField(label=_("What the report revealed"), choices=RewardBasis.choices)
    enforcement_action = forms.TypedChoiceField(label=_("Enforcement action"), required=False, coerce=int,
                                                empty_value=None)  # fmt: skip
    accident = forms.TypedChoiceField(label=_("Concealed accident"), required=False, coerce=int, empty_value=None)
    concealed_deaths = forms.IntegerField(
        label=_("Concealed deaths found"), required=False, min_value=0, max_value=1000
    )
    note = _note()

    def __init__(self, *args, actions=(), accidents=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enforcement_action"].choices = [("", "—"), *((a.pk, str(a)) for a in actions)]
        self.fields["accident"].choices = [
            ("", "—"),
            *((a.pk, f"{a.unit_name} · {a.occurred_at:%Y-%m-%d}") for a in accidents),
        ]


class ApproveForm(Form):
    note = _note()


class RejectForm(Form):
    reason = forms.CharField(label=_("Reason"), max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}))


class PayForm(Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    means = forms.ChoiceField(label=_("Means"), choices=PaymentMeans.choices)
    payment_note = forms.CharField(label=_("Voucher or receipt number"), max_length=80, required=False)


class PolicyForm(ModelForm):
    class Meta:
        model = ReportPolicy
        fields = ["ack_hours"]


# --- typical enforcement cases -------------------------------------------------------------------------------


class CaseForm(Form):
    """The public text of a typical case; the service masks the names and numbers it knows of when it is saved."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    facts = forms.CharField(
        label=_("Facts of the case"), max_length=DESCRIPTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 7})
    )
    basis = forms.CharField(
        label=_("Legal basis"),
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The articles the decision rests on; required before publishing."),
    )
    outcome = forms.CharField(
        label=_("Penalty or outcome"),
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required before publishing."),
    )


class WithdrawForm(Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"), max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublicCaseFilterForm(Form):
    """The public register's filters: the year published, 危险作业罪 only, the county (where there are several)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    crime = forms.ChoiceField(label=_("Cases"), required=False)
    county = forms.ChoiceField(label=_("County"), required=False)

    def __init__(self, *args, years=(), counties=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]
        self.fields["crime"].choices = [("", _("All cases")), ("1", _("Dangerous operation crime only"))]
        self.fields["county"].choices = [("", _("All counties")), *((c.code, c.name) for c in counties)]
