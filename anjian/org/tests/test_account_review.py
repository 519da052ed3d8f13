"""The periodic account review: the county office lists its area's active accounts unused for 90 days (or never
used) and deactivates them; their API tokens stop at once; nobody else sees the list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from anjian.core import tokens
from anjian.core.testing import make_user
from anjian.org.choices import Role
from anjian.org.models import Region, User

pytestmark = pytest.mark.django_db


def _age(username: str, *, last_login_days: int | None, joined_days: int = 400) -> User:
    now = timezone.now()
    last = None if last_login_days is None else now - dt.timedelta(days=last_login_days)
    User.objects.filter(username=username).update(last_login=last, date_joined=now - dt.timedelta(days=joined_days))
    return User.objects.get(username=username)


def test_the_office_sees_the_dormant_accounts_of_its_area_and_deactivates_one(world, client_for):
    for name in world.users:
        _age(name, last_login_days=1)
    _age("grid1", last_login_days=91)
    _age("yingji", last_login_days=89)
    _age("qiye1", last_login_days=None)  # never signed in since created, 400 days ago
    elsewhere = Region.objects.create(code="360800000000", name="吉安市", level="city")
    make_user("jian", Role.COUNTY_OFFICE, region=elsewhere)
    _age("jian", last_login_days=300)
    page = client_for("county").get("/org/accounts/review/")
    listed = {u.username for u in page.context["page"].object_list}
    assert listed == {"grid1", "qiye1"}  # not the 89-day one, not another area's
    key = tokens.issue(User.objects.get(username="grid1"))[1]
    client_for("county").post(f"/org/accounts/{User.objects.get(username='grid1').pk}/deactivate/")
    assert not User.objects.get(username="grid1").is_active
    assert not tokens.active(User.objects.get(username="grid1")).exists() and key
    jian = User.objects.get(username="jian")
    assert client_for("county").post(f"/org/accounts/{jian.pk}/deactivate/").status_code == 404
    assert User.objects.get(username="jian").is_active


@pytest.mark.parametrize("username", ["gaoxing", "yingji", "grid1", "qiye1", "leader"])
def test_others_have_no_account_review(world, client_for, username):
    assert client_for(username).get("/org/accounts/review/").status_code == 403
    target = world.users["grid1"].pk
    assert client_for(username).post(f"/org/accounts/{target}/deactivate/").status_code == 403
