"""The organisation pages for every role of the test world."""

import pytest
from django.urls import reverse

from anjian.core.testing import VISIBLE_ENTERPRISES

pytestmark = pytest.mark.django_db

USERS = sorted(VISIBLE_ENTERPRISES)


@pytest.mark.parametrize("username", USERS)
def test_region_tree_counts_only_what_the_user_may_see(world, client_for, username):
    response = client_for(username).get(reverse("org:region_tree"))
    assert response.status_code == 200
    roots = response.context["roots"]
    assert [r.region.name for r in roots] == ["兴国县"]
    assert roots[0].count == len(VISIBLE_ENTERPRISES[username])
    body = response.content.decode()
    assert "高兴镇" in body and "360732104000" in body and "城南社区第1网格" in body


def test_region_tree_counts_per_town_and_grid(world, client_for):
    roots = client_for("county").get(reverse("org:region_tree")).context["roots"]
    towns = {n.region.code: n for n in roots[0].children}
    assert towns["360732104000"].count == 2  # 高兴镇: the shop and the mine
    assert towns["360732100000"].count == 2  # 潋江镇: the site and the school
    village = next(v for v in towns["360732100000"].children if v.region.code == "360732100001")
    assert {g.region.name: g.count for g in village.children} == {"城南社区第1网格": 1, "城南社区第2网格": 1}


def test_town_user_sees_their_town_opened(world, client_for):
    roots = client_for("gaoxing").get(reverse("org:region_tree")).context["roots"]
    towns = {n.region.code: n for n in roots[0].children}
    assert towns["360732104000"].open and not towns["360732100000"].open


@pytest.mark.parametrize("username", USERS)
def test_department_list(world, client_for, username):
    body = client_for(username).get(reverse("org:department_list")).content.decode()
    assert "兴国县应急管理局" in body and "烟花爆竹" in body and "安委办" in body


@pytest.mark.parametrize("username", USERS)
def test_my_account_shows_roles_and_jurisdiction(world, client_for, username):
    response = client_for(username).get(reverse("org:my_account"))
    assert response.status_code == 200
    assert response.context["visible_count"] == len(VISIBLE_ENTERPRISES[username])
    body = response.content.decode()
    expected = {
        "county": "县安委办",
        "leader": "领导（只读）",
        "yingji": "兴国县应急管理局",
        "gaoxing": "高兴镇",
        "grid1": "城南社区第1网格",
        "qiye1": "王国平烟花爆竹零售店",
        "expert1": "江西某某化工有限公司",
    }[username]
    assert expected in body


def test_admin_history_is_read_only(world, client):
    from anjian.org.models import User

    admin = User.objects.create_superuser("root", password="x")
    client.force_login(admin)
    shop = world.enterprises["shop"]
    url = reverse("admin:registry_enterprise_history", args=[shop.pk])
    assert client.get(url).status_code == 200
    record = shop.history.first()
    revert = reverse("admin:registry_enterprise_simple_history", args=[shop.pk, record.history_id])
    count = shop.history.count()
    assert client.post(revert, {"name": "改掉"}).status_code < 500
    shop.refresh_from_db()
    assert shop.name == "王国平烟花爆竹零售店" and shop.history.count() == count
