from anjian.hazards import services
from anjian.hazards.views.display import escalation_chain, timeline


def states(hazard):
    hazard.refresh_from_db()
    return {
        s["level"]: ("current" if s["current"] else "passed" if s["passed"] else "-")
        for s in escalation_chain(hazard, timeline(hazard))
    }


def test_a_town_finding_never_passed_through_the_grid(world):
    h = services.register_hazard(
        world.users["gaoxing"], world.enterprises["mine"], description="x", source="supervision"
    )
    assert states(h) == {"grid": "-", "town": "current", "committee": "-", "county": "-"}
    services.perform(world.users["gaoxing"], h, "escalate", reason="需行业安委会协调")
    assert states(h) == {"grid": "-", "town": "passed", "committee": "current", "county": "-"}


def test_a_grid_finding_passed_up_shows_each_reason(world):
    h = services.register_hazard(world.users["grid1"], world.enterprises["site"], description="x", source="grid_patrol")
    services.perform(world.users["grid1"], h, "escalate", reason="网格无法处置")
    assert states(h) == {"grid": "passed", "town": "current", "committee": "-", "county": "-"}
    chain = escalation_chain(h, timeline(h))
    assert chain[1]["reason"] == "网格无法处置"
