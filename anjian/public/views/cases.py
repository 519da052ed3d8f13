"""Typical enforcement cases: the staff's publications (list, the drafting form from a case marked typical, a
publication's page with its edit form, publish and withdraw), and the public register (no account: the published
cases of the county, newest first, and each case at its short random address; nothing unpublished, ever)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from anjian.core.generic import RestrictedListView
from anjian.inspections.models import EnforcementAction
from anjian.org.jurisdiction import restrict
from anjian.org.models import Region

from .. import rules
from ..choices import CaseState
from ..filtersets import CasePublicationFilterSet
from ..forms import CaseForm, PublicCaseFilterForm, WithdrawForm
from ..masking import masked_name, usable_names
from ..models import CasePublication
from ..services import cases as services
from ..tables import CasePublicationTable
from .queue import _add_errors

PUBLIC_PER_PAGE = 20
RELATED = ("county", "action__unit", "action__sector", "action__department", "action__town", "action__region")


class CaseListView(RestrictedListView):
    model = CasePublication
    filterset_class = CasePublicationFilterSet
    table_class = CasePublicationTable
    template_name = "public/case_list.html"
    partial_template_name = "public/_case_table.html"

    def base_queryset(self) -> QuerySet:
        return CasePublication.objects.select_related("action")

    def prepare_filter_form(self, form) -> None:
        form.fields["dangerous_operation_crime"].widget.choices = [
            ("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]  # fmt: skip


def _masking(action: EnforcementAction) -> list[tuple[str, str]]:
    """(name, as masked) of every name the service masks in this case's texts: what the form tells its author."""
    return [(name, masked_name(name)) for name in usable_names(services.secrets_of(action).names)]


def _said_masked(request, publication) -> None:
    pairs = getattr(publication, "masked", [])
    if pairs:
        listed = "、".join(f"{name} → {masked}" for name, masked in pairs)
        messages.info(request, _("Masked in the text: %(names)s.") % {"names": listed})


@login_required
@require_http_methods(["GET", "POST"])
def case_draft(request, action_pk: int):
    """起草公示: the drafting form of a case marked typical, its text written from the record with names masked."""
    rules.check_case_drafter(request.user)
    action = get_object_or_404(restrict(request.user, EnforcementAction.objects.select_related("unit")), pk=action_pk)
    existing = CasePublication.objects.filter(action=action).first()
    if existing is not None:
        return redirect("public:case_detail", pk=existing.pk)
    if not action.typical:
        messages.error(request, _("Only a case marked typical is published in the register."))
        return redirect("inspections:typical")
    secrets = services.secrets_of(action)
    form = CaseForm(request.POST or None, initial=services.drafted_texts(action, secrets))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                publication = services.draft(request.user, action, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The publication is drafted; the county office reviews and publishes it."))
            _said_masked(request, publication)
            return redirect("public:case_detail", pk=publication.pk)
    context = {"form": form, "action": action, "masking": _masking(action)}
    return render(request, "public/case_draft.html", context, status=400 if form.errors else 200)


def _publication(request, pk: int) -> CasePublication:
    qs = CasePublication.objects.select_related(*RELATED, "drafted_by", "edited_by", "published_by", "withdrawn_by")
    return get_object_or_404(restrict(request.user, qs), pk=pk)


def _detail(request, publication, *, form=None, withdraw_form=None, refusals=None, status=200):
    steps = rules.case_steps(request.user, publication)
    if form is None and "edit" in steps:
        form = CaseForm(initial={n: getattr(publication, n) for n in services.TEXTS})
    context = {
        "publication": publication,
        "steps": steps,
        "form": form if "edit" in steps else None,
        "withdraw_form": (withdraw_form or WithdrawForm()) if "withdraw" in steps else None,
        "refusals": refusals or [],
        "masking": _masking(publication.action) if "edit" in steps else [],
        "history": publication.history.select_related("history_user").order_by("-history_date", "-history_id")[:20],
        "office_may_publish": rules.is_case_office(request.user, publication.county_id),
    }
    return render(request, "public/case_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request, pk: int):
    """A publication: its texts, who drafted and reviewed it, the edit form, publish and withdraw."""
    publication = _publication(request, pk)
    if request.method != "POST":
        return _detail(request, publication)
    rules.check_case_drafter(request.user)
    form = CaseForm(request.POST)
    if form.is_valid():
        try:
            edited = services.edit(request.user, publication, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The publication is saved."))
            _said_masked(request, edited)
            return redirect("public:case_detail", pk=publication.pk)
    return _detail(request, publication, form=form, status=400)


def _refusals(exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    labels = {name: CaseForm.base_fields[name].label for name in services.TEXTS}
    return [f"{labels.get(field, '')}：{m}" if field in labels else m
            for field, errors in exc.message_dict.items() for m in errors]  # fmt: skip


@login_required
@require_POST
def case_publish(request, pk: int):
    publication = _publication(request, pk)
    try:
        services.publish(request.user, publication)
    except ValidationError as exc:
        return _detail(request, publication, refusals=_refusals(exc), status=400)
    messages.success(request, _("The case is published on the public register."))
    return redirect("public:case_detail", pk=publication.pk)


@login_required
@require_POST
def case_withdraw(request, pk: int):
    publication = _publication(request, pk)
    rules.check_case_office(request.user, publication)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw(request.user, publication, form.cleaned_data["reason"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The case is withdrawn from the public register."))
            return redirect("public:case_detail", pk=publication.pk)
    return _detail(request, publication, withdraw_form=form, status=400)


# --- the public register (no account) ------------------------------------------------------------------------


def _published() -> QuerySet:
    return CasePublication.objects.filter(state=CaseState.PUBLISHED).select_related(*RELATED)


@require_http_methods(["GET"])
def cases(request):
    """公布典型执法案例: the published cases, newest first, by year published, 危险作业罪 only, county."""
    published = _published()
    tz = timezone.get_current_timezone()
    years = sorted({d.year for d in published.datetimes("published_at", "year", tzinfo=tz)}, reverse=True)
    counties = list(Region.objects.filter(pk__in=published.values("county_id")).order_by("code"))
    form = PublicCaseFilterForm(request.GET or None, years=years, counties=counties if len(counties) > 1 else [])
    rows = published
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            rows = rows.filter(published_at__year=data["year"])
        if data["crime"]:
            rows = rows.filter(action__dangerous_operation_crime=True)
        if data["county"]:
            rows = rows.filter(county__code=data["county"])
    elif form.is_bound:
        rows = rows.none()
    page = Paginator(rows.order_by("-published_at", "-id"), PUBLIC_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(query)}
    return render(request, "public/cases.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET"])
def case(request, slug: str):
    """One published case; a draft, a withdrawn case or an unknown address is not found."""
    publication = get_object_or_404(_published(), slug=slug)
    return render(request, "public/case.html", {"case": publication})
