"""Who may grade, re-grade and close a hazard: a unit never un-grades or closes what someone above graded.

The case found by trying the platform: the town grades a shop's hazard major, the shop re-assesses it as
general and fixes it on the spot. Each rule below is then checked over random sequences of actions by
every role (a hypothesis state machine).
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from anjian.core.testing import make_user
from anjian.hazards import rules, services
from anjian.hazards.choices import Grade, State
from anjian.hazards.models import Hazard
from anjian.hazards.rules import Refused
from anjian.org.choices import Role

from .test_rules import photo, plan_fields, settings_media  # noqa: F401 (a fixture)


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def shop_major(world):
    """The shop's hazard, found and graded major by the town (高兴镇)."""
    town = world.users["gaoxing"]
    h = services.register_hazard(town, world.enterprises["shop"], description="仓储间超量存放", source="supervision")
    services.perform(town, h, "assess", grade="major", major_reason="超量储存，按事故教训判定")
    h.refresh_from_db()
    return h


def test_the_unit_cannot_ungrade_or_close_what_the_town_graded(world, shop_major, api_for):
    qiye = world.users["qiye1"]
    with pytest.raises(Refused) as err:
        services.perform(qiye, shop_major, "assess", grade="general", reason="已整改")
    assert "镇" in str(err.value.messages[0]) or "Town" in str(err.value.messages[0])
    with pytest.raises(Refused):
        services.perform(qiye, shop_major, "fix_on_spot", photos=[photo()])
    api = api_for("qiye1")
    answer = api.post(
        f"/api/v1/hazards/{shop_major.pk}/transitions/", {"action": "assess", "grade": "general", "reason": "x"}
    )
    assert answer.status_code == 400
    shop_major.refresh_from_db()
    assert (shop_major.grade, shop_major.state, shop_major.grade_authority) == ("major", "assessed", "town")
    assert "assess" not in rules.allowed_actions(qiye, shop_major)
    assert "fix_on_spot" not in rules.allowed_actions(qiye, shop_major)


def test_a_major_hazard_leaves_the_database_only_by_a_reasoned_downgrade_of_its_department(world, shop_major):
    town, yingji = world.users["gaoxing"], world.users["yingji"]
    services.perform(town, shop_major, "report")
    shop_major.refresh_from_db()
    assert shop_major.in_major_database
    with pytest.raises(Refused) as err:  # no reason
        services.perform(yingji, shop_major, "assess", grade="general")
    assert "reason" in err.value.message_dict
    with pytest.raises(Refused) as err:  # the town graded it, but a downgrade of a major hazard is the department's
        services.perform(town, shop_major, "assess", grade="general", reason="复核后不属于重大隐患")
    assert "grade" in err.value.message_dict
    services.perform(yingji, shop_major, "assess", grade="general", reason="复核：库存未超核定量")
    shop_major.refresh_from_db()
    assert (shop_major.grade, shop_major.in_major_database, shop_major.ever_major) == ("general", False, True)
    assert shop_major.state == State.REPORTED
    event = shop_major.events.last()
    assert event.action == "assess" and event.actor == yingji
    assert event.data["from_grade"] == "major" and event.data["reason"] == "复核：库存未超核定量"
    assert event.data["authority"] == "department"
    # once major, still closed only after its supervising department verifies it
    services.perform(town, shop_major, "plan", **plan_fields())
    services.perform(world.users["qiye1"], shop_major, "submit_fix")
    with pytest.raises(Refused):
        services.perform(town, shop_major, "verify")
    with pytest.raises(Refused):
        services.perform(world.users["qiye1"], shop_major, "fix_on_spot", photos=[photo()])
    services.perform(yingji, shop_major, "verify")
    shop_major.refresh_from_db()
    assert shop_major.state == State.CLOSED


def test_a_higher_level_may_regrade_and_an_upgrade_goes_back_to_reporting(world):
    qiye, town = world.users["qiye1"], world.users["gaoxing"]
    h = services.register_hazard(qiye, world.enterprises["shop"], description="灭火器过期", source="self_check")
    services.perform(qiye, h, "assess", grade="general")
    services.perform(qiye, h, "plan", **plan_fields(funds=None, contingency_plan=None))
    h.refresh_from_db()
    assert (h.state, h.grade_authority) == (State.RECTIFYING, "enterprise")
    services.perform(town, h, "assess", grade="major", major_reason="消防设施失效", reason="检查发现实为重大隐患")
    h.refresh_from_db()
    assert (h.grade, h.state, h.ever_major, h.grade_authority) == ("major", State.ASSESSED, True, "town")
    with pytest.raises(Refused):  # the plan of a major hazard follows its report
        services.perform(town, h, "plan", **plan_fields())
    services.perform(town, h, "report")
    h.refresh_from_db()
    assert h.in_major_database


def test_fix_on_spot_is_the_finders_own_general_hazard(world):
    qiye, town, county = world.users["qiye1"], world.users["gaoxing"], world.users["county"]
    shop = world.enterprises["shop"]
    found_by_town = services.register_hazard(town, shop, description="通道堆物", source="supervision")
    with pytest.raises(Refused) as err:
        services.perform(qiye, found_by_town, "fix_on_spot", photos=[photo()])
    assert "found" in str(err.value.messages[0]) or "发现" in str(err.value.messages[0])

    own = services.register_hazard(qiye, shop, description="插线板私拉", source="self_check")
    services.perform(town, own, "assess", grade="general")  # graded by someone else
    with pytest.raises(Refused):
        services.perform(qiye, own, "fix_on_spot", photos=[photo()])

    supervised = services.register_hazard(town, shop, description="消防通道占用", source="supervision")
    services.perform(county, supervised, "supervise", level="county", kind="reminder", listed_on=timezone.localdate())
    with pytest.raises(Refused):
        services.perform(town, supervised, "fix_on_spot", photos=[photo()])

    fine = services.register_hazard(qiye, shop, description="标识脱落", source="self_check")
    services.perform(qiye, fine, "fix_on_spot", photos=[photo()])
    fine.refresh_from_db()
    assert (fine.state, fine.grade, fine.graded_by) == (State.CLOSED, Grade.GENERAL, qiye)


