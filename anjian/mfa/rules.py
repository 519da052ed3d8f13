"""Who signs in with a second factor: the holders of a role named in ANJIAN_2FA_ROLES, and the superusers when the
setting names `superuser`. Read at each request, so a test turns it on with a settings override."""

from __future__ import annotations

from django.conf import settings

from anjian.org.jurisdiction import roles

SUPERUSER = "superuser"


def required_roles() -> set[str]:
    return set(getattr(settings, "ANJIAN_2FA_ROLES", ()) or ())


def required(user) -> bool:
    """Whether `user` must give a code after the password (no query when the setting is empty)."""
    wanted = required_roles()
    if not wanted or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser and SUPERUSER in wanted:
        return True
    return bool(wanted & roles(user))


def may_reset_others(user) -> bool:
    """The security administrator (三权分立) and the superuser reset another person's second factor."""
    from anjian.org.choices import Role

    return user.is_superuser or Role.SECURITY_ADMIN in roles(user)
