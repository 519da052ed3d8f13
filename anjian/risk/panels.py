"""The risk panel of the dashboard (core.panels): the regional four-colour map, each town in the colour of its
highest risk level, for those who see the regional picture (the county, its towns and departments)."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from anjian.core.panels import Panel, panel
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import roles


@panel("risk.regional_map", order=5)
def regional_map(user, region, today: dt.date) -> Panel | None:
    from .views.regional import REGIONAL_ROLES, map_context  # the page's own pieces, loaded when first drawn

    if region.level != RegionLevel.COUNTY or not (user.is_superuser or roles(user) & {str(r) for r in REGIONAL_ROLES}):
        return None
    title = _("Regional four-colour risk map")
    html = render_to_string("risk/_regional_map_card.html", map_context(user, region))
    return Panel("risk.regional_map", title, f"{reverse('risk:regional_map')}?county={region.code}", html=html)
