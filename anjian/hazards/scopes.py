"""How hazard rows reach the jurisdiction rules (see org/jurisdiction.py)."""

from anjian.core.media import register_visibility
from anjian.org.jurisdiction import Scope, register, restrict

from .models import Hazard

register(
    Hazard,
    Scope(
        region_path="region__path",
        sector="sector_id",
        enterprise="unit_id",
        expert="unit__experts",
        department="responsible_department_id",
        grid="grid_id",
    ),
)


def hazard_photo_visible(user, attachment) -> bool:
    """A photo is visible to whoever may see a hazard it belongs to."""
    return restrict(user, Hazard.objects.filter(photos__attachment=attachment)).exists()


register_visibility(hazard_photo_visible)
