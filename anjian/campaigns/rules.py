"""Who may see a campaign, run it, file a participant's report and return one.

The county office (and a superuser) runs the campaigns of its region and returns reports; a town or a
department sees the campaigns it takes part in and files its own reports, no one else's.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anjian.org.choices import COUNTY_WIDE_ROLES, Role
from anjian.org.jurisdiction import assignments

from .models import Campaign, Participant


def _office_paths(user) -> list[str]:
    return [a.region.path for a in assignments(user) if a.role == Role.COUNTY_OFFICE and a.region_id]


def participations(user) -> Q:
    """Participants that are the user's own town or department."""
    own = Q(pk__in=[])
    for a in assignments(user):
        if a.role == Role.TOWN and a.region_id:
            own |= Q(region_id=a.region_id)
        elif a.role == Role.DEPARTMENT and a.department_id:
            own |= Q(department_id=a.department_id)
    return own


def visible_campaigns(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Campaign.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if user.is_superuser:
        return queryset
    seen = Q(pk__in=[])
    for a in assignments(user):
        if a.role in COUNTY_WIDE_ROLES and a.region_id:
            seen |= Q(region__path__startswith=a.region.path)
    mine = Participant.objects.filter(participations(user)).values("campaign_id")
    return queryset.filter(seen | Q(pk__in=mine))


def may_manage(user, campaign: Campaign | None = None, region=None) -> bool:
    """Start, change and return reports: the county office of the campaign's region (or above it)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    place = campaign.region if campaign is not None else region
    paths = _office_paths(user)
    if place is None:
        return bool(paths)
    return any(place.path.startswith(path) for path in paths)


def managed_campaigns(user) -> QuerySet:
    """The campaigns the user's county office runs (those of its region or below it)."""
    if getattr(user, "is_superuser", False):
        return Campaign.objects.all()
    paths = _office_paths(user) if getattr(user, "is_authenticated", False) else []
    return Campaign.objects.filter(reduce(or_, (Q(region__path__startswith=p) for p in paths), Q(pk__in=[])))


def check_manage(user, campaign: Campaign | None = None, region=None) -> None:
    if not may_manage(user, campaign, region):
        raise PermissionDenied(_("Only the safety committee office running this campaign may do this."))


def own_participants(user, campaign: Campaign) -> QuerySet:
    return campaign.participants.filter(participations(user))


def may_file(user, participant: Participant) -> bool:
    """A participant's report is filed by that town or department itself."""
    return own_participants(user, participant.campaign).filter(pk=participant.pk).exists()


def check_file(user, participant: Participant) -> None:
    if not may_file(user, participant):
        raise PermissionDenied(_("Only %(unit)s files its own report.") % {"unit": participant.name})


def _reads_region(user, campaign: Campaign) -> bool:
    """Whether the user holds a county-wide role (an office, a leader) over the campaign's region."""
    return any(
        a.role in COUNTY_WIDE_ROLES and a.region_id and campaign.region.path.startswith(a.region.path)
        for a in assignments(user)
    )


def visible_participants(user, campaign: Campaign) -> QuerySet:
    """All participants for those who run the campaign or read the county's figures; one's own otherwise."""
    if user.is_superuser or may_manage(user, campaign) or _reads_region(user, campaign):
        return campaign.participants.all()
    return own_participants(user, campaign)


def may_see_ranking(user, campaign: Campaign) -> bool:
    """The ranking names every participant: for the office and county-wide readers, not for one town."""
    return user.is_superuser or may_manage(user, campaign) or _reads_region(user, campaign)


def check_see_ranking(user, campaign: Campaign) -> None:
    if not may_see_ranking(user, campaign):
        raise PermissionDenied(_("The ranking is for the safety committee office and the county's leaders."))
