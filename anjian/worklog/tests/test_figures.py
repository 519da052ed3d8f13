"""Each figure's value is the count (or the sum of people) of the very rows it returns, for a town, a department
and the county, over a frozen period; a town's work is never counted for a department, nor the reverse; the
roster counts those serving on the frame's last day."""

from __future__ import annotations

import datetime as dt

import pytest

from anjian.core import figures
from anjian.core.figures import Frame
from anjian.worklog import services
from anjian.worklog.choices import WorkKind
from anjian.worklog.figures import FIGURE_KEYS, KIND_FIGURES

from .conftest import GAOXING, LIANJIANG, record

pytestmark = pytest.mark.usefixtures("frozen")

START, END = dt.date(2024, 5, 1), dt.date(2024, 6, 30)
D = dt.date


@pytest.fixture
def dataset(world):
    """Work of the county office, 应急管理局, 住建局 (recorded by the county office) and 高兴镇, some outside the period."""
    county, yingji, gaoxing = world.users["county"], world.users["yingji"], world.users["gaoxing"]
    r, e = world.regions, world.enterprises
    rows = [
        (county, "committee_meeting", D(2024, 5, 10), {}),
        (county, "office_meeting", D(2024, 5, 20), {}),
        (county, "office_meeting", D(2024, 6, 15), {}),
        (county, "assessment_inspection", D(2024, 6, 1), {}),
        (county, "town_guidance", D(2024, 6, 2), {"town": r[GAOXING]}),
        (county, "town_admonition", D(2024, 6, 3), {"town": r[LIANJIANG]}),
        (county, "principal_study", D(2024, 6, 12), {"department": world.departments["zhujian"]}),
        (yingji, "fifteen_measures_study", D(2024, 5, 12), {}),
        (yingji, "staff_training", D(2024, 6, 20), {"people": 30}),
        (yingji, "staff_training", D(2024, 4, 20), {"people": 12}),  # before the period
        (yingji, "briefing", D(2024, 6, 5), {"enterprise": e["mine"]}),
        (yingji, "accountability", D(2024, 6, 10), {"people": 2}),
        (yingji, "town_guidance", D(2024, 6, 11), {"town": r[GAOXING]}),
        (yingji, "field_supervision", D(2024, 7, 1), {}),  # after the period
        (gaoxing, "principal_study", D(2024, 5, 15), {}),
        (gaoxing, "staff_training", D(2024, 6, 25), {"people": 8}),
        (gaoxing, "accountability", D(2024, 5, 30), {"people": 1}),
        (gaoxing, "publicity", D(2024, 6, 1), {}),
        (gaoxing, "mass_training", D(2024, 6, 8), {"people": 200}),
        (gaoxing, "field_supervision", D(2024, 6, 30), {}),
        (gaoxing, "briefing", D(2024, 5, 1), {"enterprise": e["shop"]}),
    ]
    for user, kind, day, extra in rows:
        record(user, kind=kind, date=day, **extra)


def _frames(world) -> dict[str, Frame]:
    county, town, dept = world.regions["360732000000"], world.regions[GAOXING], world.departments["yingji"]
    office = world.users["county"]
    return {
        "town": Frame(office, region=town, start=START, end=END),
        "town_by_itself": Frame(world.users["gaoxing"], region=town, start=START, end=END),
        "department": Frame(office, department=dept, start=START, end=END),
        "department_by_itself": Frame(world.users["yingji"], department=dept, start=START, end=END),
        "county": Frame(office, region=county, start=START, end=END),
        "all": Frame(office, start=START, end=END),
    }


def _expected(rows, figure) -> int:
    return sum(r.people or 0 for r in rows) if figure.sums else len(rows)


def test_every_kind_has_a_figure_and_the_dispatch_labels(world):
    known = figures.known()
    assert set(FIGURE_KEYS) <= set(known)
    assert {f"worklog.{k}" for k in WorkKind.values} <= set(FIGURE_KEYS)
    assert known["worklog.fifteen_measures_study"].label == "组织专题学习安全生产十五条硬措施"
    assert known["worklog.staff_training"].sums == ("people",) and known["worklog.staff_training"].unit == "人次"
    assert known["worklog.accountability"].sums == ("people",)
    assert known["worklog.technical_inspectors"].label == "配备专兼职技术检查员数量"


