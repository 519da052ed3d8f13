"""Risk points: the list, the risk database, the detail page, the create/edit form and the notice board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anjian.core.generic import RestrictedDetailView, RestrictedListView, attachment
from anjian.org.areas import offer_regions, sector_options
from anjian.org.jurisdiction import restrict
from anjian.registry.forms import OneOfManySelect
from anjian.registry.models import Enterprise

from .. import rules, services
from ..choices import AccidentType, MeasureKind, PointKind, RiskLevel
from ..filtersets import RiskPointFilterSet
from ..forms import MeasureFormSet, RiskPointForm
from ..models import RiskAssessment, RiskPoint
from ..noticeboard import notice_board_pdf
from ..rules import Record
from ..tables import RiskPointTable

LIST_RELATED = ("enterprise", "sector", "region")
PDF = "application/pdf"


def may_write(user, record: Record | None = None) -> bool:
    """Whether the role may write `record` (any risk record when None) at all; rules.check_write decides
    per enterprise."""
    return rules.may_write_some(user, record)


def check_write(user, record: Record | None = None) -> None:
    if not may_write(user, record):
        raise PermissionDenied(_("Your role may not change risk records."))


class RiskPointListView(RestrictedListView):
    model = RiskPoint
    filterset_class = RiskPointFilterSet
    table_class = RiskPointTable
    template_name = "risk/pages/point_list.html"
    partial_template_name = "risk/pages/_point_table.html"
    database = False  # the risk database: 一般 and above only
    unit_param = "enterprise"
    exports: dict[str, str] = {}

    def base_queryset(self) -> QuerySet:
        queryset = RiskPoint.objects.select_related(*LIST_RELATED)
        if self.database:
            queryset = queryset.filter(level__in=(RiskLevel.RED, RiskLevel.ORANGE, RiskLevel.YELLOW))
        return queryset

    def prepare_filter_form(self, form) -> None:
        all_label = _("All")
        choices = {"kind": PointKind, "min_level": RiskLevel}
        for name, field in form.fields.items():
            if name == "region":
                offer_regions(form, name, self.request.user)
            elif name == "sector":
                field.widget = OneOfManySelect(choices=sector_options(all_label))
            elif name == "level":
                field.widget = OneOfManySelect(choices=[("", all_label), *RiskLevel.choices])
            elif name in choices and hasattr(field.widget, "choices"):
                field.widget.choices = [("", all_label), *choices[name].choices]
        if "search" in form.fields:
            form.fields["search"].widget.attrs.update(
                {"placeholder": _("Risk point or enterprise name"), "type": "search", "autocomplete": "off"}
            )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(database=self.database, may_write=may_write(self.request.user, Record.POINT))
        return context


class RiskDatabaseView(RiskPointListView):
    """县级一般及以上安全风险数据库 (seed 001 mines plan): every point of 一般 and above, filterable."""

    database = True


def measure_groups(point: RiskPoint) -> list[tuple[str, list]]:
    """The measures grouped by kind, in the kinds' order (uses the prefetched measures)."""
    measures = list(point.measures.all())
    return [(label, [m for m in measures if m.kind == code]) for code, label in MeasureKind.choices]


class RiskPointDetailView(RestrictedDetailView):
    model = RiskPoint
    template_name = "risk/pages/point_detail.html"
    context_object_name = "point"

    def base_queryset(self) -> QuerySet:
        assessments = RiskAssessment.objects.select_related("assessed_by")
        return RiskPoint.objects.select_related("enterprise", "sector", "region").prefetch_related(
            "measures", Prefetch("assessments", queryset=assessments)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        point: RiskPoint = self.object
        labels = dict(AccidentType.choices)
        context.update(
            accident_names=[labels.get(code, code) for code in point.accident_types],
            measure_groups=[g for g in measure_groups(point) if g[1]],
            assessments=list(point.assessments.all()),
            may_assess=rules.may_write(self.request.user, point.enterprise, Record.ASSESSMENT),
            may_edit=rules.may_write(self.request.user, point.enterprise, Record.POINT),
        )
        return context


@login_required
def point_edit(request, pk: int | None = None):
    """Create (no pk) or change a risk point with its control measures, through services.save_point."""
    check_write(request.user, Record.POINT)
    point = get_object_or_404(restrict(request.user, RiskPoint.objects.all()), pk=pk) if pk else RiskPoint()
    if pk:
        services.check_manage(request.user, point.enterprise, Record.POINT)
    enterprises = services.manageable_enterprises(request.user, Enterprise.objects.order_by("name"), Record.POINT)
    if not pk and request.GET.get("enterprise", "").isdigit():
        point.enterprise = get_object_or_404(enterprises, pk=request.GET["enterprise"])
    data = request.POST if request.method == "POST" else None
    form = RiskPointForm(data, instance=point, enterprises=enterprises)
    formset = MeasureFormSet(data, instance=point, prefix="measures")
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                saved = services.save_point(request.user, form.instance)
                formset.instance = saved
                formset.save()
        except ValidationError as exc:
            if not pk:
                form.instance.pk = None
                form.instance._state.adding = True
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": saved.name})
            return redirect("risk:point_detail", pk=saved.pk)
    context = {"form": form, "formset": formset, "point": point if pk else None}
    return render(request, "risk/pages/point_form.html", context)


def add_errors(form, exc: ValidationError, field_of=None) -> None:
    """A service's refusal shown on the form: by field where the key names one of its fields."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = field_of(name) if field_of else (name if name in form.fields else None)
            form.add_error(target, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_GET
def point_notice_board(request, pk: int):
    """风险告知牌 of one point as a printable PDF."""
    point = get_object_or_404(restrict(request.user, RiskPoint.objects.select_related("enterprise")), pk=pk)
    return attachment(notice_board_pdf(point), f"风险告知牌-{point.enterprise.name}-{point.name}.pdf", PDF)
