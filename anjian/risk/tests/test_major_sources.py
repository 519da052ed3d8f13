"""GB 18218-2018: identification by Σ q/Q ≥ 1, grading by R = α Σ β q/Q, and the verified table values."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.risk import major_sources, services
from anjian.risk.models import HazardousSubstance, MajorHazardSource, RiskPoint


@pytest.fixture
def substances(db):
    major_sources.load_substances()
    return {s.name: s for s in HazardousSubstance.objects.all()}


@pytest.fixture
def unit(world, substances):
    source = MajorHazardSource(enterprise=world.enterprises["park_chem"], name="储罐区", exposed_people=10)
    return major_sources.save_source(world.users["county"], source)


def hold(world, source, substances, name, quantity):
    return major_sources.save_holding(world.users["county"], source, substances[name], quantity)


def test_csv_values_are_the_verified_ones(substances):
    rows = list(csv.DictReader((Path(settings.REFERENCE_DATA_DIR) / "gb18218.csv").open(encoding="utf-8")))
    assert len(substances) == len(rows)
    expected = {  # 表1 Q (t) and β (表3, or 表4 by category)
        "氨": ("10", "2"),
        "氯": ("5", "4"),
        "硫化氢": ("5", "5"),
        "碳酰氯（光气）": ("0.3", "20"),
        "异氰酸甲酯": ("0.75", "20"),
        "液化石油气（含丙烷、丁烷及其混合物）": ("50", "1.5"),
        "乙炔": ("1", "1.5"),
        "氧（压缩的或液化的）": ("200", "1"),
        "甲醇": ("500", "1"),
        "苯": ("50", "1"),
        "2，4，6-三硝基甲苯": ("5", "2"),
        "W5.1 易燃液体 类别1；类别2和3 工作温度高于沸点": ("10", "1.5"),
        "J1 急性毒性 类别1 所有暴露途径 气体": ("5", "4"),
    }
    for name, (q, beta) in expected.items():
        s = substances[name]
        assert (s.critical_quantity, s.beta) == (Decimal(q), Decimal(beta)), name
    assert "汽油" not in substances  # β not verifiable: left out (reference/README.md)
    assert major_sources.load_substances() == len(rows)  # idempotent
    assert HazardousSubstance.objects.count() == len(rows)


def test_a_single_substance_at_its_critical_quantity_is_identified(world, unit, substances):
    hold(world, unit, substances, "氯", "5")
    assert (unit.identified, unit.ratio_sum) == (True, Decimal("1.0000"))
    hold(world, unit, substances, "氯", "4.999")
    unit.refresh_from_db()
    assert unit.identified is False and unit.grade == "" and unit.r_value is None


def test_a_mixture_whose_ratios_sum_to_one_is_identified(world, unit, substances):
    hold(world, unit, substances, "甲醇", "300")  # 0.6
    assert not unit.identified
    hold(world, unit, substances, "乙醇", "200")  # 0.4
    assert unit.identified and unit.ratio_sum == Decimal("1.0000")


@pytest.mark.parametrize(
    ("people", "alpha"), [(0, "0.5"), (1, "1.0"), (29, "1.0"), (30, "1.2"), (49, "1.2"), (50, "1.5"), (99, "1.5")]
)
def test_alpha_by_people_exposed(people, alpha):
    assert major_sources.alpha(people) == Decimal(alpha)
    assert major_sources.alpha(100) == major_sources.alpha(5000) == Decimal("2.0")


@pytest.mark.parametrize(
    ("quantity", "people", "r", "grade"),
    [
        ("50", 1, "10.00", "3"),  # 氨 Q 10, β 2: R = 1.0 × 2 × 50/10 = 10 → 三级
        ("49.9", 1, "9.98", "4"),
        ("500", 1, "100.00", "1"),
        ("499.9", 1, "99.98", "2"),
        ("250", 1, "50.00", "2"),
        ("249.9", 1, "49.98", "3"),
        ("250", 100, "100.00", "1"),  # α 2.0 doubles it
        ("250", 0, "25.00", "3"),  # α 0.5 halves it
    ],
)
def test_r_and_grade_boundaries(world, unit, substances, quantity, people, r, grade):
    unit.exposed_people = people
    major_sources.save_source(world.users["county"], unit)
    hold(world, unit, substances, "氨", quantity)
    assert (unit.r_value, unit.grade) == (Decimal(r), grade)


def test_changing_a_holding_reidentifies_and_flagged_points_turn_red(world, unit, substances):
    county = world.users["county"]
    point = services.save_point(
        county,
        RiskPoint(enterprise=unit.enterprise, name="液氨储罐", kind="place", holds_major_hazard_source=True),
    )
    services.assess(county, point, "LS", {"l": 2, "s": 2})
    point.refresh_from_db()
    assert point.level == "red"  # the flag is the rule's floor
    holding = hold(world, unit, substances, "氨", "30")
    assert unit.identified and (unit.r_value, unit.grade) == (Decimal("6.00"), "4")
    major_sources.remove_holding(county, holding)
    unit.refresh_from_db()
    assert not unit.identified and unit.ratio_sum == 0


def test_quantities_must_be_positive_and_within_jurisdiction(world, unit, substances):
    with pytest.raises(ValidationError):
        hold(world, unit, substances, "氨", "0")
    with pytest.raises(ValidationError):
        hold(world, unit, substances, "氨", "x")
    with pytest.raises(PermissionDenied):
        major_sources.save_holding(world.users["gaoxing"], unit, substances["氨"], "5")
    with pytest.raises(PermissionDenied):
        major_sources.save_holding(world.users["leader"], unit, substances["氨"], "5")
    assert major_sources.save_holding(world.users["yingji"], unit, substances["氨"], "5").quantity == 5
