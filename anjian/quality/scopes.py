"""How quality flags reach the jurisdiction rules (see org/jurisdiction.py): whoever sees the hazard."""

from anjian.org.jurisdiction import Scope, register

from .models import Flag

register(
    Flag,
    Scope(
        region_path="region__path",
        sector="hazard__sector_id",
        enterprise="unit_id",
        expert="unit__experts",
        department="hazard__responsible_department_id",
        grid="hazard__grid_id",
    ),
)
