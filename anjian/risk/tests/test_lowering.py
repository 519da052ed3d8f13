"""Raise-only: a new assessment (another method, other factors) lowers a point's level only with a reason,
and only at the authority that set the current level or above (the unit cannot undo the town's red)."""

import pytest
from django.core.exceptions import ValidationError

from anjian.risk import services
from anjian.risk.models import RiskPoint


@pytest.fixture
def point(world):
    return services.save_point(
        world.users["qiye1"],
        RiskPoint(enterprise=world.enterprises["shop"], name="成品储存区", kind="place", accident_types=["fire"]),
    )


def test_switching_from_lec_to_ls_cannot_lower_the_level_silently(world, point):
    qiye = world.users["qiye1"]
    services.assess(qiye, point, "LEC", {"l": "10", "e": "6", "c": "15"})  # 900: red
    point.refresh_from_db()
    assert point.level == "red"
    with pytest.raises(ValidationError) as err:
        services.assess(qiye, point, "LS", {"l": 1, "s": 2})
    assert "lowered_reason" in err.value.message_dict
    point.refresh_from_db()
    assert point.level == "red" and point.assessments.count() == 1
    a = services.assess(qiye, point, "LS", {"l": 1, "s": 2}, lowered_reason="已加装自动喷淋，储量减半")
    point.refresh_from_db()
    assert (point.level, a.lowered_reason, a.authority) == ("blue", "已加装自动喷淋，储量减半", "enterprise")


def test_the_unit_cannot_lower_what_the_town_set(world, point, api_for):
    services.assess(world.users["gaoxing"], point, "LEC", {"l": "10", "e": "6", "c": "15"})
    with pytest.raises(ValidationError) as err:
        services.assess(world.users["qiye1"], point, "LS", {"l": 1, "s": 2}, lowered_reason="自评较低")
    assert "lowered_reason" in err.value.message_dict
    answer = api_for("qiye1").post(
        "/api/v1/assessments/",
        {"risk_point": point.pk, "method": "LS", "l": 1, "s": 2, "lowered_reason": "自评较低"},
        format="json",
    )
    assert answer.status_code == 400 and "lowered_reason" in answer.json()
    point.refresh_from_db()
    assert point.level == "red"
    # the unit may confirm or raise it, which does not make the level its own to lower
    services.assess(world.users["qiye1"], point, "LEC", {"l": "10", "e": "10", "c": "15"})
    with pytest.raises(ValidationError):
        services.assess(world.users["qiye1"], point, "LS", {"l": 1, "s": 2}, lowered_reason="自评较低")
    # the town (or above) may lower it with a reason
    services.assess(world.users["county"], point, "LS", {"l": 2, "s": 2}, lowered_reason="复核：已落实管控措施")
    point.refresh_from_db()
    assert point.level == "yellow"


def test_the_rule_floor_still_holds_when_lowering(world, point):
    services.save_point(world.users["qiye1"], point, {"meets_major_criterion": True})
    a = services.assess(world.users["county"], point, "LS", {"l": 1, "s": 1}, lowered_reason="x")
    assert a.level == "red" and a.lowered_reason == ""
