"""The public face of a registered unit: the page its signboard's QR code opens (`/p/u/<token>/`).

It shows what the plate itself shows to passers-by and nothing more — the unit's name, its responsible unit, the
liaison leader and the responsible cadre with their phones — and starts a report about that unit."""

from __future__ import annotations

from dataclasses import dataclass

from anjian.org.choices import RegionLevel
from anjian.org.models import Region
from anjian.registry.choices import EnterpriseStatus
from anjian.registry.models import TOKEN_ALPHABET, TOKEN_LENGTH, Enterprise


def normal_token(value) -> str:
    """The token as stored, from what was typed or scanned (case and spaces forgiven); "" when it cannot be one."""
    token = "".join(str(value or "").split()).upper()[: TOKEN_LENGTH + 1]
    return token if len(token) == TOKEN_LENGTH and all(c in TOKEN_ALPHABET for c in token) else ""


def unit_by_token(value) -> Enterprise | None:
    token = normal_token(value)
    if not token:
        return None
    related = ("region__parent", "responsible_department", "responsible_town", "sector")
    return Enterprise.objects.select_related(*related).filter(public_token=token).first()


def town_of(unit: Enterprise) -> Region | None:
    """The town (township, park) the unit lies in: its region, or the town above its village."""
    region = unit.region
    if region.level == RegionLevel.TOWN:
        return region
    return region.parent if region.parent_id and region.parent.level == RegionLevel.TOWN else None


@dataclass(frozen=True)
class PublicUnit:
    """What the plate shows (seed layout: 安全生产责任公示牌), for the page."""

    token: str
    name: str
    responsible_unit: str
    liaison_leader: str
    liaison_leader_phone: str
    responsible_cadre: str
    responsible_cadre_phone: str
    closed: bool


def public_unit(unit: Enterprise) -> PublicUnit:
    return PublicUnit(
        token=unit.public_token,
        name=unit.name,
        responsible_unit=unit.responsible_unit,
        liaison_leader=unit.liaison_leader,
        liaison_leader_phone=unit.liaison_leader_phone,
        responsible_cadre=unit.responsible_cadre,
        responsible_cadre_phone=unit.responsible_cadre_phone,
        closed=unit.status == EnterpriseStatus.CLOSED,
    )
