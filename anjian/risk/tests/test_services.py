"""Assessing risk points: the computed level, the rules that raise it, and who may do what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.risk import services
from anjian.risk.models import RiskAssessment, RiskPoint


@pytest.fixture
def point(world):
    return services.save_point(
        world.users["qiye1"],
        RiskPoint(enterprise=world.enterprises["shop"], name="成品储存区", kind="place", accident_types=["fire"]),
    )


def test_an_enterprise_assesses_its_own_point(world, point):
    a = services.assess(world.users["qiye1"], point, "LEC", {"l": "3", "e": "6", "c": "15"})
    point.refresh_from_db()
    assert (a.score, a.level, point.level) == (270, "orange", "orange")
    assert point.region == world.enterprises["shop"].region and point.sector.code == "fireworks"


def test_a_factor_outside_the_table_names_the_field_and_the_allowed_values(world, point):
    with pytest.raises(ValidationError) as err:
        services.assess(world.users["qiye1"], point, "LEC", {"l": "4", "e": "6", "c": "15"})
    assert "l" in err.value.message_dict and "0.5" in err.value.message_dict["l"][0]
    assert not RiskAssessment.objects.exists()


def test_a_level_can_be_raised_with_a_reason_but_never_lowered(world, point):
    user = world.users["qiye1"]
    with pytest.raises(ValidationError) as err:
        services.assess(user, point, "LS", {"l": 4, "s": 4}, level="yellow")
    assert "level" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.assess(user, point, "LS", {"l": 4, "s": 4}, level="red")
    assert "raised_reason" in err.value.message_dict
    a = services.assess(user, point, "LS", {"l": 4, "s": 4}, level="red", raised_reason="临近居民区")
    assert (a.computed_level, a.level) == ("orange", "red")


def test_a_major_hazard_source_makes_the_point_red_whatever_the_score(world, point):
    services.save_point(world.users["qiye1"], point, {"holds_major_hazard_source": True})
    a = services.assess(world.users["qiye1"], point, "LS", {"l": 1, "s": 1})
    assert (a.computed_level, a.level) == ("blue", "red")


def test_every_assessment_is_kept(world, point):
    services.assess(world.users["qiye1"], point, "LS", {"l": 2, "s": 2})
    services.assess(world.users["county"], point, "LS", {"l": 5, "s": 5})
    assert list(point.assessments.values_list("level", "assessed_by__username")) == [
        ("red", "county"),
        ("yellow", "qiye1"),
    ]
    first = point.assessments.last()
    first.level = "blue"
    with pytest.raises(ValueError):
        first.save()


def test_who_may_manage_risk_points(world, point):
    for username in ("leader", "grid1"):
        with pytest.raises(PermissionDenied):
            services.assess(world.users[username], point, "LS", {"l": 1, "s": 1})
    with pytest.raises(PermissionDenied):  # 潋江镇's site is not qiye1's
        services.save_point(
            world.users["qiye1"], RiskPoint(enterprise=world.enterprises["site"], name="x", kind="place")
        )


def test_unknown_accident_types_are_refused(world, point):
    with pytest.raises(ValidationError) as err:
        services.save_point(world.users["qiye1"], point, {"accident_types": ["fire", "meteor"]})
    assert "accident_types" in err.value.message_dict
