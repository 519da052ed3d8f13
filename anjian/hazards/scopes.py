"""How hazard rows reach the jurisdiction rules (see org/jurisdiction.py), and their links on a unit's page."""

from django.utils.translation import gettext_lazy as _

from anjian.core.media import register_visibility
from anjian.core.unit_links import UnitLink, list_url, register_unit_link
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
        county="county_id",
        town="town_id",
    ),
)


def hazard_photo_visible(user, attachment) -> bool:
    """A photo is visible to whoever may see a hazard it belongs to."""
    return restrict(user, Hazard.objects.filter(photos__attachment=attachment)).exists()


register_visibility(hazard_photo_visible)


register_unit_link(
    UnitLink(
        "hazards",
        _("Hazards"),
        list_url("hazards:list", "unit"),
        lambda user, unit: restrict(user, Hazard.objects.filter(unit=unit)).count(),
        order=10,
    )
)