# --- the rules over random sequences of actions and roles --------------------------------------------

ACTORS = ["qiye1", "gaoxing", "gaoxing2", "yingji", "yingji2", "county", "leader", "zhujian1"]
ACTIONS = list(rules.ACTION_STATES)
REASONS = st.sampled_from(["", "复核意见"])
FIELDS = {
    "assess": st.fixed_dictionaries(
        {"grade": st.sampled_from(["general", "major"]), "major_reason": REASONS, "reason": REASONS}
    ),
    "plan": st.just("plan"),
    "progress": st.fixed_dictionaries({"text": st.just("已开工"), "substantive": st.booleans()}),
    "fix_on_spot": st.just({"photos": "photo"}),
    "reject": st.fixed_dictionaries({"reason": REASONS}),
    "escalate": st.fixed_dictionaries({"reason": REASONS}),
    "coordinate": st.just({"deadline": 15}),
    "supervise": st.fixed_dictionaries(
        {"level": st.sampled_from(["county", "town"]), "kind": st.sampled_from(["reminder", "supervision"])}
    ),
}


def concrete(fields) -> dict:
    if fields == "plan":
        return plan_fields()
    out = dict(fields)
    if out.get("photos"):
        out["photos"] = [photo()]
    if "deadline" in out:
        out["deadline"] = in_days(out["deadline"])
    if "level" in out:
        out["listed_on"] = timezone.localdate()
    return out


class Grading(RuleBasedStateMachine):
    world = None

    @initialize(finder=st.sampled_from(["qiye1", "gaoxing", "yingji"]))
    def register(self, finder):
        users = self.world.users
        source = "self_check" if finder == "qiye1" else "supervision"
        self.hazard = services.register_hazard(
            users[finder], self.world.enterprises["shop"], description="x", source=source
        )
        self.was_in_database = False

    @rule(action=st.sampled_from(ACTIONS), username=st.sampled_from(ACTORS), data=st.data())
    def act(self, action, username, data):
        fields = concrete(data.draw(FIELDS.get(action, st.just({}))))
        before = Hazard.objects.get(pk=self.hazard.pk)
        try:
            services.perform(self.world.users[username], self.hazard, action, **fields)
        except (Refused, PermissionDenied):
            return
        after = Hazard.objects.get(pk=self.hazard.pk)
        if before.in_major_database and not after.in_major_database:
            event = after.events.last()
            assert event.action == "assess" and event.data["grade"] == Grade.GENERAL
            assert event.data.get("reason"), "a downgrade out of the major-hazard database gives its reason"
            assert rules.supervises(event.actor, after), "only the supervising department downgrades"

    @invariant()
    def closed_only_by_permitted_people(self):
        h = Hazard.objects.get(pk=self.hazard.pk)
        events = list(h.events.order_by("id").select_related("actor"))
        last_fixer = None
        for e in events:
            if e.action == "submit_fix":
                last_fixer = e.actor_id
            if e.action == "verify":
                assert e.actor_id != last_fixer, "nobody verifies their own fix"
        ever_major = any(e.action == "assess" and e.data.get("grade") == Grade.MAJOR for e in events)
        assert h.ever_major == ever_major
        if h.state == State.CLOSED and ever_major:
            closing = events[-1]
            assert closing.action == "verify" and rules.supervises(closing.actor, h)
        for e in events:
            if e.action == "fix_on_spot":
                assert e.actor_id == h.found_by_id and not ever_major
        if h.in_major_database:
            assert h.grade == Grade.MAJOR


@pytest.mark.usefixtures("settings_media")
def test_random_sequences_keep_the_grading_rules(world):
    gaoxing = world.regions["360732104000"]
    world.users["gaoxing2"] = make_user("gaoxing2", Role.TOWN, region=gaoxing)
    world.users["yingji2"] = make_user("yingji2", Role.DEPARTMENT, department=world.departments["yingji"])
    world.users["zhujian1"] = make_user("zhujian1", Role.DEPARTMENT, department=world.departments["zhujian"])
    Grading.world = world
    run_state_machine_as_test(
        Grading,
        settings=settings(
            max_examples=40,
            stateful_step_count=30,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_the_web_form_refuses_the_units_regrade_with_a_message(world, shop_major, client_for):
    client = client_for("qiye1")
    answer = client.post(f"/hazards/{shop_major.pk}/act/assess/", {"grade": "general", "reason": "已整改"})
    assert answer.status_code == 200
    assert "只有同级或更高层级可以变更" in answer.content.decode()
    shop_major.refresh_from_db()
    assert shop_major.grade == "major" and shop_major.events.count() == 2
    client = client_for("yingji")
    answer = client.post(f"/hazards/{shop_major.pk}/act/assess/", {"grade": "general"})
    assert "请说明变更隐患等级的理由" in answer.content.decode()
    client.post(f"/hazards/{shop_major.pk}/act/assess/", {"grade": "general", "reason": "复核：不属于重大隐患"})
    shop_major.refresh_from_db()
    assert shop_major.grade == "general"
    page = client.get(f"/hazards/{shop_major.pk}/").content.decode()
    assert "复核：不属于重大隐患" in page and "原等级" in page
