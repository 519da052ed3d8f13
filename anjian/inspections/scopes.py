"""How inspection rows reach the jurisdiction rules (see org/jurisdiction.py), and their links on a unit's page."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from anjian.core.media import register_visibility
from anjian.core.unit_links import UnitLink, list_url, page_url, register_unit_link
from anjian.org.jurisdiction import Scope, register, restrict

from .models import EnforcementAction, EnforcementDocument, Inspection, InspectionPlan, InspectionResult


def _scope(via: str = "") -> Scope:
    """A visit's or an action's scope; `via` reaches it from a row that belongs to one (a check result)."""
    return Scope(
        region_path=f"{via}region__path",
        sector=f"{via}sector_id",
        enterprise=f"{via}unit_id",
        expert=f"{via}unit__experts",
        department=f"{via}department_id",
        grid=f"{via}unit__grid_id",
    )


for model in (Inspection, EnforcementAction, EnforcementDocument):
    register(model, _scope())

# A visit's check results are seen by whoever sees the visit.
register(InspectionResult, _scope("inspection__"))

# A plan belongs to a department: the department sees its own, the county office and leaders those of their
# region's departments, others none (a town's path is below its county's departments').
register(InspectionPlan, Scope(department="department_id", region_path="department__region__path"))


register_unit_link(
    UnitLink(
        "inspections",
        _("Inspection visits"),
        list_url("inspections:list", "unit"),
        lambda user, unit: restrict(user, Inspection.objects.filter(unit=unit)).count(),
        order=30,
    )
)
register_unit_link(
    UnitLink(
        "enforcement_actions",
        _("Enforcement actions"),
        list_url("inspections:actions", "unit"),
        lambda user, unit: restrict(user, EnforcementAction.objects.filter(unit=unit)).count(),
        order=40,
    )
)
register_unit_link(UnitLink("trace", _("Responsibility trace"), page_url("inspections:trace"), order=50))


def visit_attachment_visible(user, attachment) -> bool:
    """A result's photo or a representative's handwritten signature: to whoever may see the visit."""
    visits = Inspection.objects.filter(Q(results__photo=attachment) | Q(signatures__image=attachment))
    return restrict(user, visits).exists()


register_visibility(visit_attachment_visible)
