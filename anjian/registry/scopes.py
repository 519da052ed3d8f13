"""How registry rows reach the jurisdiction rules (see org/jurisdiction.py)."""

from anjian.org.jurisdiction import Scope, register

from .models import Enterprise

register(
    Enterprise,
    Scope(
        region_path="region__path",
        sector="sector_id",
        enterprise="pk",
        expert="experts",
        department="responsible_department_id",
        grid="grid_id",
    ),
)
