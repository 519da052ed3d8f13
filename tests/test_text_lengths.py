"""Free text has a limit the server keeps, not only the browser (issue 9, section 2).

The limits are stated once in anjian.core.validators: 2,000 characters for descriptions (and facts,
measures, summaries), 1,000 for comments, reasons and notes. Longer text is refused keyed by its field
through the web form, the API and the services the commands call, and nothing is saved.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from anjian.hazards import services as hazard_services
from anjian.hazards.models import Hazard, HazardEvent
from anjian.inspections import services as inspection_services
from anjian.inspections.models import EnforcementAction, Inspection, InspectionResult
from anjian.risk.models import RiskPoint
from anjian.risk.models_sources import RiskReview

pytestmark = pytest.mark.django_db

DESCRIPTION_2400 = "消防通道堵塞，" * 342 + "消防通道堵塞"  # 2,400 characters, as saved through the form before
TOO_LONG_COMMENT = "复" * (COMMENT_MAX_LENGTH + 1)
TOO_LONG_DESCRIPTION = "述" * (DESCRIPTION_MAX_LENGTH + 1)


def refused(response, field: str) -> str:
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    return response.json()[field][0]


# --- hazards -----------------------------------------------------------------------------------------


def test_a_2400_character_description_is_refused_by_the_api(api_for, world):
    body = {"unit": world.enterprises["site"].pk, "description": DESCRIPTION_2400, "source": "grid_patrol"}
    message = refused(api_for("grid1").post("/api/v1/hazards/", body, format="json"), "description")
    assert "2000" in message
    assert not Hazard.objects.exists()
    body["description"] = "述" * DESCRIPTION_MAX_LENGTH
    assert api_for("grid1").post("/api/v1/hazards/", body, format="json").status_code == 201


def test_a_2400_character_description_is_refused_by_the_web_form(client_for, world):
    client = client_for("grid1")
    page = client.get(reverse("hazards:new")).content.decode()
    assert 'maxlength="2000"' in page
    data = {"unit": world.enterprises["site"].pk, "description": DESCRIPTION_2400, "source": "grid_patrol"}
    response = client.post(reverse("hazards:new"), data)
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert not Hazard.objects.exists()


def test_the_service_refuses_it_for_commands_too(world):
    with pytest.raises(ValidationError) as refusal:
        hazard_services.register_hazard(
            world.users["county"], world.enterprises["site"], description=DESCRIPTION_2400, source="supervision"
        )
    assert "description" in refusal.value.message_dict
    assert not Hazard.objects.exists()


@pytest.fixture
def hazard(world):
    return hazard_services.register_hazard(
        world.users["county"], world.enterprises["school"], description="消防通道堵塞", source="supervision"
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"action": "assess", "grade": "general", "comment": TOO_LONG_COMMENT}, "comment"),
        ({"action": "assess", "grade": "major", "major_reason": TOO_LONG_DESCRIPTION}, "major_reason"),
        ({"action": "escalate", "reason": TOO_LONG_COMMENT}, "reason"),
    ],
)
def test_long_step_texts_are_refused_by_the_api(api_for, hazard, fields, field):
    response = api_for("county").post(f"/api/v1/hazards/{hazard.pk}/transitions/", fields, format="json")
    refused(response, field)
    assert list(HazardEvent.objects.filter(hazard=hazard).values_list("action", flat=True)) == ["register"]


def test_long_plan_measures_are_refused_by_the_service(world, hazard):
    county = world.users["county"]
    hazard_services.perform(county, hazard, "assess", grade="general")
    plan = {"responsible_person": "张三", "measures": TOO_LONG_DESCRIPTION, "deadline": "2099-01-01"}
    with pytest.raises(ValidationError) as refusal:
        hazard_services.perform(county, hazard, "plan", **plan)
    assert set(refusal.value.message_dict) == {"measures"}
    hazard.refresh_from_db()
    assert hazard.state == "assessed"


def test_a_long_progress_report_is_refused_by_the_web_form(client_for, world, hazard):
    county = world.users["county"]
    hazard_services.perform(county, hazard, "assess", grade="general")
    hazard_services.perform(
        county, hazard, "plan", responsible_person="张三", measures="清理", deadline=timezone.localdate(hazard.found_at)
    )
    response = client_for("county").post(
        reverse("hazards:act", args=[hazard.pk, "progress"]), {"text": TOO_LONG_COMMENT}
    )
    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert not HazardEvent.objects.filter(hazard=hazard, action="progress").exists()


# --- inspections -------------------------------------------------------------------------------------


def test_long_facts_and_grounds_are_refused(api_for, world):
    body = {
        "unit": world.enterprises["shop"].pk,
        "kind": "admonition",
        "decided_on": "2024-05-01",
        "description": DESCRIPTION_2400,
    }
    refused(api_for("yingji").post("/api/v1/enforcement-actions/", body, format="json"), "description")
    with pytest.raises(ValidationError) as refusal:
        inspection_services.record_action(
            world.users["yingji"], **{**body, "unit": world.enterprises["shop"], "decided_on": dt.date(2024, 5, 1)}
        )
    assert "description" in refusal.value.message_dict
    assert not EnforcementAction.objects.exists()


def test_long_visit_notes_are_refused(api_for, world):
    body = {
        "unit": world.enterprises["shop"].pk,
        "kind": "assistance",
        "visit_date": "2024-05-01",
        "inspectors": ["yingji"],
        "summary": TOO_LONG_DESCRIPTION,
    }
    api = api_for("yingji")
    refused(api.post("/api/v1/inspections/", body, format="json"), "summary")
    assert not Inspection.objects.exists()
    visit = api.post("/api/v1/inspections/", {**body, "summary": "检查正常"}, format="json").json()
    response = api.post(
        f"/api/v1/inspections/{visit['id']}/results/",
        {"result": "fail", "text": "超量储存", "note": TOO_LONG_COMMENT},
        format="json",
    )
    refused(response, "note")
    assert not InspectionResult.objects.exists()


# --- risk --------------------------------------------------------------------------------------------


def test_long_risk_texts_are_refused(api_for, client_for, world):
    body = {
        "enterprise": world.enterprises["shop"].pk,
        "name": "装卸作业",
        "kind": "activity",
        "hazard_factors": TOO_LONG_DESCRIPTION,
    }
    refused(api_for("county").post("/api/v1/risk-points/", body, format="json"), "hazard_factors")
    assert not RiskPoint.objects.exists()
    data = {"kind": "special", "held_on": "2024-05-01", "enterprise": world.enterprises["shop"].pk}
    response = client_for("county").post(reverse("risk:reviews"), {**data, "participants": TOO_LONG_COMMENT})
    assert response.status_code == 400
    assert "participants" in response.context["form"].errors
    assert not RiskReview.objects.exists()
