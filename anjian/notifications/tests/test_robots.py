"""A unit keeps its own group robots on a page (not only in the admin): a town its town's, a department its
department's, the county office its own and those one level below; the test message reaches the fake robot in
its documented format, and a refusal is said plainly."""

from __future__ import annotations

import pytest

from anjian.notifications.choices import WebhookKind
from anjian.notifications.models import Webhook

TOWN = "360732100000"  # 潋江镇

pytestmark = pytest.mark.django_db


def _add(client, unit: str, url: str, **extra):
    data = {"unit": unit, "name": "潋江镇安全群", "kind": WebhookKind.WECOM, "url": url, "enabled": "on", **extra}
    return client.post("/notifications/robots/new/", data)


def test_a_town_adds_its_robot_and_tests_it(world, lianjiang, client_for, receiver):
    client = client_for(lianjiang)
    town = world.regions[TOWN]
    page = client.get("/notifications/robots/new/")
    assert page.status_code == 200
    assert [value for value, _ in page.context["form"].fields["unit"].choices] == [f"region:{town.pk}"]
    response = _add(client, f"region:{town.pk}", f"{receiver.url}/cgi-bin/webhook/send?key=k1")
    assert response.status_code == 302
    robot = Webhook.objects.get()
    assert (robot.region_id, robot.department_id, robot.enabled) == (town.pk, None, True)
    listed = client.get("/notifications/robots/").content.decode()
    assert "潋江镇安全群" in listed

    client.post(f"/notifications/robots/{robot.pk}/test/")
    [request] = receiver.requests
    assert request["json"]["msgtype"] == "text"
    assert "测试" in request["json"]["text"]["content"] or "test" in request["json"]["text"]["content"]


def test_a_refusing_robot_is_reported(world, lianjiang, client_for, receiver):
    town = world.regions[TOWN]
    robot = Webhook.objects.create(name="群", kind=WebhookKind.DINGTALK, url=f"{receiver.url}/robot/send", region=town)
    receiver.answer = {"errcode": 310000, "errmsg": "keywords not in content"}
    response = client_for(lianjiang).post(f"/notifications/robots/{robot.pk}/test/", follow=True)
    text = response.content.decode()
    assert "310000" in text and "keywords not in content" in text


def test_no_one_keeps_another_units_robot(world, lianjiang, client_for):
    other = world.regions["360732104000"]  # 高兴镇
    department = world.users["yingji"].assignments.get().department
    robot = Webhook.objects.create(
        name="部门群", kind=WebhookKind.WECOM, url="https://example.org/x", department=department
    )
    client = client_for(lianjiang)
    assert client.get(f"/notifications/robots/{robot.pk}/").status_code == 404
    assert client.post(f"/notifications/robots/{robot.pk}/delete/").status_code == 404
    assert Webhook.objects.filter(pk=robot.pk).exists()
    # A unit that is not the town's own is refused by the form, and nothing is stored.
    for target in (f"department:{department.pk}", f"region:{other.pk}", "region:x", ""):
        response = _add(client, target, "https://example.org/y")
        assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert Webhook.objects.count() == 1


def test_bad_input_is_refused_field_by_field(world, lianjiang, client_for):
    town = world.regions[TOWN]
    client = client_for(lianjiang)
    response = _add(client, f"region:{town.pk}", "not an address", name="群\x07")
    errors = response.context["form"].errors
    assert response.status_code == 200 and {"url", "name"} <= set(errors)
    assert not Webhook.objects.exists()


def test_the_secret_is_kept_when_left_empty(world, lianjiang, client_for):
    town = world.regions[TOWN]
    robot = Webhook.objects.create(
        name="群",
        kind=WebhookKind.DINGTALK,
        url="https://oapi.dingtalk.com/robot/send?access_token=t",
        secret="SEC1",
        region=town,
    )
    client = client_for(lianjiang)
    page = client.get(f"/notifications/robots/{robot.pk}/").content.decode()
    assert "SEC1" not in page
    data = {"unit": f"region:{town.pk}", "name": "群2", "kind": WebhookKind.DINGTALK, "url": robot.url, "secret": ""}
    assert client.post(f"/notifications/robots/{robot.pk}/", data).status_code == 302
    robot.refresh_from_db()
    assert (robot.name, robot.secret, robot.enabled) == ("群2", "SEC1", False)


def test_the_county_office_keeps_the_towns_and_departments(world, client_for):
    office = world.users["county"]
    client = client_for(office)
    choices = [value for value, _ in client.get("/notifications/robots/new/").context["form"].fields["unit"].choices]
    assert f"region:{world.regions[TOWN].pk}" in choices
    assert any(value.startswith("department:") for value in choices)
    assert not any(r.level == "village" and f"region:{r.pk}" in choices for r in world.regions.values())


def test_a_grid_worker_or_enterprise_has_no_robot_page(world, client_for):
    for name in ("grid1", "qiye1", "expert1", "leader"):
        assert client_for(world.users[name]).get("/notifications/robots/").status_code == 403
