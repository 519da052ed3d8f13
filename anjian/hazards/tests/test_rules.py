"""Every transition rule and every refusal: states × actions, roles × actions, the five elements,
own-fix verification, escalation and supervision matrices, and a random walk over the lifecycle."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from PIL import Image

from anjian.core.testing import make_user
from anjian.hazards import rules, services
from anjian.hazards.choices import Action, Level, State, SupervisionLevel
from anjian.hazards.models import Hazard, RectificationPlan
from anjian.hazards.rules import ACTION_STATES, LEVEL_ROLES, ROLE_ACTIONS, SUPERVISION_ROLES, Refused
from anjian.org.choices import Role

LIANJIANG = "360732100000"
# The states a general hazard of the mine passes through, with the step that leads there.
PATH = [("assess", {"grade": "general"}), ("report", {}), ("plan", None), ("submit_fix", {}), ("verify", {})]
ROLE_USERS = {
    Role.COUNTY_OFFICE: "county",
    Role.DEPARTMENT: "yingji",
    Role.TOWN: "gaoxing",
    Role.GRID_WORKER: "grid1",
    Role.ENTERPRISE: "qiye1",
    Role.EXPERT: "expert1",
    Role.LEADER: "leader",
    # 三权分立: the three administrators run the system and read its logs; none of them touches a hazard.
    Role.SYSTEM_ADMIN: "sysadmin",
    Role.SECURITY_ADMIN: "secadmin",
    Role.AUDIT_ADMIN: "auditadmin",
}


def photo(color="red") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), color).save(out, "JPEG")
    return SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def plan_fields(**overrides):
    fields = {
        "responsible_person": "李四",
        "measures": "疏通出口",
        "funds": "120000",
        "deadline": in_days(30),
        "contingency_plan": "停止井下作业",
    }
    return {k: v for k, v in (fields | overrides).items() if v is not None}


def hazard_in(world, state: str) -> Hazard:
    """A general hazard of the mine, registered by its town (level town), taken to `state`."""
    town, county = world.users["gaoxing"], world.users["county"]
    h = services.register_hazard(town, world.enterprises["mine"], description="安全出口不畅", source="self_check")
    for action, fields in PATH:
        if h.state == state:
            break
        services.perform(county if action == "verify" else town, h, action, **(fields or plan_fields()))
        h.refresh_from_db()
    assert h.state == state
    return h


def valid_fields(action: str) -> dict:
    return {
        "assess": {"grade": "general"},
        "report": {},
        "fix_on_spot": {"photos": [photo()]},
        "plan": plan_fields(),
        "progress": {"text": "已开工", "substantive": True},
        "submit_fix": {},
        "verify": {},
        "reject": {"reason": "仍有堆放物"},
        "escalate": {"reason": "属地难以解决"},
        "coordinate": {"deadline": in_days(20)},
        "supervise": {"level": "town", "kind": "reminder", "listed_on": timezone.localdate()},
    }[action]


@pytest.mark.parametrize("state", State.values)
@pytest.mark.parametrize("action", list(ACTION_STATES))
def test_each_action_from_each_state(world, action, state):
    h = hazard_in(world, state)
    user = world.users["county" if action in ("verify", "reject") else "gaoxing"]
    before = h.events.count()
    if state in ACTION_STATES[action]:
        event = services.perform(user, h, action, **valid_fields(action))
        assert (event.from_state, event.action, h.events.count()) == (state, action, before + 1)
    else:
        with pytest.raises(Refused) as err:
            services.perform(user, h, action, **valid_fields(action))
        message = err.value.messages[0]
        assert str(Action(action).label) in message and str(State(state).label) in message
        assert h.events.count() == before
        assert action not in rules.allowed_actions(user, h)


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("action", Action.values)
def test_each_role_and_action(world, role, action):
    name = ROLE_USERS[role]
    user = world.users[name] if name in world.users else make_user(name, role)
    may = action in ROLE_ACTIONS.get(role, set())
    assert rules.role_may(user, action) is may
    if may:
        return
    with pytest.raises(PermissionDenied):
        if action == "register":
            services.register_hazard(user, world.enterprises["shop"], description="x", source="self_check")
        else:
            services.perform(user, hazard_in(world, State.ASSESSED), action, **valid_fields(action))


def test_unknown_action_and_source_are_refused(world):
    h = hazard_in(world, State.REGISTERED)
    for action in ("register", "destroy"):
        with pytest.raises(Refused):
            services.perform(world.users["county"], h, action)
    with pytest.raises(Refused):
        services.register_hazard(world.users["county"], world.enterprises["mine"], description="x", source="rumour")
    with pytest.raises(Refused):
        services.register_hazard(world.users["county"], world.enterprises["mine"], description=" ", source="expert")


def reported_major(world) -> Hazard:
    town = world.users["gaoxing"]
    h = services.register_hazard(town, world.enterprises["mine"], description="采空区未处理", source="self_check")
    services.perform(town, h, "assess", grade="major", major_reason="同类事故教训")
    with pytest.raises(Refused):  # a major hazard is reported before its plan
        services.perform(town, h, "plan", **plan_fields())
    services.perform(town, h, "report")
    return h


@pytest.mark.parametrize("missing", ["responsible_person", "measures", "funds", "deadline", "contingency_plan"])
def test_major_plan_needs_all_five_elements(world, missing):
    h = reported_major(world)
    with pytest.raises(Refused) as err:
        services.perform(world.users["gaoxing"], h, "plan", **plan_fields(**{missing: None}))
    assert set(err.value.message_dict) == {missing}
    h.refresh_from_db()
    assert h.state == State.REPORTED


def test_general_plan_needs_three_elements_and_no_past_deadline(world):
    h = hazard_in(world, State.ASSESSED)
    services.perform(world.users["gaoxing"], h, "plan", **plan_fields(funds=None, contingency_plan=None))
    h2 = hazard_in(world, State.ASSESSED)
    with pytest.raises(Refused) as err:
        services.perform(world.users["gaoxing"], h2, "plan", **plan_fields(deadline=in_days(-1)))
    assert "deadline" in err.value.message_dict
    with pytest.raises(Refused):
        services.perform(world.users["gaoxing"], h2, "plan", **plan_fields(funds="很多"))


def test_grading_refusals(world):
    h = hazard_in(world, State.REGISTERED)
    town = world.users["gaoxing"]
    for fields in ({}, {"grade": "huge"}, {"grade": "major"}, {"grade": "major", "criterion": 999999}):
        with pytest.raises(Refused):
            services.perform(town, h, "assess", **fields)
    services.perform(town, h, "assess", grade="major", major_reason="无判定标准，按事故教训")
    with pytest.raises(Refused):
        services.perform(town, h, "fix_on_spot", photos=[photo()])  # major: needs a plan
    general = hazard_in(world, State.REGISTERED)
    with pytest.raises(Refused):
        services.perform(town, general, "fix_on_spot")  # no photo of the result


def test_own_fix_cannot_be_verified_or_rejected_by_its_fixer(world):
    county = world.users["county"]
    h = hazard_in(world, State.RECTIFYING)
    services.perform(county, h, "submit_fix")
    for action, fields in (("verify", {}), ("reject", {"reason": "x"})):
        with pytest.raises(Refused):
            services.perform(county, h, action, **fields)
    assert not {"verify", "reject"} & set(rules.allowed_actions(county, h))
    with pytest.raises(Refused):
        services.perform(world.users["gaoxing"], h, "reject")  # a reason is required
    services.perform(world.users["gaoxing"], h, "verify")


def test_major_verification_only_by_the_supervising_department(world):
    h = reported_major(world)
    town = world.users["gaoxing"]
    services.perform(town, h, "plan", **plan_fields())
    services.perform(town, h, "submit_fix")
    other = make_user("zhujian1", Role.DEPARTMENT, department=world.departments["zhujian"])
    with pytest.raises(PermissionDenied):  # 住建局 does not supervise a mine: it cannot even see it
        services.perform(other, h, "verify")
    village = make_user("gx_village", Role.TOWN, region=world.regions["gx_village"])
    with pytest.raises(Refused):  # a town may verify general hazards, not major ones
        services.perform(village, h, "verify")
    h.refresh_from_db()
    assert "verify" not in rules.allowed_actions(village, h)
    assert "verify" in rules.allowed_actions(world.users["yingji"], h)
    services.perform(world.users["yingji"], h, "verify")


@pytest.fixture
def chain(world):
    """Users of every level over the construction site of 潋江镇, and a hazard placed at a level."""
    world.users["lianjiang"] = make_user("lianjiang", Role.TOWN, region=world.regions[LIANJIANG])
    world.users["zhujian1"] = make_user("zhujian1", Role.DEPARTMENT, department=world.departments["zhujian"])
    climbers = {Level.GRID: "grid1", Level.TOWN: "lianjiang", Level.COMMITTEE: "zhujian1"}

    def at(level: str) -> Hazard:
        h = services.register_hazard(
            world.users["grid1"], world.enterprises["site"], description="x", source="grid_patrol"
        )
        while h.level != level:
            services.perform(world.users[climbers[h.level]], h, "escalate", reason="无法处置")
            h.refresh_from_db()
        return h

    return at


CHAIN_USERS = ["grid1", "lianjiang", "zhujian1", "county"]


@pytest.mark.parametrize("username", CHAIN_USERS)
@pytest.mark.parametrize("level", Level.values)
@pytest.mark.parametrize("action", ["escalate", "coordinate"])
def test_escalation_and_coordination_by_level_and_role(world, chain, level, username, action):
    h = chain(level)
    user = world.users[username]
    fields = {"reason": "无法处置"} if action == "escalate" else {"deadline": in_days(15)}
    role = next(iter(rules.roles(user)))
    allowed = role in LEVEL_ROLES[Level(level)] and not (action == "escalate" and level == Level.COUNTY)
    if allowed:
        services.perform(user, h, action, **fields)
        h.refresh_from_db()
        if action == "escalate":
            order = [Level.GRID, Level.TOWN, Level.COMMITTEE, Level.COUNTY]
            assert h.level == order[order.index(Level(level)) + 1]
            assert h.events.last().data["from_level"] == level
        else:
            assert h.deadline == in_days(15)
    else:
        with pytest.raises(Refused):
            services.perform(user, h, action, **fields)
        h.refresh_from_db()
        assert h.level == level


def test_escalation_needs_a_reason_and_coordination_something_to_set(world, chain):
    h = chain(Level.TOWN)
    with pytest.raises(Refused):
        services.perform(world.users["lianjiang"], h, "escalate", reason="")
    with pytest.raises(Refused):
        services.perform(world.users["lianjiang"], h, "coordinate")
    with pytest.raises(Refused):
        services.perform(world.users["lianjiang"], h, "coordinate", responsible_unit="不存在的单位")
    services.perform(world.users["lianjiang"], h, "coordinate", responsible_unit="zhujian")
    h.refresh_from_db()
    assert h.responsible_department == world.departments["zhujian"]


@pytest.mark.parametrize("username", ["lianjiang", "zhujian1", "county"])
@pytest.mark.parametrize("level", SupervisionLevel.values)
def test_supervision_level_and_role(world, chain, level, username):
    h = chain(Level.GRID)
    user = world.users[username]
    fields = {"level": level, "kind": "listing", "document": "兴安办字〔2024〕7号", "listed_on": timezone.localdate()}
    if next(iter(rules.roles(user))) in SUPERVISION_ROLES[SupervisionLevel(level)]:
        services.perform(user, h, "supervise", **fields)
        assert h.supervisions.get().level == level
    else:
        with pytest.raises(Refused):
            services.perform(user, h, "supervise", **fields)
        assert not h.supervisions.exists()


def test_supervision_refusals(world, chain):
    h = chain(Level.GRID)
    county = world.users["county"]
    today = timezone.localdate()
    bad = [
        {"level": "county", "kind": "listing", "listed_on": today},  # a listing names its document
        {"level": "province", "kind": "listing", "document": "x", "listed_on": today},
        {"level": "county", "kind": "warning", "listed_on": today},
        {"level": "county", "kind": "reminder"},
        {"level": "county", "kind": "reminder", "listed_on": "yesterday"},
    ]
    for fields in bad:
        with pytest.raises(Refused):
            services.perform(county, h, "supervise", **fields)
    with pytest.raises(PermissionDenied):
        services.perform(world.users["grid1"], h, "supervise", level="town", kind="reminder", listed_on=today)
    assert not h.supervisions.exists() and h.events.count() == 1


# --- a random walk over the lifecycle ---------------------------------------------------------------

WALKERS = ["county", "county", "zhujian1", "lianjiang", "lianjiang", "grid1", "grid1", "leader", "gaoxing"]
TEXTS = st.sampled_from(["", "原因或进展"])
FIELDS = {
    "assess": st.fixed_dictionaries({"grade": st.sampled_from(["general", "major", ""]), "major_reason": TEXTS}),
    "plan": st.fixed_dictionaries(
        {"deadline": st.sampled_from([10, -3])},
        optional={k: st.just(v) for k, v in plan_fields().items() if k != "deadline"} | {"funds": st.just("很多")},
    ),
    "progress": st.fixed_dictionaries({"text": TEXTS, "substantive": st.booleans()}),
    "fix_on_spot": st.fixed_dictionaries({}, optional={"photos": st.just("photo")}),
    "reject": st.fixed_dictionaries({"reason": TEXTS}),
    "escalate": st.fixed_dictionaries({"reason": TEXTS}),
    "coordinate": st.fixed_dictionaries({}, optional={"deadline": st.sampled_from([-5, 10])}),
    "supervise": st.fixed_dictionaries(
        {"level": st.sampled_from(["city", "county", "town", "x"]), "kind": st.sampled_from(["reminder", "listing"])},
        optional={"document": st.just("兴安办字〔2024〕9号")},
    ),
}


def concrete(fields: dict) -> dict:
    """Day offsets become dates and the photo marker a fresh upload (strategies stay plain data)."""
    out = dict(fields)
    if "deadline" in out:
        out["deadline"] = in_days(out["deadline"])
    if out.get("photos"):
        out["photos"] = [photo()]
    if "level" in out:
        out["listed_on"] = timezone.localdate()
    return out


def snapshot(h: Hazard) -> tuple:
    return (
        Hazard.objects.filter(pk=h.pk).values().get(),
        list(RectificationPlan.objects.filter(hazard=h).values()),
        h.supervisions.count(),
        list(h.photos.values_list("pk", flat=True)),
    )


def signed(h: Hazard) -> list[tuple]:
    return list(h.events.order_by("id").values_list("id", "action", "from_state", "to_state", "actor_id", "data"))


class Lifecycle(RuleBasedStateMachine):
    world = None  # set by the test: the build_world() of this database

    @initialize()
    def register(self):
        users, site = self.world.users, self.world.enterprises["site"]
        self.hazard = services.register_hazard(users["grid1"], site, description="临边防护缺失", source="grid_patrol")
        self.successes = 0

    @rule(action=st.sampled_from(list(ACTION_STATES)), username=st.sampled_from(WALKERS), data=st.data())
    def act(self, action, username, data):
        fields = concrete(data.draw(FIELDS.get(action, st.just({}))))
        before, events_before = snapshot(self.hazard), signed(self.hazard)
        try:
            services.perform(self.world.users[username], self.hazard, action, **fields)
        except (Refused, PermissionDenied):
            assert snapshot(self.hazard) == before
            assert signed(self.hazard) == events_before
        else:
            self.successes += 1
            after = signed(self.hazard)
            assert after[:-1] == events_before and after[-1][1] == action

    @invariant()
    def consistent(self):
        h = Hazard.objects.get(pk=self.hazard.pk)
        assert h.state in State.values
        if h.state == State.CLOSED:
            assert h.closed_at is not None and not h.overdue
        events = list(h.events.order_by("id"))
        assert len(events) == 1 + self.successes
        assert (events[0].action, events[0].from_state) == ("register", "")
        assert all(b.from_state == a.to_state for a, b in zip(events, events[1:], strict=False))
        assert events[-1].to_state == h.state


def test_random_walks_keep_the_invariants(world, chain, settings_media):
    Lifecycle.world = world
    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
