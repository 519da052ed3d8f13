"""`anjian check` warns about a role code in ANJIAN_2FA_ROLES that no role has (a typo would leave a role without
its second factor)."""

from django.conf import settings
from django.core.checks import Warning, register

from anjian.org.choices import Role

from .rules import SUPERUSER


@register()
def known_roles(app_configs, **kwargs) -> list:
    unknown = [code for code in settings.ANJIAN_2FA_ROLES if code != SUPERUSER and code not in Role.values]
    if not unknown:
        return []
    allowed = ", ".join([SUPERUSER, *Role.values])
    return [
        Warning(f"ANJIAN_2FA_ROLES names unknown roles: {', '.join(unknown)}", hint=f"Known: {allowed}", id="mfa.W001")
    ]
