"""The assessment form of a risk point: in the detail page (htmx) or as a page of its own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from anjian.org.jurisdiction import restrict

from .. import services
from ..choices import LEVEL_COLOURS, RiskLevel
from ..forms import AssessmentForm
from ..models import RiskPoint
from ..rules import Record
from ..scoring import LEC_BANDS
from .points import add_errors, check_write


@login_required
def assess(request, pk: int):
    """GET shows the form; POST assesses through services.assess. A refusal keeps what was typed."""
    check_write(request.user, Record.ASSESSMENT)
    point = get_object_or_404(restrict(request.user, RiskPoint.objects.select_related("enterprise")), pk=pk)
    services.check_manage(request.user, point.enterprise, Record.ASSESSMENT)
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.assess(
                    request.user,
                    point,
                    d["method"],
                    form.factors(),
                    level=d["level"] or None,
                    raised_reason=d["raised_reason"],
                    lowered_reason=d["lowered_reason"],
                )
            except ValidationError as exc:
                add_errors(form, exc, field_of=form.error_field)
            else:
                messages.success(request, _("The assessment is recorded."))
                url = reverse("risk:point_detail", args=[point.pk])
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    else:
        form = AssessmentForm(initial={"method": "LEC"})
    context = {
        "point": point,
        "form": form,
        "preview": preview_settings(),
        "floor": services.rule_floor(point) or "",
    }
    template = "risk/pages/_assess_form.html" if request.htmx else "risk/pages/assess.html"
    return render(request, template, context)


def preview_settings() -> dict:
    """What the live preview needs to compute a level in the browser exactly as the server will."""
    setting = services.CountySetting.current()
    return {
        "lec_bands": [[float(t), str(level)] for t, level in LEC_BANDS],
        "lec_boundary": setting.lec_boundary,
        "ls_variant": setting.ls_variant,
        "names": {code: str(label) for code, label in RiskLevel.choices},
        "colours": LEVEL_COLOURS,
    }
