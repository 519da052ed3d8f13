"""How drills, plans, named places and accidents reach the jurisdiction rules (org/jurisdiction.py), their
photos and documents the file server (core/media.py), and their links on a unit's page (core/unit_links.py).

A town sees the rows lying in it (a unit's, its own, a department's drill held in it); a department those of its
sectors and those naming it (its own drills and plans, its units' rows); a unit its own; the county office and
leaders all; a grid worker the rows of its grid's units; an expert those of the units assigned to them."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anjian.core.media import register_visibility
from anjian.core.unit_links import UnitLink, list_url, register_unit_link
from anjian.org.jurisdiction import Scope, register, restrict

from .models import Accident, Drill, DrillRequirement, EmergencyPlan

OWNED = Scope(
    region_path="region__path",
    sector="sector_id",
    enterprise="enterprise_id",
    expert="enterprise__experts",
    department="department_id",
    grid="enterprise__grid_id",
)
for model in (Drill, EmergencyPlan, Accident):
    register(model, OWNED)

register(
    DrillRequirement,
    Scope(
        region_path="enterprise__region__path",
        sector="enterprise__sector_id",
        enterprise="enterprise_id",
        expert="enterprise__experts",
        department="enterprise__responsible_department_id",
        grid="enterprise__grid_id",
    ),
)


def attachment_visible(user, attachment) -> bool:
    """A drill's photo, a plan's document, an investigation report: to whoever may see the record."""
    return (
        restrict(user, Drill.objects.filter(photos=attachment)).exists()
        or restrict(user, EmergencyPlan.objects.filter(document=attachment)).exists()
        or restrict(user, Accident.objects.filter(report=attachment)).exists()
    )


register_visibility(attachment_visible)


def _count(model, **where):
    return lambda user, unit: restrict(user, model.objects.filter(Q(enterprise=unit), **where)).count()


register_unit_link(
    UnitLink("emergency_drills", _("Drills"), list_url("emergency:drills", "enterprise"), _count(Drill), 60)
)
register_unit_link(
    UnitLink(
        "emergency_plans",
        _("Emergency plans"),
        list_url("emergency:plans", "enterprise"),
        _count(EmergencyPlan, current=True),
        61,
    )
)
register_unit_link(
    UnitLink("emergency_accidents", _("Accidents"), list_url("emergency:accidents", "enterprise"), _count(Accident), 62)
)
