from anjian.org import jurisdiction as _j


def jurisdiction(request):
    """Roles and edit rights for templates, decided by the jurisdiction module."""
    user = request.user
    return {"user_roles": _j.roles(user), "user_can_edit": _j.can_edit(user)}
