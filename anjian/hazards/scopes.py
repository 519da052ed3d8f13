"""How hazard rows reach the jurisdiction rules (see org/jurisdiction.py)."""

from anjian.org.jurisdiction import Scope, register

from .models import Hazard

register(
    Hazard,
    Scope(
        region_path="region__path",
        sector="sector_id",
        enterprise="unit_id",
        expert="unit__experts",
        department="responsible_department_id",
    ),
)
