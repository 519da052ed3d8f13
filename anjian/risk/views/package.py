"""An enterprise's risk package (一图一牌三清单): the site plan, the zone editor and the four outputs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from anjian.core.generic import XLSX, attachment
from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise

from .. import rules, services
from ..choices import LEVEL_COLOURS, RiskLevel
from ..forms import SitePlanForm, ZonesForm
from ..models import RiskZone, SitePlan
from ..rules import Record
from ..siteplans import store_site_plan, validate_polygon
from .points import PDF, check_write

# The three lists (三清单) by the name `risk.lists.risk_list_pdf` knows them.
LISTS = [
    ("responsibility", "风险管控责任清单"),
    ("measures", "风险管控措施清单"),
    ("emergency", "应急处置清单"),
]


def visible_enterprise(user, pk: int) -> Enterprise:
    return get_object_or_404(restrict(user, Enterprise.objects.select_related("region", "sector")), pk=pk)


def site_plan_of(enterprise: Enterprise) -> SitePlan | None:
    try:
        return enterprise.site_plan
    except ObjectDoesNotExist:
        return None


def may_change(user, enterprise: Enterprise, record: Record = Record.SITE_PLAN) -> bool:
    return rules.may_write(user, enterprise, record)


@login_required
@require_GET
def package(request, pk: int):
    enterprise = visible_enterprise(request.user, pk)
    return render_package(request, enterprise)


def render_package(request, enterprise: Enterprise, plan_form=None, zones_errors=None, status=200):
    plan = site_plan_of(enterprise)
    points = list(enterprise.risk_points.order_by("name"))
    zones = list(plan.zones.all()) if plan else []
    context = {
        "enterprise": enterprise,
        "plan": plan,
        "points": points,
        "plan_form": plan_form or SitePlanForm(),
        "zones_errors": zones_errors or [],
        "may_change": may_change(request.user, enterprise),
        "lists": LISTS,
        "levels": RiskLevel.choices,
        "editor": {
            "zones": [
                {"points": z.polygon, "risk_point": z.risk_point_id, "label": z.label, "level": z.level} for z in zones
            ],
            "points": [
                {"id": p.pk, "name": p.name, "level": p.level, "level_label": p.get_level_display()} for p in points
            ],
            "colours": LEVEL_COLOURS,
            "readonly": not may_change(request.user, enterprise),
            "i18n": {
                "zone": _("Zone"),
                "delete": _("Delete"),
                "point": _("Risk point"),
                "no_point": _("— choose the risk point —"),
                "label": _("Label (optional)"),
                "empty": _("No zones yet: press “New zone” and click the corners of the zone on the plan."),
                "drawing": _("Click or tap the corners; finish with “Finish zone” or by clicking the first corner."),
                "need_three": _("A zone needs at least three corners."),
                "pick_point": _("Choose the zone's risk point on the right, then save the zones."),
            },
        },
    }
    return render(request, "risk/pages/package.html", context, status=status)


@login_required
@require_POST
def upload_site_plan(request, pk: int):
    enterprise = visible_enterprise(request.user, pk)
    check_write(request.user, Record.SITE_PLAN)
    services.check_manage(request.user, enterprise, Record.SITE_PLAN)
    form = SitePlanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            image = store_site_plan(form.cleaned_data["plan"], request.user)
        except ValidationError as exc:
            form.add_error("plan", exc.messages)
        else:
            SitePlan.objects.update_or_create(enterprise=enterprise, defaults={"image": image})
            messages.success(request, _("The site plan is stored. Draw the risk zones on it below."))
            return redirect("risk:package", pk=enterprise.pk)
    return render_package(request, enterprise, plan_form=form, status=400)


@login_required
@require_POST
def save_zones(request, pk: int):
    """Replace the plan's zones by those the editor posted (each polygon checked, each point the unit's own)."""
    enterprise = visible_enterprise(request.user, pk)
    check_write(request.user, Record.SITE_PLAN)
    services.check_manage(request.user, enterprise, Record.SITE_PLAN)
    plan = site_plan_of(enterprise)
    if plan is None:
        raise Http404
    form = ZonesForm(request.POST)
    errors: list[str] = []
    rows: list[RiskZone] = []
    if form.is_valid():
        point_ids = set(enterprise.risk_points.values_list("pk", flat=True))
        for number, zone in enumerate(form.cleaned_data["zones"], start=1):
            try:
                polygon = validate_polygon(zone.get("points"))
            except ValidationError as exc:
                errors.append(_("Zone %(n)d: %(error)s") % {"n": number, "error": " ".join(exc.messages)})
                continue
            point_id = zone.get("risk_point") or None
            if point_id is not None and point_id not in point_ids:
                errors.append(_("Zone %(n)d: choose one of this enterprise's risk points.") % {"n": number})
                continue
            label = str(zone.get("label") or "")[:60]
            rows.append(RiskZone(site_plan=plan, risk_point_id=point_id, label=label, polygon=polygon))
    else:
        errors.extend(form.errors.get("zones", []))
    if errors:
        return render_package(request, enterprise, zones_errors=errors, status=400)
    with transaction.atomic():
        plan.zones.all().delete()
        RiskZone.objects.bulk_create(rows)
    messages.success(request, _("%(n)d zones saved.") % {"n": len(rows)})
    return redirect("risk:package", pk=enterprise.pk)


@login_required
@require_GET
def site_plan_image(request, pk: int):
    """The stored plan image, to those who see the enterprise only."""
    plan = site_plan_of(visible_enterprise(request.user, pk))
    if plan is None:
        raise Http404
    try:
        response = FileResponse(plan.image.file.open("rb"), content_type=plan.image.content_type)
    except FileNotFoundError as exc:
        raise Http404 from exc
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_GET
def download(request, pk: int, name: str):
    """The package's files: four-colour map (PNG, PDF), notice boards (PDF), the three lists (xlsx, PDF)."""
    from .. import fourcolour, lists, noticeboard

    enterprise = visible_enterprise(request.user, pk)
    stem = enterprise.name
    if name in ("four-colour.png", "four-colour.pdf"):
        plan = site_plan_of(enterprise)
        if plan is None:
            raise Http404
        if name.endswith(".png"):
            return attachment(fourcolour.four_colour_png(plan), f"安全风险四色分布图-{stem}.png", "image/png")
        return attachment(fourcolour.four_colour_pdf(plan), f"安全风险四色分布图-{stem}.pdf", PDF)
    if name == "notice-boards.pdf":
        points = enterprise.risk_points.all()
        return attachment(noticeboard.notice_boards_pdf(points), f"风险告知牌-{stem}.pdf", PDF)
    if name == "lists.xlsx":
        return attachment(lists.risk_lists_xlsx(enterprise), f"风险管控清单-{stem}.xlsx", XLSX)
    for which, title in LISTS:
        if name == f"list-{which}.pdf":
            return attachment(lists.risk_list_pdf(enterprise, which), f"{title}-{stem}.pdf", PDF)
    raise Http404
