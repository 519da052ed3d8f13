"""Who may write which risk records, for which enterprise (the README's "Roles and jurisdiction" says the same).

- county office, departments and towns: every risk record of the enterprises in their jurisdiction;
- an enterprise: its own risk package (risk points with their measures, assessments, major hazard sources,
  site plan and risk zones, reviews) — seed 003 (八) makes the unit responsible for identifying its risks;
- an expert: assessments only, of the risk points of the units assigned to them;
- grid workers and leaders: read only.

A role that may never write the record is refused with one message, an enterprise outside the role's
reach with another (both PermissionDenied, 403).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from anjian.org.choices import Role
from anjian.org.jurisdiction import assignments, restrict, roles, within
from anjian.registry.models import Enterprise


class Record(StrEnum):
    POINT = "point"  # a risk point and its control measures
    ASSESSMENT = "assessment"  # an LEC or LS assessment of a point
    SOURCE = "source"  # a major hazard source and its holdings
    SITE_PLAN = "site_plan"  # the site plan and the risk zones drawn on it
    REVIEW = "review"  # a risk review (风险研判) of the enterprise


EVERY = frozenset(Record)
WRITES: dict[str, frozenset[Record]] = {
    Role.COUNTY_OFFICE: EVERY,
    Role.DEPARTMENT: EVERY,
    Role.TOWN: EVERY,
    Role.ENTERPRISE: EVERY,
    Role.EXPERT: frozenset({Record.ASSESSMENT}),
    Role.GRID_WORKER: frozenset(),
    Role.LEADER: frozenset(),
}


def writing_roles(user, record: Record) -> set[str]:
    """The user's roles that may write `record` somewhere."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return {r for r in roles(user) if record in WRITES.get(r, frozenset())}


def may_write_some(user, record: Record | None = None) -> bool:
    """Whether the user may write `record` (any risk record when None) for some enterprise: buttons, 403 early."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(writing_roles(user, r) for r in ([record] if record else Record))


def _reaches(user, role: str, enterprise: Enterprise) -> bool:
    """Whether `role` of the user covers the enterprise: its own unit, an assigned unit, or its jurisdiction."""
    if role == Role.ENTERPRISE:
        return any(a.role == Role.ENTERPRISE and a.enterprise_id == enterprise.pk for a in assignments(user))
    if role == Role.EXPERT:
        return enterprise.experts.filter(pk=user.pk).exists()
    return within(user, enterprise)


def may_write(user, enterprise: Enterprise, record: Record) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(_reaches(user, role, enterprise) for role in writing_roles(user, record))


def check_write(user, enterprise: Enterprise, record: Record) -> None:
    """PermissionDenied, saying why, unless the user may write `record` for `enterprise`."""
    if may_write(user, enterprise, record):
        return
    if not may_write_some(user, record):
        if Role.EXPERT in roles(user) and record != Record.ASSESSMENT:
            raise PermissionDenied(_("An expert records assessments only, for the units assigned to them."))
        raise PermissionDenied(_("Your role may not change risk records."))
    raise PermissionDenied(_("This enterprise is outside what you may change."))


def writable_enterprises(user, queryset: QuerySet, record: Record) -> QuerySet:
    """The enterprises of `queryset` for which `user` may write `record`, as one query (for a form's picker)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return queryset
    condition = Q(pk__in=[])
    for role in writing_roles(user, record):
        if role == Role.ENTERPRISE:
            own = [a.enterprise_id for a in assignments(user) if a.role == Role.ENTERPRISE and a.enterprise_id]
            condition |= Q(pk__in=own)
        elif role == Role.EXPERT:
            condition |= Q(pk__in=Enterprise.objects.filter(experts=user).values("pk"))
        else:
            condition |= Q(pk__in=restrict(user, Enterprise.objects.all()).values("pk"))
    return queryset.filter(condition)
