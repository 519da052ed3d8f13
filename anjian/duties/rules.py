"""Who may do what with the duties. What a user sees is `restrict`'s (scopes.py); these decide the writes:

- the enterprise records its own duties, writes and signs its own duty reports, acknowledges the list it was
  given and keeps its own contracts;
- the county office, a department and a town supervise what lies in their jurisdiction: they remind units
  behind, acknowledge duty reports, deliver the list and record contracts they find on a visit;
- the county office alone sets the rule tables (the duties, the report templates, the lists and their items).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from anjian.org.choices import Role
from anjian.org.jurisdiction import assignments, roles, within

SUPERVISING_ROLES = {Role.COUNTY_OFFICE, Role.DEPARTMENT, Role.TOWN}


def _superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def own_enterprise_ids(user) -> set[int]:
    """The units the user speaks for (the enterprise role)."""
    return {a.enterprise_id for a in assignments(user) if a.role == Role.ENTERPRISE and a.enterprise_id}


def is_enterprise(user) -> bool:
    return bool(own_enterprise_ids(user))


def is_supervisor(user) -> bool:
    return _superuser(user) or bool(roles(user) & SUPERVISING_ROLES)


def is_office(user) -> bool:
    return _superuser(user) or Role.COUNTY_OFFICE in roles(user)


def speaks_for(user, enterprise) -> bool:
    """Whether the user records for this unit: its own enterprise user (or a superuser)."""
    return _superuser(user) or enterprise.pk in own_enterprise_ids(user)


def supervises(user, enterprise) -> bool:
    """Whether the user supervises this unit: a county office, department or town whose jurisdiction holds it."""
    return is_supervisor(user) and within(user, enterprise)


def check_speaks_for(user, enterprise) -> None:
    if not speaks_for(user, enterprise):
        raise PermissionDenied(_("Only the enterprise itself records this."))


def check_supervisor(user) -> None:
    if not is_supervisor(user):
        raise PermissionDenied(_("Only the county office, a department or a town supervising the unit may do this."))


def check_supervises(user, enterprise) -> None:
    if not supervises(user, enterprise):
        raise PermissionDenied(_("Only the county office, a department or a town supervising the unit may do this."))


def check_office(user) -> None:
    if not is_office(user):
        raise PermissionDenied(_("Only the county safety committee office sets this."))


def check_keeps_contracts(user, enterprise) -> None:
    """Contracts are kept by the unit itself, or by a supervisor who found them on a visit."""
    if not (speaks_for(user, enterprise) or supervises(user, enterprise)):
        raise PermissionDenied(_("Only the enterprise or a unit supervising it records its contracts."))
