"""How risk rows reach the jurisdiction rules (see org/jurisdiction.py)."""

from anjian.org.jurisdiction import Scope, register

from .models import RiskPoint

register(
    RiskPoint,
    Scope(
        region_path="region__path",
        sector="sector_id",
        enterprise="enterprise_id",
        expert="enterprise__experts",
        department="enterprise__responsible_department_id",
    ),
)
