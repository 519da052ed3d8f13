"""Each duties figure's value is the count of the very rows it returns (distinct units for those in 家), for a
town, a department and the county, alone or rolled up together; known values on a small scene."""

from __future__ import annotations

import datetime as dt

import pytest

from anjian.core import figures
from anjian.core.figures import Frame
from anjian.duties import lists, services
from anjian.duties.figures import FIGURE_KEYS
from anjian.duties.models import DutyOccurrence, ReportTemplate

from .conftest import COUNTY, GAOXING, TODAY, occurrence
from .test_contracts import ORDERLY

pytestmark = pytest.mark.usefixtures("calendar")
START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


@pytest.fixture
def scene(world, qiye2):
    e, office = world.enterprises, world.users["county"]
    services.mark_done(world.users["qiye1"], occurrence(e["shop"], "review_meeting", dt.date(2026, 7, 1)), TODAY, "会")
    services.record_contract(office, e["shop"], **(ORDERLY | {"agreement_signed": False}))
    services.record_contract(office, e["shop"], **(ORDERLY | {"unified_management": False}))
    services.record_contract(office, e["site"], **ORDERLY)
    services.record_contract(
        office, e["school"], **(ORDERLY | {"duties_defined": False, "ends_on": dt.date(2026, 3, 31)})
    )
    the_list = services.save_list(office, None, **lists.NOTICE_LIST)
    services.record_delivery(world.users["gaoxing"], the_list, e["shop"], TODAY)
    delivered = services.record_delivery(office, the_list, e["school"], dt.date(2026, 6, 1))
    services.acknowledge_delivery(office, delivered, dt.date(2026, 6, 2), "刘校长")
    template = ReportTemplate.objects.get()
    report = services.create_report(world.users["qiye1"], e["shop"], template, ["a", "", ""], day="2026-06-30")
    services.sign(world.users["qiye1"], report, 0, "王国平")
    services.sign(world.users["qiye1"], report, 1, "李安全")
    services.create_report(qiye2, e["mine"], template, ["a", "", ""])


def _frames(world) -> dict[str, Frame]:
    office, town, dept = world.users["county"], world.regions[GAOXING], world.departments["yingji"]
    return {
        "town": Frame(office, region=town, start=START, end=END),
        "town_itself": Frame(world.users["gaoxing"], region=town, start=START, end=END),
        "department": Frame(office, department=dept, start=START, end=END),
        "county": Frame(office, region=world.regions[COUNTY], start=START, end=END),
        "all": Frame(office, start=START, end=END),
        "summer": Frame(office, start=dt.date(2026, 6, 1), end=dt.date(2026, 8, 31)),
    }


def test_every_value_is_its_rows(world, scene):
    frames = _frames(world)
    units = {"town": (world.regions[GAOXING], None), "department": (None, world.departments["yingji"])}
    for key in FIGURE_KEYS:
        figure = figures.get(key)
        for name, frame in frames.items():
            assert figure.value(frame) == figure.rows(frame).count(), (key, name)
        rolled = figure.values_by_unit(frames["all"], units)
        assert rolled == {"town": figure.value(frames["town"]), "department": figure.value(frames["department"])}, key


@pytest.mark.parametrize(
    ("key", "town", "county", "summer"),
    [
        ("duties.occurrences_done", 1, 1, 1),
        ("duties.units_behind", 2, 5, 5),
        ("duties.outsourcing_disorderly", 1, 2, 1),  # the school's contract ended in March
        ("duties.list_delivered", 1, 2, 2),
        ("duties.list_acknowledged", 0, 1, 1),
        ("duties.list_not_reached", 1, 3, 3),
        ("duties.reports_signed", 1, 1, 0),  # its period (the second quarter) starts before the summer
        ("duties.reports_acknowledged", 0, 0, 0),
    ],
)
def test_known_values(world, scene, key, town, county, summer):
    frames, figure = _frames(world), figures.get(key)
    assert figure.value(frames["town"]) == figure.value(frames["town_itself"]) == town
    assert figure.value(frames["county"]) == figure.value(frames["all"]) == county
    assert figure.value(frames["summer"]) == summer


def test_the_breakdown_by_duty(world, scene):
    rows = figures.breakdown(figures.get("duties.occurrences_done"), _frames(world)["all"], "duty")
    assert [(label, n) for _v, label, n in rows] == [("主持召开一次安全生产工作讲评会", 1)]


def test_the_units_whose_principal_led_no_check_for_a_town_and_the_county(world, qiye2):
    """附件4's 企业主要负责人未带队检查 from the records: a check of 十个一次 whose period ended without it, or with it done
    only afterwards. The shop did every monthly check in its month; the mine did July's only in August; the other
    units did none."""
    e = world.enterprises
    checks = DutyOccurrence.objects.filter(item__code="hazard_check", due_on__lt=TODAY).order_by("due_on")
    for o in checks.filter(enterprise=e["shop"]):
        services.mark_done(world.users["qiye1"], o, o.due_on, "带队检查")
    for o in checks.filter(enterprise=e["mine"]):
        late = o.period_start == dt.date(2026, 7, 1)
        services.mark_done(qiye2, o, dt.date(2026, 8, 10) if late else o.due_on, "带队检查")
    figure, frames = figures.get("duties.units_no_led_check"), _frames(world)
    names = {key: set(figure.rows(frames[key]).values_list("name", flat=True)) for key in ("town", "county")}
    assert names["town"] == {e["mine"].name}
    assert names["county"] == {e[k].name for k in ("mine", "site", "school", "park_chem")}
    assert figure.value(frames["town"]) == figure.value(frames["town_itself"]) == 1
    assert figure.value(frames["county"]) == 4
    spring = Frame(world.users["county"], region=world.regions[COUNTY], start=START, end=dt.date(2026, 3, 31))
    assert figure.value(spring) == 3  # the mine's checks of the first quarter were all done in their months
    units = {"town": (world.regions[GAOXING], None), "county": (world.regions[COUNTY], None)}
    assert figure.values_by_unit(frames["all"], units) == {"town": 1, "county": 4}  # one grouped query
