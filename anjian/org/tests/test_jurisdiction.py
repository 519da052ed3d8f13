import pytest

from anjian.core.testing import VISIBLE_ENTERPRISES
from anjian.org.jurisdiction import restrict
from anjian.registry.models import Enterprise


@pytest.mark.parametrize("username", sorted(VISIBLE_ENTERPRISES))
def test_each_role_sees_exactly_its_enterprises(world, username):
    names = {k for k, e in world.enterprises.items()}
    visible = set(restrict(world.users[username], Enterprise.objects.all()).values_list("pk", flat=True))
    seen = {k for k in names if world.enterprises[k].pk in visible}
    assert seen == VISIBLE_ENTERPRISES[username]


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not restrict(AnonymousUser(), Enterprise.objects.all()).exists()


def test_user_with_two_roles_sees_the_union(world):
    from anjian.org.choices import Role
    from anjian.org.models import RoleAssignment

    user = world.users["grid1"]
    RoleAssignment.objects.create(user=user, role=Role.ENTERPRISE, enterprise=world.enterprises["mine"])
    user = type(user).objects.get(pk=user.pk)
    visible = set(restrict(user, Enterprise.objects.all()))
    assert visible == {world.enterprises["site"], world.enterprises["mine"]}


def test_inactive_user_sees_nothing(world):
    user = world.users["county"]
    user.is_active = False
    assert not restrict(user, Enterprise.objects.all()).exists()
