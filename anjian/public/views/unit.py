"""The public page behind a unit's signboard (its QR code): what the plate shows and a button to report a hazard
there. Open to anyone; the address carries the unit's token, never its database id."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from ..services import units


@require_GET
@cache_control(public=True, max_age=300)  # what a plate says changes seldom; a crowd scanning one plate is cheap
def unit_page(request, token: str):
    unit = units.unit_by_token(token)
    if unit is None:
        return render(request, "public/unit_missing.html", status=404)
    return render(request, "public/unit.html", {"unit": units.public_unit(unit)})
