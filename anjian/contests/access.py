"""Who organises and who takes part.

The county office organises the county's rounds and keeps its question bank; a town organises rounds for its own
people and may keep questions of its own beside the county's (兴安办〔2024〕80号 二（三）2 names the county's 总工会
and 应急管理局 as the organisers; the towns run rounds of their own). Leaders read. Everyone with an account takes
the open rounds of the places they work in (an enterprise's user for the unit's town and county; an official for
their own); a public round is also taken without an account at its public address."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import assignments, restrict
from anjian.org.models import Region

from .models import Question, Round

ORGANISER_ROLES = {Role.COUNTY_OFFICE: RegionLevel.COUNTY, Role.TOWN: RegionLevel.TOWN}


def organiser_regions(user) -> list[Region]:
    """The county or towns the user organises rounds for (a superuser: every county)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    found = [
        a.region
        for a in assignments(user)
        if a.role in ORGANISER_ROLES and a.region is not None and a.region.level == ORGANISER_ROLES[a.role]
    ]
    return sorted({r.pk: r for r in found}.values(), key=lambda r: r.code)


def may_organise(user) -> bool:
    return bool(organiser_regions(user))


def check_organise(user) -> None:
    if not may_organise(user):
        raise PermissionDenied(_("Only the county office and the towns organise contests and keep question banks."))


def _under(regions: list[Region]) -> Q:
    return reduce(or_, [Q(region__path__startswith=r.path) for r in regions], Q(pk__in=[]))


def managed_rounds(user) -> QuerySet:
    """The rounds the user organises (a leader reads the county's rounds but organises none)."""
    return restrict(user, Round.objects.filter(_under(organiser_regions(user))))


def managed_questions(user) -> QuerySet:
    return restrict(user, Question.objects.filter(_under(organiser_regions(user))))


def readable_rounds(user) -> QuerySet:
    """The rounds the user may read the settings and results of: their jurisdiction's."""
    return restrict(user, Round.objects.all())


def check_manage(user, round_: Round) -> None:
    if not managed_rounds(user).filter(pk=round_.pk).exists():
        raise PermissionDenied(_("Only the round's organiser may change it."))


def places(user) -> list[Region]:
    """Where the user works: their unit's place, their region, their department's region."""
    if not getattr(user, "is_authenticated", False):
        return []
    found = []
    for a in assignments(user):
        place = a.region or getattr(a.enterprise, "region", None) or getattr(a.department, "region", None)
        if place is not None:
            found.append(place)
    return found


def ancestor_paths(places_: list[Region]) -> set[str]:
    paths: set[str] = set()
    for place in places_:
        codes = place.path.strip("/").split("/")
        paths.update("".join(f"{c}/" for c in codes[: n + 1]) for n in range(len(codes)))
    return paths


def rounds_for_participant(user) -> QuerySet:
    """Rounds of the places the user works in (the county's, their town's), whatever their state."""
    if getattr(user, "is_superuser", False):
        return Round.objects.all()
    return Round.objects.filter(region__path__in=ancestor_paths(places(user)))
