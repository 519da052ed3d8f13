"""The services as a person meets them: who records what for whom, a drill carried from planned to evaluated and
its plan marked for revision, a plan revised into a new version, an accident's grade and investigation, the named
places — and every refusal keyed by field with nothing saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.emergency import services
from anjian.emergency.choices import DrillState, Organiser
from anjian.emergency.models import Accident, Drill, DrillRequirement
from anjian.org.models import Department

from .conftest import NOW, TODAY, accident, held, plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def refused(call, *args, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value.message_dict


# --- owners and roles ------------------------------------------------------------------------------------------


def test_each_role_records_for_its_own(world):
    shop, users = world.enterprises["shop"], world.users
    unit = held(users["qiye1"])  # the unit's own user: its unit by default
    assert (unit.organiser, unit.enterprise, unit.sector) == (Organiser.ENTERPRISE, shop, shop.sector)
    assert unit.region == shop.region and unit.department is None  # the shop answers to its town
    town = held(users["gaoxing"])
    assert (town.organiser, town.region.code) == (Organiser.TOWN, "360732104000")
    dept = held(users["yingji"])
    assert (dept.organiser, dept.department.code, dept.region.level) == (Organiser.DEPARTMENT, "yingji", "county")
    in_town = held(users["yingji"], department=world.departments["yingji"], region=world.regions["360732104000"])
    assert in_town.region.code == "360732104000"
    county = held(users["county"])
    assert county.organiser == Organiser.COUNTY
    of_unit = held(users["yingji"], world.enterprises["mine"])
    assert of_unit.department == world.departments["yingji"]


@pytest.mark.parametrize(
    ("username", "owner", "field"),
    [
        ("qiye1", {"enterprise": "mine"}, "enterprise"),  # another unit
        ("gaoxing", {"enterprise": "site"}, "enterprise"),  # a unit of another town
        ("gaoxing", {"region": "360732100000"}, "region"),  # another town
        ("yingji", {"department": "zhujian"}, "department"),
        ("yingji", {"enterprise": "school"}, "enterprise"),  # not in its sectors
    ],
)
def test_nobody_records_for_another_jurisdiction(world, username, owner, field):
    values = {}
    for name, key in owner.items():
        if name == "enterprise":
            values[name] = world.enterprises[key]
        elif name == "department":
            values[name] = Department.objects.get(code=key)
        else:
            values[name] = world.regions[key]
    errors = refused(services.record_drill, world.users[username], kind="fire", held_on=TODAY, participants=5,
                     **values)  # fmt: skip
    assert list(errors) == [field]
    assert not Drill.objects.exists()


@pytest.mark.parametrize("username", ["leader", "grid1", "expert1"])
def test_readers_record_nothing(world, username):
    with pytest.raises(PermissionDenied):
        services.record_drill(world.users[username], kind="fire", held_on=TODAY, participants=5)
    with pytest.raises(PermissionDenied):
        accident(world.users[username], world.enterprises["shop"])


def test_a_unit_records_no_accident_and_names_no_place(world):
    with pytest.raises(PermissionDenied):
        accident(world.users["qiye1"], world.enterprises["shop"])
    for username in ("qiye1", "yingji", "gaoxing"):
        with pytest.raises(PermissionDenied):
            services.name_place(world.users[username], enterprise=world.enterprises["school"], people=500,
                                counted_from=TODAY, required_by=TODAY)  # fmt: skip


# --- a drill's life --------------------------------------------------------------------------------------------


def test_a_drill_from_planned_to_evaluated_marks_its_plan(world):
    qiye = world.users["qiye1"]
    own = plan(qiye, title="烟花爆竹仓库火灾专项应急预案", kind="special")
    drill = services.record_drill(
        qiye, kind="fire", unscripted=True, planned_on=TODAY + dt.timedelta(days=10), plan=own
    )
    assert drill.state == DrillState.PLANNED and drill.title == "火灾应急演练"
    drill = services.change_drill(qiye, drill, {"filed_on": TODAY})
    assert drill.state == DrillState.FILED
    with pytest.raises(ValidationError):
        services.change_drill(qiye, drill, {"evaluation": "好"})  # not held yet
    drill = services.change_drill(qiye, drill, {"held_on": TODAY, "participants": 12})
    assert drill.state == DrillState.HELD and drill.late_filing  # filed the same day
    drill = services.change_drill(
        qiye, drill, {"evaluation": "疏散用时4分钟", "improvements": "增设应急照明", "plan_needs_revision": True}
    )
    assert drill.state == DrillState.EVALUATED
    own.refresh_from_db()
    assert own.needs_revision and own.revision_reason == "增设应急照明" and own.revision_drill == drill
    assert drill.history.count() == 4


def test_a_held_drill_needs_its_people_and_a_day_not_in_the_future(world):
    county, school = world.users["county"], world.enterprises["school"]
    errors = refused(services.record_drill, county, enterprise=school, kind="fire", held_on=TODAY)
    assert list(errors) == ["participants"]
    errors = refused(services.record_drill, county, enterprise=school, kind="fire",
                     held_on=TODAY + dt.timedelta(days=1), participants=5)  # fmt: skip
    assert list(errors) == ["held_on"]
    errors = refused(services.record_drill, county, enterprise=school, kind="fire")
    assert list(errors) == ["planned_on"]
    errors = refused(services.record_drill, county, enterprise=school, kind="quake", held_on=TODAY, participants=0,
                     title="演\u0007练", planned_on=TODAY + dt.timedelta(days=400))  # fmt: skip
    assert set(errors) == {"kind", "participants", "title", "planned_on"}
    assert not Drill.objects.exists()


def test_a_unit_drill_exercises_the_units_own_plan(world):
    mine_plan = plan(world.users["yingji"], world.enterprises["mine"])
    errors = refused(services.record_drill, world.users["county"], enterprise=world.enterprises["park_chem"],
                     kind="fire", held_on=TODAY, participants=5, plan=mine_plan)  # fmt: skip
    assert list(errors) == ["plan"]
    errors = refused(services.record_drill, world.users["qiye1"], kind="fire", held_on=TODAY, participants=5,
                     plan=mine_plan)  # fmt: skip
    assert list(errors) == ["plan"]  # not even visible to the shop


def test_only_a_planned_drill_is_cancelled(world):
    county = world.users["county"]
    planned = services.record_drill(county, kind="fire", planned_on=TODAY)
    services.cancel_drill(county, planned)
    assert not Drill.objects.exists()
    done = held(county)
    assert list(refused(services.cancel_drill, county, done)) == ["held_on"]


def test_a_unit_cannot_change_another_units_drill(world):
    drill = held(world.users["yingji"], world.enterprises["mine"])
    with pytest.raises(PermissionDenied):
        services.change_drill(world.users["qiye1"], drill, {"participants": 3})
    with pytest.raises(PermissionDenied):
        services.change_drill(world.users["gaoxing"], held(world.users["county"]), {"participants": 3})


# --- plans ------------------------------------------------------------------------------------------------------


def test_a_plan_is_filed_after_its_issue_with_a_department(world):
    qiye = world.users["qiye1"]
    errors = refused(plan, qiye, filed_on=dt.date(2023, 2, 1), filed_with=world.departments["yingji"])
    assert list(errors) == ["filed_on"]  # before the plan was issued
    assert list(refused(plan, qiye, filed_on=dt.date(2023, 3, 10))) == ["filed_with"]
    own = plan(qiye, filed_on=dt.date(2023, 3, 10), filed_with=world.departments["yingji"])
    assert own.filed_with.code == "yingji" and own.current


def test_revising_supersedes_and_keeps_the_old_version(world):
    qiye = world.users["qiye1"]
    old = plan(qiye)
    services.change_plan(qiye, old, {"needs_revision": True, "revision_reason": "应急资源变化"})
    assert list(refused(services.revise_plan, qiye, old, version="2023版", issued_on=TODAY)) == ["version"]
    assert list(refused(services.revise_plan, qiye, old, version="2024版", issued_on=dt.date(2023, 1, 1))) == [
        "issued_on"
    ]
    new = services.revise_plan(qiye, old, version="2024版", issued_on=TODAY)
    old.refresh_from_db()
    assert (old.current, new.current, new.supersedes, new.needs_revision) == (False, True, old, False)
    assert new.title == old.title and new.enterprise == old.enterprise
    with pytest.raises(PermissionDenied):
        services.change_plan(qiye, old, {"title": "改"})  # a superseded version stays as it was


def test_a_drill_marks_the_current_version_when_it_exercised_an_old_one(world):
    qiye = world.users["qiye1"]
    old = plan(qiye)
    new = services.revise_plan(qiye, old, version="2024版", issued_on=TODAY)
    held(qiye, plan=old, plan_needs_revision=True, improvements="疏散通道标识不清")
    new.refresh_from_db()
    assert new.needs_revision and new.revision_reason == "疏散通道标识不清"


# --- accidents ---------------------------------------------------------------------------------------------------


def test_an_accident_takes_its_grade_from_the_numbers(world):
    county, mine = world.users["county"], world.enterprises["mine"]
    found = accident(county, mine, deaths=1)
    assert (found.grade, found.unit_name, found.region, found.sector) == (
        "general",
        mine.name,
        mine.region,
        mine.sector,
    )
    errors = refused(accident, county, mine, deaths=3, grade="general")
    assert "第三条" in errors["grade"][0]
    larger = accident(county, mine, deaths=3)
    assert larger.grade == "larger"
    changed = services.change_accident(county, found, {"serious_injuries": 10})
    assert changed.grade == "larger"  # the numbers changed: the grade follows


def test_an_accident_outside_the_registry_names_its_place(world):
    county = world.users["county"]
    errors = refused(services.record_accident, county, occurred_at=NOW, summary="货车侧翻", direct_loss="3")
    assert set(errors) == {"unit_name", "region", "sector"}
    found = services.record_accident(county, occurred_at=NOW, summary="货车侧翻", unit_name="个体运输户",
                                     region=world.regions["gx_village"], sector=world.sectors["road_traffic"])  # fmt: skip
    assert found.direct_loss == Decimal("0.00") and found.enterprise is None


def test_a_town_records_accidents_only_in_its_town(world):
    town = world.users["gaoxing"]
    errors = refused(accident, town, world.enterprises["site"])
    assert "enterprise" in errors
    errors = refused(services.record_accident, town, occurred_at=NOW, summary="坍塌", unit_name="某工地",
                     region=world.regions["lj_village"], sector=world.sectors["construction"])  # fmt: skip
    assert list(errors) == ["region"]
    assert not Accident.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"occurred_at": NOW + dt.timedelta(hours=1)}, "occurred_at"),
        ({"occurred_at": dt.datetime(1999, 12, 31, 12)}, "occurred_at"),
        ({"deaths": -1}, "deaths"),
        ({"direct_loss": "1.234"}, "direct_loss"),
        ({"direct_loss": "NaN"}, "direct_loss"),
        ({"summary": ""}, "summary"),
        ({"reporting": "hidden"}, "reporting"),
        ({"investigation_status": "concluded"}, "conclusion"),
        ({"reporting": "concealed", "investigation_level": "county"}, "investigation_level"),
    ],
)
def test_bad_accident_values_are_refused(world, changes, field):
    errors = refused(accident, world.users["county"], world.enterprises["mine"], **changes)
    assert field in errors
    assert not Accident.objects.exists()


# --- named places -----------------------------------------------------------------------------------------------


def test_the_office_names_places_of_fifty_people_or_more(world):
    county, school, shop = world.users["county"], world.enterprises["school"], world.enterprises["shop"]
    window = {"counted_from": dt.date(2024, 7, 1), "required_by": dt.date(2024, 11, 30), "source": "兴安办〔2024〕80号"}
    errors = refused(services.name_places, county, [school, shop], **window)
    assert "enterprises" in errors  # neither has 50 staff recorded
    assert not DrillRequirement.objects.exists()
    named = services.name_places(county, [school, shop], people=300, **window)
    assert len(named) == 2
    errors = refused(services.name_place, county, enterprise=school, people=300, **window)
    assert list(errors) == ["enterprise"]  # already named with this deadline
    errors = refused(services.name_place, county, enterprise=school, people=300, counted_from=TODAY,
                     required_by=TODAY - dt.timedelta(days=1))  # fmt: skip
    assert list(errors) == ["required_by"]
