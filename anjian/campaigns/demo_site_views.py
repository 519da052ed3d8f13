"""The page of the demonstration sites (千家示范, 兴安办〔2024〕80号 二（四）): progress per town and for the county, the
sites with filters, nominating and correcting (towns), assessing and awarding (the office), the rates and targets
(the office), and the list as xlsx. Every rule lives in campaigns.demo_sites; this module only asks and shows."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from anjian.core import xlsx
from anjian.core.dates import EARLIEST, limit_input, today
from anjian.core.forms import Form
from anjian.core.validators import COMMENT_MAX_LENGTH
from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise

from . import demo_sites, rules
from .choices import DemoSiteKind, DemoSiteStatus
from .models import Campaign, DemoSite

PAGE_SIZE = 50
FILTERS = ("town", "kind", "status", "page")


class DemoSiteFilterForm(Form):
    town = forms.ChoiceField(label=gettext_lazy("Town"), required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), required=False, choices=[("", gettext_lazy("All kinds")), *DemoSiteKind.choices]
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Site status"),
        required=False,
        choices=[("", gettext_lazy("All statuses")), *DemoSiteStatus.choices],
    )

    def __init__(self, *args, towns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].choices = [("", _("All towns")), *((t.code, t.name) for t in towns)]

    def apply(self, sites):
        chosen = {name: self.cleaned_data.get(name) for name in ("town", "kind", "status")}
        if chosen["town"]:
            sites = sites.filter(town__code=chosen["town"])
        if chosen["kind"]:
            sites = sites.filter(kind=chosen["kind"])
        if chosen["status"]:
            sites = sites.filter(status=chosen["status"])
        return sites


class DemoSiteForm(Form):
    """Nominate a site, or correct it while it is only nominated."""

    town = forms.ChoiceField(label=gettext_lazy("Town"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=DemoSiteKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(
        label=gettext_lazy("Site name"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("For business premises chosen below, leave blank to use the enterprise's name."),
    )
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200, required=False)
    no_property_management = forms.BooleanField(
        label=gettext_lazy("Without property management (无物业)"),
        required=False,
        help_text=gettext_lazy("Estates only: the notice favours estates without property management."),
    )
    enterprise = forms.ChoiceField(label=gettext_lazy("Enterprise (business premises only)"), required=False)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, towns, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.towns = {t.code: t for t in towns}
        self.enterprises = {str(e.pk): e for e in enterprises}
        self.fields["town"].choices = [(code, t.name) for code, t in self.towns.items()]
        self.fields["enterprise"].choices = [("", "—"), *((pk, e.name) for pk, e in self.enterprises.items())]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "town": self.towns.get(data["town"]),
            "kind": data["kind"],
            "name": data["name"],
            "address": data["address"],
            "no_property_management": data["no_property_management"],
            "enterprise": self.enterprises.get(data["enterprise"] or ""),
            "note": data["note"],
        }


class RatesForm(Form):
    """Each kind's subsidy per site (yuan) and the county's target."""

    def __init__(self, *args, rates: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind, rate in rates.items():
            subsidy, target = f"subsidy_{kind}", f"target_{kind}"
            self.fields[subsidy] = forms.IntegerField(
                label=_("Subsidy per site (yuan)"), min_value=0, max_value=demo_sites.LARGEST["subsidy"]
            )
            self.fields[target] = forms.IntegerField(
                label=_("County target"), min_value=0, max_value=demo_sites.LARGEST["target"], required=False
            )
            self.initial.update({subsidy: rate.subsidy, target: rate.target})
            self.rows.append((DemoSiteKind(kind).label, self[subsidy], self[target]))


class TargetsForm(Form):
    """Each town's target by kind, blank where the office sets none."""

    def __init__(self, *args, towns, targets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.towns, self.rows = towns, []
        for town in towns:
            cells = []
            for kind in demo_sites.KINDS:
                name = f"t_{town.pk}_{kind}"
                self.fields[name] = forms.IntegerField(
                    label=f"{town.name} {DemoSiteKind(kind).label}",
                    min_value=0,
                    max_value=demo_sites.LARGEST["target"],
                    required=False,
                )
                self.initial[name] = targets.get((town.pk, kind))
                cells.append(self[name])
            self.rows.append((town, cells))


def _campaign(request, pk: int) -> Campaign:
    return get_object_or_404(rules.visible_campaigns(request.user).select_related("region"), pk=pk)


def _add_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _site_form(user, towns: list, data=None, initial=None) -> DemoSiteForm:
    """The form with the user's towns and the enterprises in them (for business premises)."""
    places = reduce(or_, [Q(region__path__startswith=t.path) for t in towns], Q(pk__in=[]))
    enterprises = restrict(user, Enterprise.objects.filter(places)).select_related("region").order_by("name", "pk")
    return DemoSiteForm(data, towns=towns, enterprises=enterprises, initial=initial)


def _back(campaign_id: int, query: str, anchor: str = "") -> str:
    """The page again with its filters (only the known ones are carried)."""
    kept = {key: str(value) for key, value in QueryDict(query).items() if key in FILTERS}
    url = reverse("campaigns:demo_sites", args=[campaign_id])
    return f"{url}?{urlencode(kept)}{anchor}" if kept else f"{url}{anchor}"


@login_required
def demo_sites_page(request, pk: int):
    campaign = _campaign(request, pk)
    user = request.user
    action = request.POST.get("action", "") if request.method == "POST" else ""
    manage = rules.may_manage(user, campaign)
    own = list(demo_sites.nominating_towns(user, campaign))
    shown = list(demo_sites.towns(user, campaign))
    site_form = _site_form(user, own, request.POST if action == "nominate" else None) if own else None
    rates_form = targets_form = None
    if manage:
        rates_form = RatesForm(request.POST if action == "rates" else None, rates=demo_sites.rates(campaign))
        targets = {(t.town_id, t.kind): t.target for t in campaign.demo_site_targets.all()}
        targets_form = TargetsForm(request.POST if action == "targets" else None, towns=shown, targets=targets)
    status = 200
    if request.method == "POST":
        forms_ = {"nominate": site_form, "rates": rates_form, "targets": targets_form}
        if forms_.get(action) is None:
            raise PermissionDenied(_("You may not do this here."))
        if _handle(request, campaign, action, forms_[action]):
            return redirect(_back(campaign.pk, request.GET.urlencode()))
        status = 400
    filters = DemoSiteFilterForm(request.GET, towns=shown, auto_id="filter_%s")
    sites = demo_sites.visible_sites(user).filter(campaign=campaign)
    if filters.is_valid():
        sites = filters.apply(sites)
    else:
        status = 400
    sites = demo_sites.with_subsidy(sites).select_related("town", "enterprise").order_by("town__code", "kind", "name")
    page = Paginator(sites, PAGE_SIZE).get_page(request.GET.get("page"))
    own_ids = {t.pk for t in own}
    progress = demo_sites.progress(user, campaign)
    context = {
        "campaign": campaign,
        "progress": progress,
        "table": ([(campaign.region.name, progress.county, True)] if progress.county else [])
        + [(row.town.name, row, False) for row in progress.towns if row.town is not None],
        "kinds": [DemoSiteKind(k).label for k in demo_sites.KINDS],
        "filters": filters,
        "page": page,
        "rows": [_row(site, manage, own_ids) for site in page],
        "query": request.GET.urlencode(),
        "site_form": site_form,
        "rates_form": rates_form,
        "targets_form": targets_form,
        "may_manage": manage,
        "today": today(),
        "earliest": EARLIEST,
    }
    return render(request, "campaigns/demo_sites.html", context, status=status)


def _row(site: DemoSite, manage: bool, own_ids: set) -> dict:
    step = demo_sites.NEXT.get(DemoSiteStatus(site.status))
    return {
        "site": site,
        "next": step if manage else None,
        "next_label": step.label if step else "",
        "editable": site.town_id in own_ids and site.status == DemoSiteStatus.NOMINATED,
        "in_budget": site.status == DemoSiteStatus.AWARDED,
    }


def _handle(request, campaign: Campaign, action: str, form) -> bool:
    """Save what the posted form says; False (with the errors on the form) when refused."""
    if not form.is_valid():
        return False
    try:
        with transaction.atomic():
            if action == "nominate":
                site = demo_sites.nominate(request.user, campaign, **form.values())
                messages.success(request, _("%(name)s is nominated.") % {"name": site.name})
            elif action == "rates":
                _save_rates(request.user, campaign, form)
                messages.success(request, _("The rates and the county's targets are saved."))
            else:
                _save_targets(request.user, campaign, form)
                messages.success(request, _("The towns' targets are saved."))
    except ValidationError as exc:
        _add_errors(form, exc)
        return False
    return True


def _save_rates(user, campaign: Campaign, form: RatesForm) -> None:
    for kind in demo_sites.KINDS:
        values = {name: form.cleaned_data[f"{name}_{kind}"] for name in ("subsidy", "target")}
        try:
            demo_sites.set_rate(user, campaign, kind, **values)
        except ValidationError as exc:
            raise ValidationError({f"{field}_{kind}": errors for field, errors in exc.message_dict.items()}) from exc


def _save_targets(user, campaign: Campaign, form: TargetsForm) -> None:
    for town in form.towns:
        for kind in demo_sites.KINDS:
            name = f"t_{town.pk}_{kind}"
            if form.cleaned_data[name] != form.initial.get(name):
                try:
                    demo_sites.set_town_target(user, campaign, town, kind, form.cleaned_data[name])
                except ValidationError as exc:
                    raise ValidationError({name: exc.messages}) from exc


@login_required
def demo_site_edit(request, site_pk: int):
    """The nominating town corrects its site until the office assesses it."""
    related = ("campaign__region", "town", "enterprise")
    site = get_object_or_404(demo_sites.visible_sites(request.user).select_related(*related), pk=site_pk)
    demo_sites.check_edit(request.user, site)
    own = list(demo_sites.nominating_towns(request.user, site.campaign))
    initial = {name: getattr(site, name) for name in ("kind", "name", "address", "no_property_management", "note")}
    initial |= {"town": site.town.code, "enterprise": site.enterprise_id or ""}
    form = _site_form(request.user, own, request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                demo_sites.change(request.user, site, **form.values())
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The site is saved."))
                return redirect(_back(site.campaign_id, "", f"#site-{site.pk}"))
        status = 400
    context = {"campaign": site.campaign, "site": site, "form": form, "locked": site.status != "nominated"}
    return render(request, "campaigns/demo_site_form.html", context, status=status)


class AdvanceForm(Form):
    date = forms.DateField(
        label=gettext_lazy("Date"),
        error_messages={
            "required": gettext_lazy("Give the day of the assessment or of the award."),
            "invalid": gettext_lazy("Enter a date as YYYY-MM-DD."),
        },
    )
    step = forms.ChoiceField(choices=[(DemoSiteStatus.ASSESSED, ""), (DemoSiteStatus.AWARDED, "")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_input(self.fields["date"], EARLIEST, today())


@login_required
@require_POST
def demo_site_advance(request, site_pk: int):
    """The office assesses (评定) or awards (授牌) a site, with the day."""
    site = get_object_or_404(demo_sites.visible_sites(request.user).select_related("campaign__region"), pk=site_pk)
    rules.check_manage(request.user, site.campaign)
    back = _back(site.campaign_id, request.POST.get("back", ""), f"#site-{site.pk}")
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(message) for errors in form.errors.values() for message in errors))
        return redirect(back)
    try:
        site = demo_sites.advance(request.user, site, date=form.cleaned_data["date"], to=form.cleaned_data["step"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = {"name": site.name, "status": site.get_status_display()}
        messages.success(request, _("%(name)s: %(status)s.") % done)
    return redirect(back)


@login_required
@require_GET
def demo_sites_xlsx(request, pk: int):
    """The sites shown on the page (same filters) as xlsx."""
    campaign = _campaign(request, pk)
    filters = DemoSiteFilterForm(request.GET, towns=demo_sites.towns(request.user, campaign))
    if not filters.is_valid():
        return HttpResponseBadRequest(_("Unknown filter value."))
    sites = filters.apply(demo_sites.visible_sites(request.user).filter(campaign=campaign))
    response = HttpResponse(demo_sites.sites_xlsx(campaign, sites), content_type=xlsx.CONTENT_TYPE)
    name = f"{campaign.region.name}千家示范点清单.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
