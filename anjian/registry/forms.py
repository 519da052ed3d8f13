"""Forms of the registry: the enterprise form and the import upload."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from anjian.core import dates
from anjian.core.forms import Form, ModelForm
from anjian.org.areas import county_of
from anjian.org.choices import RegionLevel
from anjian.org.models import Region

from . import services
from .models import Enterprise


def _under(county: Region | None, queryset):
    return queryset if county is None else queryset.filter(path__startswith=county.path)


def grouped_regions(county: Region | None = None) -> list[tuple[str, list[tuple[int, str]]]]:
    """Towns and their villages (of `county`) as option groups: a town first (the whole town), then its villages."""
    groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    towns = _under(county, Region.objects.filter(level=RegionLevel.TOWN)).order_by("code")
    for town in towns:
        groups[town.pk] = (town.name, [(town.pk, str(_("%(town)s (town itself)") % {"town": town.name}))])
    for village in _under(county, Region.objects.filter(level=RegionLevel.VILLAGE)).order_by("code"):
        if village.parent_id in groups:
            groups[village.parent_id][1].append((village.pk, f"{village.name} · {village.code}"))
    return [("", [("", "---------")])] + list(groups.values())


def grouped_grids(county: Region | None = None) -> list[tuple[str, list[tuple[int, str]]]]:
    groups: dict[str, list[tuple[int, str]]] = {}
    grids = _under(county, Region.objects.filter(level=RegionLevel.GRID)).select_related("parent").order_by("code")
    for grid in grids:
        groups.setdefault(grid.parent.name if grid.parent else "", []).append((grid.pk, grid.name))
    return [("", [("", "---------")])] + list(groups.items())


def region_field(levels, grouped, **kwargs) -> forms.ModelChoiceField:
    """A region picked from option groups (`grouped()`); the queryset still validates the submitted id."""
    field = forms.ModelChoiceField(Region.objects.filter(level__in=levels), **kwargs)
    field.widget.choices = grouped()
    return field


class OneOfManySelect(forms.Select):
    """A compact drop-down for a filter that accepts several values (the API may repeat them)."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [v for v in values if v]


class EnterpriseForm(ModelForm):
    responsible_unit = forms.ChoiceField(
        label=_("responsible unit"),
        required=False,
        help_text=_("A supervising department, or the town government for units under territorial supervision."),
    )

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "kind",
            "sector",
            "high_risk_activity",
            "status",
            "region",
            "grid",
            "address",
            "above_scale",
            "staff_count",
            "established_on",
            "standardization_grade",
            "principal",
            "principal_phone",
            "liaison_leader",
            "liaison_leader_phone",
            "responsible_cadre",
            "responsible_cadre_phone",
            "needs_completion",
        ]
        widgets = {
            "address": forms.TextInput(),
            "established_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, county: Region | None = None, **kwargs) -> None:
        """`county`: the county whose towns, villages, grids and units are offered (the unit's own when it has
        a region; None: every county's, for a deployment of one county)."""
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.region_id:
            county = county_of(self.instance.region) or county
        self.county = county
        self.fields["region"] = region_field(
            (RegionLevel.TOWN, RegionLevel.VILLAGE),
            lambda: grouped_regions(county),
            label=Enterprise._meta.get_field("region").verbose_name,
            help_text=Enterprise._meta.get_field("region").help_text,
        )
        self.fields["grid"] = region_field(
            (RegionLevel.GRID,),
            lambda: grouped_grids(county),
            label=Enterprise._meta.get_field("grid").verbose_name,
            required=False,
        )
        self.fields["responsible_unit"].choices = [("", "---------")] + services.responsible_unit_choices(county)
        instance = self.instance
        if instance.pk:
            if instance.responsible_department_id:
                self.initial["responsible_unit"] = instance.responsible_department.code
            elif instance.responsible_town_id:
                self.initial["responsible_unit"] = instance.responsible_town.code
        order = list(self.Meta.fields)
        order.insert(order.index("principal"), "responsible_unit")
        self.order_fields(order)
        self.fields["credit_code"].widget.attrs.update(
            {"maxlength": 18, "autocomplete": "off", "spellcheck": "false", "class": "font-monospace"}
        )
        dates.limit_input(self.fields["established_on"], dates.EARLIEST_ESTABLISHED, dates.today())
        for name in ("principal_phone", "liaison_leader_phone", "responsible_cadre_phone"):
            self.fields[name].widget.input_type = "tel"

    def clean_credit_code(self) -> str | None:
        # People paste codes with spaces or in lower case; the code itself is upper case.
        code = (self.cleaned_data.get("credit_code") or "").replace(" ", "").upper()
        return code or None

    def clean_responsible_unit(self) -> str:
        value = self.cleaned_data.get("responsible_unit") or ""
        try:
            within = self.cleaned_data.get("region") or self.county
            department, town = services.resolve_responsible_unit(value, within)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        self.instance.responsible_department = department
        self.instance.responsible_town = town
        return value

    def save(self, commit: bool = True) -> Enterprise:
        """Saves through services.save_enterprise, like the API and the importer."""
        enterprise = super().save(commit=False)
        if commit:
            services.save_enterprise(enterprise)
        return enterprise


class ImportForm(Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("The enterprise list export or the signboard table (attachment 2), first sheet."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
