"""How inspection rows reach the jurisdiction rules (see org/jurisdiction.py)."""

from anjian.org.jurisdiction import Scope, register

from .models import EnforcementAction, EnforcementDocument, Inspection, InspectionPlan


def _scope() -> Scope:
    return Scope(
        region_path="region__path",
        sector="sector_id",
        enterprise="unit_id",
        expert="unit__experts",
        department="department_id",
        grid="unit__grid_id",
    )


for model in (Inspection, EnforcementAction, EnforcementDocument):
    register(model, _scope())

# A plan belongs to a department: the department sees its own, the county office and leaders all, others none.
register(InspectionPlan, Scope(department="department_id"))
