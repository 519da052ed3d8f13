from django import template

from .. import services

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context) -> int:
    """`{% unread_count as n %}`: the signed-in person's unread notices, in one query."""
    request = context.get("request")
    return services.unread_count(request.user) if request is not None else 0
