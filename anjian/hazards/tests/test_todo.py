"""My tasks: every to-do reachable (paged, counted, filtered), escalations first, the SQL agreeing with the rules."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anjian.core.testing import make_user
from anjian.hazards import rules, services, todo
from anjian.hazards.models import Hazard
from anjian.org.choices import Role
from anjian.org.jurisdiction import within

from .test_lifecycle import photo

pytestmark = pytest.mark.django_db

TASKS = reverse("hazards:tasks")


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def plan(user, hazard, deadline: dt.date) -> None:
    services.perform(user, hazard, "plan", responsible_person="张三", measures="整改", deadline=deadline)


def shown(response) -> list[int]:
    return [h.pk for h, _actions in response.context["todo"]]


def test_the_county_reaches_every_task_fifty_a_page(world, client_for):
    county = world.users["county"]
    for i in range(205):
        services.register_hazard(county, world.enterprises["school"], description=f"隐患{i}", source="supervision")
    client = client_for("county")
    first = client.get(TASKS)
    page = first.content.decode()
    assert first.context["page"].paginator.count == 205 and len(shown(first)) == 50
    assert 'class="badge text-bg-primary task-total">205<' in page and "1 / 5" in page
    last = client.get(TASKS, {"page": 5})
    assert len(shown(last)) == 5
    every = set()
    for n in range(1, 6):
        every |= set(shown(client.get(TASKS, {"page": n})))
    assert every == set(Hazard.objects.values_list("pk", flat=True))
    assert ">99+<" in client.get(reverse("hazards:task_badge")).content.decode()


def test_task_page_queries_do_not_grow_with_the_tasks(world, client_for):
    county = world.users["county"]
    client = client_for("county")

    def add(n: int) -> None:
        for i in range(n):
            h = services.register_hazard(
                county, world.enterprises["site"], description=f"隐患{i}", source="supervision"
            )
            services.perform(county, h, "assess", grade="general")
            plan(county, h, days(3 + i % 5))

    counts = []
    for n in (3, 57):
        add(n)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(TASKS).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_tasks_filter_by_state_grade_deadline_level_and_region(world, client_for, time_machine):
    county, gaoxing = world.users["county"], world.users["gaoxing"]
    school = services.register_hazard(county, world.enterprises["school"], description="学校", source="supervision")
    services.perform(county, school, "assess", grade="general")
    plan(county, school, days(3))
    mine = services.register_hazard(gaoxing, world.enterprises["mine"], description="矿山", source="supervision")
    services.perform(gaoxing, mine, "assess", grade="major", major_reason="无适用标准")
    site = services.register_hazard(county, world.enterprises["site"], description="工地", source="supervision")
    services.perform(county, site, "assess", grade="general")
    plan(county, site, days(20))
    client = client_for("county")

    def ids(**filters) -> set[int]:
        return set(shown(client.get(TASKS, filters)))

    assert ids() == {school.pk, mine.pk, site.pk}
    assert ids(state="rectifying") == {school.pk, site.pk}
    assert ids(grade="major") == {mine.pk}
    assert ids(due_soon="true") == {school.pk}
    assert ids(level="town") == {mine.pk}
    assert ids(region="360732104000") == {mine.pk}  # 高兴镇
    assert ids(region="360732100000", grade="general") == {school.pk, site.pk}  # 潋江镇
    time_machine.move_to(timezone.now() + dt.timedelta(days=10))
    assert ids(overdue="true") == {school.pk}
    page = client.get(TASKS, {"grade": "major", "due_soon": "true"}).content.decode()
    assert "task-list" in page and 'data-hazard="' not in page
    # A town sees no region filter (it has one town); a bad filter value lists nothing rather than failing.
    town_page = client_for("gaoxing").get(TASKS).content.decode()
    assert 'name="region"' not in town_page and 'name="due_soon"' in town_page
    assert client.get(TASKS, {"state": "nonsense"}).status_code == 200


def test_a_hazard_escalated_to_a_level_is_first_on_that_levels_list(world, client_for):
    lianjiang = make_user("lianjiang", Role.TOWN, region=world.regions["360732100000"])
    grid1 = world.users["grid1"]
    older = services.register_hazard(lianjiang, world.enterprises["site"], description="较早", source="supervision")
    services.perform(lianjiang, older, "assess", grade="general")
    plan(lianjiang, older, days(1))
    escalated = services.register_hazard(grid1, world.enterprises["site"], description="需协调", source="grid_patrol")
    client = client_for("lianjiang")
    assert shown(client.get(TASKS))[0] == older.pk
    services.perform(grid1, escalated, "escalate", reason="网格无法协调施工单位")
    response = client.get(TASKS)
    assert shown(response)[0] == escalated.pk
    items = dict(response.context["todo"])
    assert "coordinate" in [code for code, _label in items[Hazard.objects.get(pk=escalated.pk)]]
    page = response.content.decode()
    first_item = page[page.index('data-hazard="') :]
    assert first_item.startswith(f'data-hazard="{escalated.pk}"') and "task-escalated" in first_item[:400]
    assert "上报" in first_item[:400] or "Escalated" in first_item[:400]
    # The grid worker who escalated sees no "escalated to your level" badge.
    assert "task-escalated" not in client_for("grid1").get(TASKS).content.decode()


@pytest.fixture
def desk(world):
    """Hazards in every state, graded, supervised, fixed and escalated by different people."""
    county, town, grid1, qiye1 = (world.users[k] for k in ("county", "gaoxing", "grid1", "qiye1"))
    site, mine, shop, school = (world.enterprises[k] for k in ("site", "mine", "shop", "school"))
    made = {"new": services.register_hazard(grid1, site, description="新登记", source="grid_patrol")}
    made["graded"] = services.register_hazard(grid1, site, description="已评估", source="grid_patrol")
    services.perform(grid1, made["graded"], "assess", grade="general")
    made["by_county"] = services.register_hazard(grid1, site, description="县评估", source="grid_patrol")
    services.perform(county, made["by_county"], "assess", grade="general")
    made["own"] = services.register_hazard(qiye1, shop, description="自查", source="self_check")
    services.perform(qiye1, made["own"], "assess", grade="general")
    made["major"] = services.register_hazard(town, mine, description="重大", source="department_inspection")
    services.perform(town, made["major"], "assess", grade="major", major_reason="无适用标准")
    made["reported"] = services.register_hazard(town, mine, description="已上报", source="department_inspection")
    services.perform(town, made["reported"], "assess", grade="major", major_reason="无适用标准")
    services.perform(town, made["reported"], "report")
    for key in ("rectifying", "waiting", "closed"):
        made[key] = services.register_hazard(grid1, site, description=key, source="grid_patrol")
        services.perform(grid1, made[key], "assess", grade="general")
        plan(county, made[key], days(3))
    services.perform(grid1, made["waiting"], "submit_fix")
    services.perform(grid1, made["closed"], "submit_fix")
    services.perform(county, made["closed"], "verify")
    made["major_waiting"] = services.register_hazard(town, mine, description="重大待验收", source="supervision")
    services.perform(town, made["major_waiting"], "assess", grade="major", major_reason="无适用标准")
    services.perform(town, made["major_waiting"], "report")
    five = {"responsible_person": "李四", "measures": "疏通", "funds": "1000", "contingency_plan": "停工"}
    services.perform(town, made["major_waiting"], "plan", deadline=days(30), **five)
    services.perform(town, made["major_waiting"], "submit_fix")
    made["supervised"] = services.register_hazard(county, school, description="督办", source="supervision")
    services.perform(county, made["supervised"], "supervise", level="county", kind="reminder", listed_on=days(0))
    made["escalated"] = services.register_hazard(grid1, site, description="上报", source="grid_patrol")
    services.perform(grid1, made["escalated"], "escalate", reason="协调不了")
    made["spot"] = services.register_hazard(grid1, site, description="立改", source="grid_patrol")
    services.perform(grid1, made["spot"], "fix_on_spot", photos=[photo()])
    return made


def expected(user, hazard: Hazard) -> list[str]:
    """The to-do of `user` on `hazard` from the rules themselves (regrading and always-possible steps aside)."""
    if not within(user, hazard):
        return []
    allowed = rules.allowed_actions(user, hazard)
    actions = [a for a in todo.TODO_ACTIONS if a in allowed and not (a == "assess" and hazard.grade)]
    escalated = hazard.events.filter(action="escalate").exists() and hazard.level != "grid"
    return actions + (["coordinate"] if escalated and "coordinate" in allowed else [])


@pytest.mark.parametrize("username", ["county", "leader", "yingji", "gaoxing", "grid1", "qiye1", "expert1", "town2"])
def test_the_task_list_agrees_with_the_rules(world, desk, username):
    if username == "town2":
        world.users[username] = make_user("town2", Role.TOWN, region=world.regions["360732100000"])
    user = world.users[username]
    listed = {h.pk: todo.actions_of(h) for h in todo.waiting(user)}
    for key, hazard in desk.items():
        hazard = Hazard.objects.get(pk=hazard.pk)
        want = expected(user, hazard)
        assert listed.get(hazard.pk, []) == want, (username, key)


def test_badge_counts_the_same_tasks_as_the_page(world, desk, client_for):
    for username in ("county", "grid1", "gaoxing"):
        client = client_for(username)
        total = client.get(TASKS).context["page"].paginator.count
        badge = client.get(reverse("hazards:task_badge")).content.decode()
        assert (re.search(r">(\d+)<", badge).group(1) if total else "") == (str(total) if total else ""), username
