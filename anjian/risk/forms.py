"""Forms of the risk pages: a risk point with its measures, an assessment, zones, reviews, holdings, maps."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from anjian.core import dates
from anjian.core.forms import Form, ModelForm
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, limit_text
from anjian.org.choices import RegionLevel
from anjian.org.models import Region
from anjian.registry.models import Enterprise

from .choices import AccidentType, Method, ReviewKind, RiskLevel
from .models import ControlMeasure, HazardousSubstance, RiskPoint
from .scoring import LEC_C, LEC_E, LEC_L, LS_VALUES

# The meaning of each table value (作业条件危险性评价法 and the 5 × 5 risk matrix).
LEC_L_MEANINGS = {
    "10": _("fully expected"),
    "6": _("quite possible"),
    "3": _("possible but unusual"),
    "1": _("unlikely, entirely accidental"),
    "0.5": _("very unlikely, conceivable"),
    "0.2": _("extremely unlikely"),
    "0.1": _("practically impossible"),
}
LEC_E_MEANINGS = {
    "10": _("continuous exposure"),
    "6": _("daily during working hours"),
    "3": _("weekly or occasionally"),
    "2": _("once a month"),
    "1": _("a few times a year"),
    "0.5": _("very rarely"),
}
LEC_C_MEANINGS = {
    "100": _("catastrophe, many deaths"),
    "40": _("disaster, several deaths"),
    "15": _("very serious, one death"),
    "7": _("serious, severe injury"),
    "3": _("considerable, disability"),
    "1": _("noticeable, needs first aid"),
}
LS_L_MEANINGS = {
    1: _("hardly ever: measures in place and effective"),
    2: _("unlikely: measures in place, occasional lapses"),
    3: _("possible: measures incomplete"),
    4: _("likely: measures seldom applied"),
    5: _("very likely: no measures, or it happens often"),
}
LS_S_MEANINGS = {
    1: _("slight: no injury, small loss"),
    2: _("minor: minor injury"),
    3: _("moderate: severe injury"),
    4: _("serious: one death"),
    5: _("very serious: several deaths"),
}


def _table_choices(values, meanings) -> list:
    """(value, "value · meaning") for a select; the meaning is translated when shown."""
    keys = [format(v.normalize(), "f") if hasattr(v, "normalize") else str(v) for v in values]
    return [("", "—")] + [(k, format_lazy("{} · {}", k, meanings[k if k in meanings else int(k)])) for k in keys]


class RiskPointForm(ModelForm):
    """A point's facts; the enterprise is chosen on create only, among those the user sees."""

    accident_types = forms.MultipleChoiceField(
        label=_("Possible accident types (GB 6441)"),
        choices=AccidentType.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
    )

    class Meta:
        model = RiskPoint
        fields = [
            "enterprise",
            "name",
            "kind",
            "location",
            "post_or_area",
            "hazard_factors",
            "accident_types",
            "control_level",
            "responsible_person",
            "responsible_phone",
            "emergency_response",
            "emergency_phone",
            "holds_major_hazard_source",
            "meets_major_criterion",
        ]
        widgets = {
            "hazard_factors": forms.Textarea(attrs={"rows": 3}),
            "emergency_response": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, enterprises=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_text(self.fields["hazard_factors"], DESCRIPTION_MAX_LENGTH)
        limit_text(self.fields["emergency_response"], DESCRIPTION_MAX_LENGTH)
        if self.instance.pk:
            del self.fields["enterprise"]
        else:
            field = self.fields["enterprise"]
            field.queryset = enterprises if enterprises is not None else Enterprise.objects.none()
            only = list(field.queryset[:2])
            if len(only) == 1 and not self.initial.get("enterprise"):
                self.initial["enterprise"] = only[0].pk


class MeasureForm(ModelForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_text(self.fields["text"], DESCRIPTION_MAX_LENGTH)


MeasureFormSet = forms.inlineformset_factory(
    RiskPoint,
    ControlMeasure,
    form=MeasureForm,
    fields=("kind", "text"),
    widgets={"text": forms.Textarea(attrs={"rows": 2})},
    extra=3,
    can_delete=True,
)


class AssessmentForm(Form):
    """LEC (L, E, C) or LS (L, S) from the tables only; optionally a higher level with its reason."""

    method = forms.ChoiceField(label=_("Method"), choices=Method.choices, widget=forms.RadioSelect)
    l = forms.ChoiceField(label=_("L · likelihood"), choices=_table_choices(LEC_L, LEC_L_MEANINGS), required=False)  # noqa: E741
    e = forms.ChoiceField(label=_("E · exposure"), choices=_table_choices(LEC_E, LEC_E_MEANINGS), required=False)
    c = forms.ChoiceField(label=_("C · consequence"), choices=_table_choices(LEC_C, LEC_C_MEANINGS), required=False)
    ls_l = forms.ChoiceField(
        label=_("L · likelihood"),
        choices=_table_choices(LS_VALUES, LS_L_MEANINGS),
        required=False,
    )
    s = forms.ChoiceField(
        label=_("S · severity"),
        choices=_table_choices(LS_VALUES, LS_S_MEANINGS),
        required=False,
    )
    level = forms.ChoiceField(
        label=_("Final level"),
        choices=[("", _("As computed"))] + list(RiskLevel.choices),
        required=False,
        help_text=_("A level may only be raised above the computed one, with a reason."),
    )
    raised_reason = forms.CharField(
        label=_("Reason for raising the level"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
    )
    lowered_reason = forms.CharField(
        label=_("Reason for lowering the level"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Only when this assessment gives a lower level than the point holds now."),
    )

    def clean(self):
        data = super().clean()
        needed = ("l", "e", "c") if data.get("method") == Method.LEC else ("ls_l", "s")
        for name in needed:
            if not data.get(name):
                self.add_error(name, _("Choose a value."))
        return data

    def factors(self) -> dict[str, str]:
        d = self.cleaned_data
        if d["method"] == Method.LEC:
            return {"l": d["l"], "e": d["e"], "c": d["c"]}
        return {"l": d["ls_l"], "s": d["s"]}

    def error_field(self, name: str) -> str | None:
        """The form field a service error's key belongs to (LS's L is `ls_l` here)."""
        if name == "l" and self.cleaned_data.get("method") == Method.LS:
            return "ls_l"
        return name if name in self.fields else None


class SitePlanForm(Form):
    plan = forms.FileField(
        label=_("Site plan (image or PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp,application/pdf"}),
    )


class ZonesForm(Form):
    """The zone editor posts every zone of the plan as JSON: [{points: [[x, y], …], risk_point, label}]."""

    zones = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_zones(self) -> list[dict]:
        raw = self.cleaned_data.get("zones") or "[]"
        try:
            zones = json.loads(raw)
        except ValueError as exc:
            raise ValidationError(_("The zones could not be read.")) from exc
        if not isinstance(zones, list) or not all(isinstance(z, dict) for z in zones):
            raise ValidationError(_("The zones could not be read."))
        return zones


REPORT_ACCEPT = ".pdf,.docx,.xlsx,application/pdf,image/jpeg,image/png,image/webp"


class ReviewForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReviewKind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)
    participants = forms.CharField(
        label=_("Participants"), max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    changes = forms.CharField(
        label=_("What changed"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    report = forms.FileField(
        label=_("Report"),
        required=False,
        widget=forms.FileInput(attrs={"accept": REPORT_ACCEPT}),
        help_text=_("Optional: PDF, Word (.docx), Excel (.xlsx) or a photo, up to 20 MB."),
    )

    def __init__(self, *args, enterprises=None, regions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        dates.limit_input(self.fields["held_on"], dates.EARLIEST, dates.today())
        if enterprises is not None:
            self.fields["enterprise"].queryset = enterprises
        self.fields["enterprise"].empty_label = _("(a regional review)")
        if regions is None:
            regions = Region.objects.filter(level__in=(RegionLevel.COUNTY, RegionLevel.TOWN))
        self.fields["region"].queryset = regions.order_by("code")
        self.fields["region"].empty_label = _("(the enterprise's own region)")
        self.fields["region"].help_text = _("For a review of a region: the county, a town or a park.")


class SourceForm(Form):
    """A major hazard source (a unit): the enterprise on create only, among those the user may change."""

    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none())
    name = forms.CharField(label=_("unit name"), max_length=100, help_text=_("e.g. 液氨储罐区, 甲类仓库"))
    exposed_people = forms.IntegerField(
        label=_("People exposed within 500 m"),
        min_value=0,
        max_value=10_000_000,
        initial=0,
        help_text=_("People who may be present within 500 m of the unit; sets the correction factor α (GB 18218 表5)."),
    )

    def __init__(self, *args, enterprises=None, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["enterprise"]
        else:
            field = self.fields["enterprise"]
            field.queryset = enterprises if enterprises is not None else Enterprise.objects.none()
            only = list(field.queryset[:2])
            if len(only) == 1 and not self.initial.get("enterprise"):
                self.initial["enterprise"] = only[0].pk


class HoldingForm(Form):
    substance = forms.ModelChoiceField(label=_("Substance"), queryset=HazardousSubstance.objects.all())
    quantity = forms.DecimalField(label=_("Maximum quantity held (t)"), min_value=0, max_digits=12, decimal_places=3)


class RegionMapForm(Form):
    geojson = forms.FileField(label=_("GeoJSON of the county's towns"))

    def clean_geojson(self):
        upload = self.cleaned_data["geojson"]
        try:
            return json.loads(upload.read().decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValidationError(_("This is not a JSON file.")) from exc
