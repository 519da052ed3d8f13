"""Visits: the list, a new visit, the visit page (tick, photo, convert to hazard, sign) and result photos.

Ticking an item answers its card and the page's counters (htmx, out of band); signing refused (items
unchecked, no handwritten signature) answers the page with the reason beside the signature forms.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from anjian.core.generic import RestrictedDetailView, RestrictedListView
from anjian.org.areas import offer_regions, sector_options
from anjian.registry.forms import OneOfManySelect

from .. import duty_records, rules, services, signing
from ..checklists import checklist_for
from ..choices import ItemResult, SignerRole, VisitKind, VisitState
from ..filtersets import InspectionFilterSet
from ..forms import ExtraItemForm, ResultForm, SignForm, VisitForm
from ..models import Inspection, InspectionResult, Signature
from ..tables import InspectionTable
from .common import add_errors, visible_or_404

LIST_RELATED = ("unit", "sector", "department", "town")
DETAIL_RELATED = ("unit__region", "sector", "department", "town", "checklist", "region", "created_by")


class InspectionListView(RestrictedListView):
    model = Inspection
    filterset_class = InspectionFilterSet
    table_class = InspectionTable
    template_name = "inspections/visit_list.html"
    partial_template_name = "inspections/_visit_table.html"
    unit_param = "unit"

    def base_queryset(self) -> QuerySet:
        return Inspection.objects.select_related(*LIST_RELATED)

    def prepare_filter_form(self, form) -> None:
        all_label = _("All")
        for name, field in form.fields.items():
            if name == "region":
                offer_regions(form, name, self.request.user)
            elif name == "sector":
                field.widget = OneOfManySelect(choices=sector_options(all_label))
            elif name in ("date_from", "date_to"):
                field.widget.input_type = "date"
            elif name in ("kind", "state"):
                field.widget.choices = [("", all_label), *list(field.widget.choices)[1:]]
            elif name == "department":
                field.empty_label = all_label

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_inspect"] = rules.may_inspect(self.request.user)
        return context


@login_required
def new_visit(request):
    """A new visit: the unit (within the jurisdiction), kind, date, inspectors and the checklist."""
    rules.check_inspecting_role(request.user)
    data = request.POST if request.method == "POST" else None
    query = (data or request.GET).get("unit_q", "")
    initial = {"visit_date": timezone.localdate(), "inspectors": [request.user.pk]}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = request.GET["unit"]
    form = VisitForm(data, user=request.user, unit_query=query, initial=initial)
    searching = data is not None and "find_unit" in request.POST
    if data is not None and not searching and form.is_valid():
        c = form.cleaned_data
        try:
            visit = services.create_inspection(
                request.user,
                unit=c["unit"],
                kind=c["kind"],
                visit_date=c["visit_date"],
                inspectors=list(c["inspectors"]),
                checklist=c["checklist"] or checklist_for(c["unit"].sector),
                plan=c.get("plan"),
                experts=c["experts"],
                summary=c["summary"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The visit is recorded: tick the check items on site."))
            return redirect("inspections:detail", pk=visit.pk)
    if searching:
        form.errors.clear()
    return render(request, "inspections/visit_new.html", {"form": form, "unit_query": query})


class InspectionDetailView(RestrictedDetailView):
    model = Inspection
    template_name = "inspections/visit_detail.html"
    context_object_name = "visit"

    def base_queryset(self) -> QuerySet:
        results = InspectionResult.objects.select_related("photo", "hazard")
        return Inspection.objects.select_related(*DETAIL_RELATED).prefetch_related(
            "inspectors", Prefetch("results", queryset=results), "signatures__signer"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(visit_context(self.request, self.object))
        return context


def visit_context(request, visit: Inspection) -> dict:
    """The checklist rows (item, its result and, for a failed duty item of the spot check, the unit's records
    behind it), the findings off the list, and who has signed."""
    results = list(visit.results.all())
    behind = duty_records.records_behind(request.user, visit, results)
    by_item = {r.item_id: r for r in results if r.item_id}
    items = list(visit.checklist.items.all()) if visit.checklist_id else []
    rows = [{"item": item, "result": by_item.get(item.pk), "key": f"i{item.pk}"} for item in items]
    extra = [{"item": None, "result": r, "key": f"r{r.pk}"} for r in results if r.item_id not in {i.pk for i in items}]
    for row in rows + extra:
        row["records"] = behind.get(row["result"].pk) if row["result"] is not None else None
    signatures = list(visit.signatures.all())
    inspectors = list(visit.inspectors.all())
    signed_ids = {s.signer_id for s in signatures if s.role == SignerRole.INSPECTOR}
    draft = visit.state == VisitState.DRAFT
    on_team = rules.may_inspect(request.user) and _on_visit(request.user, visit)
    is_inspector = request.user.pk in {u.pk for u in inspectors}
    return {
        "rows": rows,
        "extra": extra,
        "signatures": signatures,
        "inspectors": [(u, u.pk in signed_ids) for u in inspectors],
        "representative": next((s for s in signatures if s.role == SignerRole.UNIT_REPRESENTATIVE), None),
        "draft": draft,
        "editable": draft and on_team,
        "is_inspector": draft and is_inspector,
        "may_sign": draft and is_inspector and request.user.pk not in signed_ids,
        "may_convert": on_team,
        "may_enforce": rules.may_inspect(request.user),
        "result_choices": ItemResult.choices,
        "failed": sum(1 for r in results if r.result == ItemResult.FAIL),
        "checked": len(results),
        "unchecked": sum(1 for row in rows if row["result"] is None),
        "enforcement": visit.kind != VisitKind.ASSISTANCE,
        "actions": list(visit.actions.all()),
        "documents": list(visit.documents.all()),
    }


def _on_visit(user, visit: Inspection) -> bool:
    try:
        rules.check_on_visit(user, visit)
    except Exception:  # noqa: BLE001 - PermissionDenied: not on the team, so no forms are shown
        return False
    return True


@login_required
@require_POST
def record(request, pk: int):
    """One check item's result (htmx: the item's card comes back; without JavaScript: the page)."""
    visit = visible_or_404(request.user, Inspection, pk)
    rules.check_on_visit(request.user, visit)
    item_id = request.POST.get("item", "")
    form_class = ResultForm if item_id.isdigit() else ExtraItemForm
    form = form_class(request.POST, request.FILES)
    item = None
    if item_id.isdigit() and visit.checklist_id:
        item = get_object_or_404(visit.checklist.items.all(), pk=int(item_id))
    error = ""
    if form.is_valid():
        c = form.cleaned_data
        try:
            services.record_result(
                request.user,
                visit,
                result=c["result"],
                item=item,
                text=c.get("text", ""),
                note=c["note"],
                photo=c["photo"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    if error:
        messages.error(request, error)
        if request.htmx:  # the whole page again, with the message (not the page inside the item's card)
            return HttpResponseClientRedirect(_detail(visit))
    if request.htmx:
        visit = InspectionDetailView(request=request).get_queryset().get(pk=visit.pk)
        context = visit_context(request, visit)
        key = f"i{item.pk}" if item else None
        row = next((r for r in context["rows"] if r["key"] == key), None) if key else None
        if row is not None:  # the item's card, and the counters out of band (no reload)
            return render(request, "inspections/_record_response.html", {"visit": visit, "row": row, **context})
    return redirect(_detail(visit))


def _detail(visit: Inspection) -> str:
    from django.urls import reverse

    return reverse("inspections:detail", args=[visit.pk])


@login_required
@require_POST
def to_hazard(request, pk: int, result_pk: int):
    """转为隐患: the failed item becomes a hazard of the closed loop; the user goes to its page."""
    visit = visible_or_404(request.user, Inspection, pk)
    result = get_object_or_404(InspectionResult, pk=result_pk, inspection=visit)
    try:
        hazard = services.finding_to_hazard(request.user, result)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_detail(visit))
    messages.success(request, _("The finding is registered as a hazard of the closed loop."))
    return redirect("hazards:detail", pk=hazard.pk)


@login_required
@require_POST
def sign(request, pk: int):
    """An inspector's signature, or the unit representative's handwritten one (drawn on the pad)."""
    visit = visible_or_404(request.user, Inspection, pk)
    form = SignForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        c = form.cleaned_data
        try:
            drawn = signing.signature_from_data_url(c["signature"])
            services.sign(request.user, visit, role=c["role"], signer_name=c["signer_name"], signature=drawn)
        except ValidationError as exc:
            errors = exc.messages
    else:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
    if errors:  # the page again, with the refusal beside the signature forms
        view = InspectionDetailView()
        view.setup(request, pk=pk)
        view.object = view.get_object()
        context = view.get_context_data(object=view.object, sign_errors=errors, form_role=request.POST.get("role"))
        return render(request, view.template_name, context, status=400)
    visit.refresh_from_db()
    if visit.state == VisitState.SIGNED:
        messages.success(request, _("Signed by all: the visit record is now read-only."))
    else:
        messages.success(request, _("Signed."))
    return redirect(_detail(visit))


@login_required
@require_GET
def signature_image(request, pk: int, signature_pk: int):
    """The representative's handwritten signature, to whoever may see the visit."""
    visit = visible_or_404(request.user, Inspection, pk)
    signature = get_object_or_404(Signature.objects.select_related("image"), pk=signature_pk, inspection=visit)
    if signature.image is None:
        raise Http404
    try:
        response = FileResponse(signature.image.file.open("rb"), content_type=signature.image.content_type)
    except FileNotFoundError as exc:
        raise Http404 from exc
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


@login_required
@require_GET
def result_photo(request, pk: int, result_pk: int, size: str = "full"):
    visit = visible_or_404(request.user, Inspection, pk)
    result = get_object_or_404(InspectionResult.objects.select_related("photo"), pk=result_pk, inspection=visit)
    if result.photo is None:
        raise Http404
    stored = result.photo.thumbnail if size == "thumb" and result.photo.thumbnail else result.photo.file
    content_type = "image/jpeg" if stored is result.photo.thumbnail else result.photo.content_type
    try:
        response = FileResponse(stored.open("rb"), content_type=content_type)
    except FileNotFoundError as exc:
        raise Http404 from exc
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    return response