def test_each_value_is_its_rows_for_a_town_a_department_and_the_county(world, dataset):
    frames = _frames(world)
    for key in [f"worklog.{k}" for k in KIND_FIGURES] + ["worklog.mass_training_people"]:
        figure = figures.get(key)
        for name, frame in frames.items():
            rows = list(figure.rows(frame))
            assert figure.value(frame) == _expected(rows, figure), (key, name)
            assert all(START <= r.date <= END for r in rows), (key, name)
            if name.startswith("town"):
                assert all(r.region.code == GAOXING and r.department_id is None for r in rows), (key, name)
            if name.startswith("department"):
                assert all(r.department == world.departments["yingji"] for r in rows), (key, name)
        by_unit = figure.values_by_unit(frames["all"], {"town": (world.regions[GAOXING], None)})
        assert by_unit["town"] == figure.value(frames["town"]), key


@pytest.mark.parametrize(
    ("key", "town", "department", "county"),
    [
        ("worklog.staff_training", 8, 30, 38),  # 人次; April's 12 lie before the period
        ("worklog.accountability", 1, 2, 3),
        ("worklog.principal_study", 1, 0, 2),  # 住建局's, recorded by the county office, counts for the county
        ("worklog.town_guidance", 0, 1, 2),  # guidance of 高兴镇 is the guiding unit's work, not the town's
        ("worklog.field_supervision", 1, 0, 1),  # the last day counts, July's does not
        ("worklog.briefing", 1, 1, 2),  # the first day counts
        ("worklog.office_meeting", 0, 0, 2),
        ("worklog.mass_training", 1, 0, 1),
        ("worklog.mass_training_people", 200, 0, 200),
    ],
)
def test_known_values(world, dataset, key, town, department, county):
    frames, figure = _frames(world), figures.get(key)
    assert figure.value(frames["town"]) == figure.value(frames["town_by_itself"]) == town
    assert figure.value(frames["department"]) == figure.value(frames["department_by_itself"]) == department
    assert figure.value(frames["county"]) == figure.value(frames["all"]) == county


def test_a_town_and_a_department_never_count_each_other(world, dataset):
    frames = _frames(world)
    town_rows, dept_rows = set(), set()
    for key in FIGURE_KEYS[:-1]:
        town_rows |= set(figures.get(key).rows(frames["town"]).values_list("pk", flat=True))
        dept_rows |= set(figures.get(key).rows(frames["department"]).values_list("pk", flat=True))
    assert town_rows and dept_rows and not town_rows & dept_rows


def test_the_roster_counts_those_serving_on_the_last_day(world):
    yingji, gaoxing = world.users["yingji"], world.users["gaoxing"]

    def add(user, name, since, until=None):
        inspector = services.add_inspector(user, name=name, kind="full_time", since=since)
        if until:
            services.end_service(user, inspector, until)

    add(yingji, "甲", D(2024, 1, 1))
    add(yingji, "乙", D(2024, 3, 1), until=END)  # the last day served is the frame's: counted
    add(yingji, "丙", D(2024, 2, 1), until=D(2024, 6, 29))  # left the day before
    add(gaoxing, "丁", END)  # began on the last day: counted
    add(gaoxing, "戊", D(2024, 7, 1))  # began after
    figure = figures.get("worklog.technical_inspectors")
    frames = _frames(world)
    values = {name: figure.value(frame) for name, frame in frames.items()}
    assert values == {"town": 1, "town_by_itself": 1, "department": 2, "department_by_itself": 2, "county": 3, "all": 3}
    assert {i.name for i in figure.rows(frames["department"])} == {"甲", "乙"}
    assert figure.value(Frame(world.users["county"])) == 3  # an open frame: today (甲, 丁, 戊)
    march = Frame(world.users["county"], start=D(2024, 3, 15), end=D(2024, 3, 31))
    assert figure.value(march) == 3  # no start bound: 甲 and 丙, who began before the 15th, count with 乙
