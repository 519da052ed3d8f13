"""The hazard list, the detail page, phone registration, the pickers and the photos."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anjian.core.generic import XLSX, RestrictedDetailView, RestrictedListView, attachment
from anjian.org.areas import offer_regions, sector_options
from anjian.org.jurisdiction import restrict
from anjian.org.models import Sector
from anjian.quality.services import flag_label
from anjian.registry.forms import OneOfManySelect
from anjian.registry.models import Enterprise
from anjian.registry.services import record_spot_unit

from .. import rules, services
from ..choices import Action, Grade, Source, State, SupervisionLevel
from ..criteria import search_criteria
from ..filtersets import HazardFilterSet
from ..forms import RegisterForm, criterion_label, unit_choices
from ..ledger import LEDGERS, ledger_for
from ..models import Hazard, HazardPhoto
from ..rules import Refused
from ..tables import HazardTable
from . import display

LIST_RELATED = ("unit", "sector", "region")
DETAIL_RELATED = (
    "unit__region",
    "sector",
    "region__parent",
    "grid",
    "criterion__document",
    "committee",
    "responsible_department",
    "responsible_town",
    "found_by",
    "finding_department",
)
CRITERIA_SHOWN = 20


class HazardListView(RestrictedListView):
    model = Hazard
    filterset_class = HazardFilterSet
    table_class = HazardTable
    template_name = "hazards/hazard_list.html"
    partial_template_name = "hazards/_hazard_table.html"
    unit_param = "unit"
    exports = {"ledger": "export_ledger", "general_ledger": "export_general_ledger"}

    def base_queryset(self) -> QuerySet:
        return Hazard.objects.select_related(*LIST_RELATED).prefetch_related("supervisions")

    def prepare_filter_form(self, form) -> None:
        all_label = _("All")
        choices = {"state": State, "grade": Grade, "source": Source, "supervision_level": SupervisionLevel}
        for name, field in form.fields.items():
            if name == "region":
                offer_regions(form, name, self.request.user)
            elif name == "sector":
                field.widget = OneOfManySelect(choices=sector_options(all_label))
            elif name in ("overdue", "due_soon"):
                field.widget.choices = [("unknown", all_label), ("true", _("Yes")), ("false", _("No"))]
            elif name in choices:
                field.widget.choices = [("", all_label), *choices[name].choices]
        if "search" in form.fields:
            form.fields["search"].widget.attrs.update(
                {"placeholder": _("Description or unit name"), "type": "search", "autocomplete": "off"}
            )

    def export_queryset(self, export: str, queryset: QuerySet) -> QuerySet:
        return queryset.filter(grade=LEDGERS["major" if export == "ledger" else "general"].grade)

    def export_ledger(self, queryset: QuerySet):
        """The major-hazard ledger (attachment 3): major hazards only, whatever the filters."""
        return attachment(*ledger_for(self.request.user, queryset, "major"), XLSX)

    def export_general_ledger(self, queryset: QuerySet):
        return attachment(*ledger_for(self.request.user, queryset, "general"), XLSX)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_register"] = rules.role_may(self.request.user, "register")
        return context


class HazardDetailView(RestrictedDetailView):
    model = Hazard
    template_name = "hazards/hazard_detail.html"
    context_object_name = "hazard"

    def base_queryset(self) -> QuerySet:
        return Hazard.objects.select_related(*DETAIL_RELATED)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hazard: Hazard = self.object
        entries = display.timeline(hazard)
        try:
            plan = hazard.plan
        except ObjectDoesNotExist:
            plan = None
        allowed = rules.allowed_actions(self.request.user, hazard)
        context.update(
            plan=plan,
            timeline=entries,
            chain=display.escalation_chain(hazard, entries),
            supervisions=display.supervision_rows(hazard),
            warnings=display.warnings(hazard),
            photos=list({p.attachment_id: p for e in entries for p in e.photos}.values()),  # a photo once
            actions=[(a, Action(a).label) for a in allowed],
            criterion_text=criterion_label(hazard.criterion) if hazard.criterion_id else "",
        )
        return context


@login_required
def register(request):
    """登记 from a phone: unit, description, location, photos (phone-first page)."""
    rules.check_role(request.user, "register")
    data = request.POST if request.method == "POST" else None
    query = (data or request.GET).get("unit_q", "")
    form = RegisterForm(data, request.FILES or None, user=request.user, unit_query=query)
    searching = data is not None and "find_unit" in request.POST  # the search button, without JavaScript
    if data is not None and not searching and form.is_valid():
        c = form.cleaned_data
        try:
            with transaction.atomic():  # a place recorded on the spot is kept only with its hazard
                hazard = services.register_hazard(
                    request.user,
                    chosen_or_spot_unit(request.user, form),
                    description=c["description"],
                    source=c["source"],
                    sector=c["sector"],
                    location=c["location"],
                    latitude=c["latitude"],
                    longitude=c["longitude"],
                    photos=c["photos"],
                )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, registered_message(hazard, new_place=form.spot_unit() is not None))
            warn_quality(request, hazard.quality_warnings)
            return redirect("hazards:detail", pk=hazard.pk)
    if searching:
        form.errors.clear()
    return render(request, "hazards/hazard_new.html", {"form": form, "unit_query": query})


def chosen_or_spot_unit(user, form) -> Enterprise:
    """The unit chosen from the registry, or the place recorded on the spot (registry.services.record_spot_unit)."""
    spot = form.spot_unit()
    if spot is None:
        return form.cleaned_data["unit"]
    try:
        return record_spot_unit(user, sector=form.cleaned_data["sector"], **spot)
    except ValidationError as exc:
        raise Refused({f"new_unit_{k}": v for k, v in exc.message_dict.items()}) from exc


def registered_message(hazard: Hazard, new_place: bool) -> str:
    if new_place:
        return _("The hazard is registered; “%(name)s” is added to the registry for the town to complete.") % {
            "name": hazard.unit.name
        }
    return _("The hazard is registered.")


def warn_quality(request, warnings) -> None:
    """The quality warnings of what was just saved (anjian.quality), for the person who entered it."""
    for warning in warnings:
        messages.warning(request, f"{flag_label(warning.code)}：{warning.message}")


def add_errors(form, exc: ValidationError) -> None:
    """A refusal on the form: by field where it names one; a photo that is not an image on the photos."""
    if not isinstance(exc, Refused) and "photos" in form.fields:
        form.add_error("photos", exc.messages)
    elif hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
    if "photos" in form.fields and form.files:
        form.add_error(None, _("Please choose the photos again: a browser does not keep them after a refusal."))


@login_required
@require_GET
def unit_search(request):
    """The unit picker's choices for a search text (htmx partial), within the user's jurisdiction."""
    query = request.GET.get("unit_q", "")
    units = restrict(request.user, Enterprise.objects.all()).order_by("name")
    context = {"choices": unit_choices(units, query), "selected": request.GET.get("unit", ""), "unit_query": query}
    return render(request, "hazards/_unit_choices.html", context)


@login_required
@require_GET
def criteria_search(request):
    """The determination criteria matching a keyword, verbatim with document and article (htmx partial)."""
    query = request.GET.get("q", "").strip()
    sector = Sector.objects.filter(code=request.GET.get("sector", "")).first()
    items = list(search_criteria(query, sector=sector)[:CRITERIA_SHOWN]) if query else []
    return render(request, "hazards/_criteria_results.html", {"items": items, "q": query})


@login_required
@require_GET
def criteria_suggest(request, pk: int):
    """The five criterion items that best match the hazard's description (htmx partial of the assess form)."""
    from anjian.quality.suggest import suggest

    hazard = get_object_or_404(restrict(request.user, Hazard.objects.all()), pk=pk)
    # A sector without a national standard (fire, schools …): the whole library, rather than nothing.
    items = suggest(hazard.description, hazard.sector_id) or suggest(hazard.description)
    return render(request, "hazards/_criteria_suggestions.html", {"items": items})


@login_required
@require_GET
def hazard_photo(request, pk: int, photo_pk: int, size: str = "full"):
    """A hazard's photo or its thumbnail, for those who may see the hazard only."""
    hazard = get_object_or_404(restrict(request.user, Hazard.objects.all()), pk=pk)
    photo = get_object_or_404(HazardPhoto.objects.select_related("attachment"), pk=photo_pk, hazard=hazard)
    stored = photo.attachment.thumbnail if size == "thumb" and photo.attachment.thumbnail else photo.attachment.file
    content_type = "image/jpeg" if stored is photo.attachment.thumbnail else photo.attachment.content_type
    try:
        response = FileResponse(stored.open("rb"), content_type=content_type)
    except FileNotFoundError as exc:
        raise Http404 from exc
    response["Cache-Control"] = "private, max-age=31536000, immutable"  # named by content hash
    return response
