"""How inspection rows reach the jurisdiction rules (see org/jurisdiction.py)."""

from anjian.org.jurisdiction import Scope, register

from .models import EnforcementAction, EnforcementDocument, Inspection


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
