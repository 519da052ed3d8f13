"""What a phone keeps for working offline (the bundle): the signed-in user's own units within their jurisdiction,
the checklists of those units' sectors, and the hazard sources. A fixed handful of queries, however many units."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, Q
from django.utils import timezone

from anjian.hazards.choices import Source
from anjian.inspections.models import Checklist, ChecklistItem
from anjian.org.choices import RegionLevel
from anjian.org.jurisdiction import restrict, roles
from anjian.org.models import Region
from anjian.registry.models import Enterprise


def bundle_max() -> int:
    return getattr(settings, "ANJIAN_FIELD_BUNDLE_MAX", 2000)


def bundle(user) -> dict:
    """The bundle of `user` (see field.api): units by name, at most ANJIAN_FIELD_BUNDLE_MAX, `truncated` beyond."""
    limit = bundle_max()
    units = list(
        restrict(user, Enterprise.objects.all())
        .select_related("sector", "region", "grid")
        .order_by("name", "pk")
        .only("name", "address", "sector__code", "sector__name", "region__path", "grid__name")[: limit + 1]
    )
    truncated = len(units) > limit
    units = units[:limit]
    towns = _towns(units)
    return {
        "generated_at": timezone.now(),
        "user": {"id": user.pk, "name": user.full_name or user.get_username(), "roles": sorted(roles(user))},
        "units": [
            {
                "id": u.pk,
                "name": u.name,
                "address": u.address,
                "sector_code": u.sector.code,
                "sector_name": u.sector.name,
                "town": towns.get(u.region.path, ""),
                "grid": u.grid.name if u.grid_id else "",
            }
            for u in units
        ],
        "truncated": truncated,
        "checklists": _checklists({u.sector_id for u in units}),
        "sources": [[code, str(label)] for code, label in Source.choices],
    }


def _towns(units: list[Enterprise]) -> dict[str, str]:
    """Region path → the name of the town it lies in, in one query for every region of the units."""
    paths = {u.region.path for u in units}
    codes = {code for path in paths for code in path.strip("/").split("/")}
    names = dict(Region.objects.filter(level=RegionLevel.TOWN, code__in=codes).values_list("code", "name"))
    return {path: next((names[c] for c in path.strip("/").split("/") if c in names), "") for path in paths}


def _checklists(sector_ids: set[int]) -> list[dict]:
    """The active checklists of these sectors and the general one (no sector), with their items in order."""
    items = Prefetch("items", ChecklistItem.objects.order_by("order", "id").only("checklist_id", "text", "group"))
    found = (
        Checklist.objects.filter(Q(sector_id__in=sector_ids) | Q(sector__isnull=True), is_active=True)
        .select_related("sector")
        .prefetch_related(items)
        .order_by("sector__order", "name", "pk")
    )
    return [
        {
            "id": c.pk,
            "title": c.name,
            "sector_code": c.sector.code if c.sector_id else "",
            "items": [{"id": i.pk, "text": i.text, "group": i.group} for i in c.items.all()],
        }
        for c in found
    ]


def etag(body: dict) -> str:
    """The bundle's version: its content without the moment it was made."""
    content = {k: v for k, v in body.items() if k != "generated_at"}
    digest = hashlib.sha256(json.dumps(content, cls=DjangoJSONEncoder, sort_keys=True).encode()).hexdigest()
    return f'"{digest[:32]}"'
