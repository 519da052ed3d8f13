from django import template
from django.conf import settings
from django.utils.translation import gettext

from anjian.mfa import rules

register = template.Library()


@register.simple_tag
def demo_two_factor_note() -> str:
    """The demo's login page says that its users sign in without the second factor."""
    if getattr(settings, "DEMO", False) and not rules.required_roles():
        return gettext(
            "Demo: two-factor authentication is off for the demo users; production asks the county office and the administrators for a code."
        )
    return ""


@register.filter
def requires_two_factor(user) -> bool:
    return rules.required(user)


@register.filter
def resets_two_factor(user) -> bool:
    return getattr(user, "is_authenticated", False) and rules.may_reset_others(user)
