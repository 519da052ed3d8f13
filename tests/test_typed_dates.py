"""Dates no one could mean are refused wherever a person types one (issue 9, section 2).

One rule (anjian.core.dates): a date is not before the record it belongs to (or 2000), a record of
something done is not in the future, and a deadline lies at most a year ahead unless a reason is given.
Refusals are field-level: a 400 keyed by the field in the API, a form error on the web page; nothing saved.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from anjian.hazards import services as hazard_services
from anjian.hazards.models import Hazard, HazardEvent, RectificationPlan, Supervision
from anjian.inspections import services as inspection_services
from anjian.inspections.models import EnforcementAction, EnforcementDocument, Inspection
from anjian.registry.forms import EnterpriseForm
from anjian.registry.models import Enterprise
from anjian.risk.models_sources import RiskReview

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
FAR, OLD, BEFORE_RECORD = "9999-12-31", "1900-01-01", "2020-01-01"
ESTABLISHED = dt.date(2021, 3, 1)


def day(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


TOMORROW, YESTERDAY = day(1), day(-1)
A_YEAR_AHEAD = day(365)  # the last day a deadline may have without a reason


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def post(api, url: str, body: dict):
    return api.post(url, body, format="json")


def refused(response, field: str) -> str:
    """The one field-level message of a 400."""
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == [field], errors
    return errors[field][0]


# --- hazards: plan, coordinate, supervise, register --------------------------------------------------


def graded_hazard(world, found_days_ago: int = 0) -> Hazard:
    county = world.users["county"]
    hazard = hazard_services.register_hazard(
        county,
        world.enterprises["school"],
        description="消防通道堵塞",
        source="supervision",
        found_at=NOW - dt.timedelta(days=found_days_ago),
    )
    hazard_services.perform(county, hazard, "assess", grade="general")
    return hazard


def transition(api, hazard: Hazard, action: str, **fields):
    return post(api, f"/api/v1/hazards/{hazard.pk}/transitions/", {"action": action, **fields})


PLAN = {"responsible_person": "张三", "measures": "清理通道"}


@pytest.mark.parametrize(
    ("deadline", "bound"),
    [(FAR, A_YEAR_AHEAD), (OLD, TODAY.isoformat()), (BEFORE_RECORD, TODAY.isoformat()), (YESTERDAY, TODAY.isoformat())],
)
def test_a_plan_deadline_no_one_could_mean_is_refused(api_for, world, deadline, bound):
    hazard = graded_hazard(world)
    message = refused(transition(api_for("county"), hazard, "plan", deadline=deadline, **PLAN), "deadline")
    assert bound in message
    hazard.refresh_from_db()
    assert (hazard.state, hazard.deadline) == ("assessed", None)
    assert not RectificationPlan.objects.exists()


def test_a_new_plan_keeps_its_deadline_after_the_finding(api_for, world):
    """Re-planning a hazard being rectified may keep a lapsed deadline, never one before the finding."""
    hazard = graded_hazard(world, found_days_ago=30)
    county = api_for("county")
    assert transition(county, hazard, "plan", deadline=day(10), **PLAN).status_code == 201
    found = (TODAY - dt.timedelta(days=30)).isoformat()
    assert found in refused(transition(county, hazard, "plan", deadline=BEFORE_RECORD, **PLAN), "deadline")
    assert transition(county, hazard, "plan", deadline=day(-5), **PLAN).status_code == 201
    hazard.refresh_from_db()
    assert hazard.deadline.isoformat() == day(-5)


@pytest.mark.parametrize("deadline", [FAR, OLD, BEFORE_RECORD])
def test_a_coordinators_deadline_no_one_could_mean_is_refused(api_for, world, deadline):
    hazard = graded_hazard(world)
    refused(transition(api_for("county"), hazard, "coordinate", deadline=deadline), "deadline")
    hazard.refresh_from_db()
    assert hazard.deadline is None
    assert not hazard.events.filter(action="coordinate").exists()


@pytest.mark.parametrize("action", ["plan", "coordinate"])
def test_a_deadline_over_a_year_ahead_needs_a_reason(api_for, world, action):
    hazard = graded_hazard(world)
    county, fields = api_for("county"), (PLAN if action == "plan" else {})
    assert transition(county, hazard, action, deadline=A_YEAR_AHEAD, **fields).status_code == 201
    message = refused(transition(county, hazard, action, deadline=day(400), **fields), "deadline")
    assert A_YEAR_AHEAD in message
    reason = "需整体搬迁，跨两个年度施工"
    response = transition(county, hazard, action, deadline=day(400), deadline_reason=reason, **fields)
    assert response.status_code == 201, response.content
    assert response.json()["hazard"]["deadline"] == day(400)
    assert HazardEvent.objects.filter(hazard=hazard, action=action).last().data["deadline_reason"] == reason
    refused(transition(county, hazard, action, deadline=FAR, deadline_reason=reason, **fields), "deadline")


@pytest.mark.parametrize("listed_on", [FAR, OLD, BEFORE_RECORD, TOMORROW])
def test_a_supervision_date_no_one_could_mean_is_refused(api_for, world, listed_on):
    hazard = graded_hazard(world)
    body = {"level": "county", "kind": "supervision", "listed_on": listed_on}
    refused(transition(api_for("county"), hazard, "supervise", **body), "listed_on")
    assert not Supervision.objects.exists()
    body["listed_on"] = TODAY.isoformat()
    assert transition(api_for("county"), hazard, "supervise", **body).status_code == 201


@pytest.mark.parametrize(
    ("found_at", "bound"),
    [("1900-01-01T09:00:00+08:00", "2000-01-01"), ("9999-12-31T09:00:00+08:00", TODAY.isoformat())],
)
def test_a_finding_date_no_one_could_mean_is_refused(api_for, world, found_at, bound):
    body = {"unit": world.enterprises["school"].pk, "description": "x", "source": "supervision", "found_at": found_at}
    assert bound in refused(post(api_for("county"), "/api/v1/hazards/", body), "found_at")
    assert not Hazard.objects.exists()


def test_the_web_action_form_refuses_the_date_and_shows_the_bounds(client_for, world):
    hazard = graded_hazard(world)
    client = client_for("county")
    url = reverse("hazards:act", args=[hazard.pk, "plan"])
    page = client.get(url).content.decode()
    assert f'min="{TODAY.isoformat()}"' in page and f'max="{day(5 * 365)}"' in page
    response = client.post(url, {**PLAN, "deadline": FAR})
    assert response.status_code == 200
    assert A_YEAR_AHEAD in " ".join(response.context["form"].errors["deadline"])
    assert Hazard.objects.get(pk=hazard.pk).state == "assessed"
    response = client.post(url, {**PLAN, "deadline": day(400), "deadline_reason": "跨年度改造"})
    assert response.status_code == 302
    assert Hazard.objects.get(pk=hazard.pk).deadline.isoformat() == day(400)


# --- inspections: visits, actions, documents, typical cases --------------------------------------------


@pytest.fixture
def established_shop(world):
    shop = world.enterprises["shop"]
    Enterprise.objects.filter(pk=shop.pk).update(established_on=ESTABLISHED)
    shop.refresh_from_db()
    return shop


def new_visit(api, shop, visit_date: str):
    body = {"unit": shop.pk, "kind": "assistance", "visit_date": visit_date, "inspectors": ["yingji"]}
    return post(api, "/api/v1/inspections/", body)


@pytest.mark.parametrize(
    ("visit_date", "bound"),
    [
        (FAR, TODAY.isoformat()),
        (TOMORROW, TODAY.isoformat()),
        (OLD, ESTABLISHED.isoformat()),
        (BEFORE_RECORD, ESTABLISHED.isoformat()),  # before the unit existed
    ],
)
def test_a_visit_date_no_one_could_mean_is_refused(api_for, established_shop, visit_date, bound):
    assert bound in refused(new_visit(api_for("yingji"), established_shop, visit_date), "visit_date")
    assert not Inspection.objects.exists()
    assert new_visit(api_for("yingji"), established_shop, ESTABLISHED.isoformat()).status_code == 201


def test_a_visit_to_a_unit_of_unknown_age_is_not_before_2000(api_for, world):
    shop = world.enterprises["shop"]
    assert "2000-01-01" in refused(new_visit(api_for("yingji"), shop, OLD), "visit_date")
    assert new_visit(api_for("yingji"), shop, "2000-01-01").status_code == 201


def test_the_web_visit_form_refuses_a_visit_in_the_future(client_for, world):
    client = client_for("yingji")
    page = client.get(reverse("inspections:new")).content.decode()
    assert 'min="2000-01-01"' in page and f'max="{TODAY.isoformat()}"' in page
    data = {"unit": world.enterprises["shop"].pk, "kind": "assistance", "visit_date": TOMORROW}
    response = client.post(reverse("inspections:new"), {**data, "inspectors": [world.users["yingji"].pk]})
    assert response.status_code == 200
    assert "visit_date" in response.context["form"].errors
    assert not Inspection.objects.exists()


@pytest.fixture
def visit_made(world, established_shop):
    yingji = world.users["yingji"]
    return inspection_services.create_inspection(
        yingji, unit=established_shop, kind="assistance", visit_date=TODAY - dt.timedelta(days=10), inspectors=[yingji]
    )


@pytest.mark.parametrize("decided_on", [FAR, TOMORROW, OLD, day(-11)])  # day -11: before the visit
def test_an_enforcement_date_no_one_could_mean_is_refused(api_for, world, visit_made, decided_on):
    body = {
        "unit": visit_made.unit_id,
        "inspection": visit_made.pk,
        "kind": "admonition",
        "decided_on": decided_on,
        "description": "未按规定储存",
    }
    refused(post(api_for("yingji"), "/api/v1/enforcement-actions/", body), "decided_on")
    assert not EnforcementAction.objects.exists()
    body["decided_on"] = day(-10)
    assert post(api_for("yingji"), "/api/v1/enforcement-actions/", body).status_code == 201


def test_documents_and_typical_cases_are_not_dated_before_their_decision(api_for, world, visit_made):
    yingji = world.users["yingji"]
    action = inspection_services.record_action(
        yingji,
        unit=visit_made.unit,
        kind="admonition",
        decided_on=TODAY - dt.timedelta(days=5),
        description="未按规定储存",
        inspection=visit_made,
    )
    api = api_for("yingji")
    body = {"department": "yingji", "kind": "inspection_record", "unit": action.unit_id, "action": action.pk}
    refused(post(api, "/api/v1/documents/", {**body, "issued_on": day(-6)}), "issued_on")
    refused(post(api, "/api/v1/documents/", {**body, "issued_on": FAR}), "issued_on")
    assert not EnforcementDocument.objects.exists()
    refused(post(api, f"/api/v1/enforcement-actions/{action.pk}/typical/", {"reported_on": day(-6)}), "reported_on")
    response = post(api, f"/api/v1/enforcement-actions/{action.pk}/typical/", {"reported_on": day(-5)})
    assert response.status_code == 200, response.content


# --- registry and risk -------------------------------------------------------------------------------


@pytest.mark.parametrize(("established_on", "bound"), [(FAR, TODAY.isoformat()), ("1899-12-31", "1900-01-01")])
def test_an_establishment_date_no_one_could_mean_is_refused(api_for, world, established_on, bound):
    url = f"/api/v1/enterprises/{world.enterprises['mine'].pk}/"
    response = api_for("county").patch(url, {"established_on": established_on}, format="json")
    assert bound in refused(response, "established_on")
    assert Enterprise.objects.get(pk=world.enterprises["mine"].pk).established_on is None
    response = api_for("county").patch(url, {"established_on": "1998-05-01"}, format="json")
    assert response.status_code == 200 and response.json()["established_on"] == "1998-05-01"


def enterprise_form_data(enterprise: Enterprise, **changes) -> dict:
    form = EnterpriseForm(instance=enterprise)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    return data | changes


def test_the_web_enterprise_form_refuses_an_establishment_date_in_the_future(client_for, world):
    mine = world.enterprises["mine"]
    url = reverse("registry:enterprise_edit", args=[mine.pk])
    client = client_for("county")
    assert f'max="{TODAY.isoformat()}"' in client.get(url).content.decode()
    response = client.post(url, enterprise_form_data(mine, established_on=TOMORROW))
    assert response.status_code == 200
    assert "established_on" in response.context["form"].errors
    assert Enterprise.objects.get(pk=mine.pk).established_on is None


@pytest.mark.parametrize("held_on", [OLD, BEFORE_RECORD, TOMORROW])
def test_a_review_date_no_one_could_mean_is_refused(client_for, world, established_shop, held_on):
    client = client_for("county")
    data = {"kind": "special", "held_on": held_on, "enterprise": established_shop.pk, "participants": "店主"}
    response = client.post(reverse("risk:reviews"), data)
    assert response.status_code == 400
    assert "held_on" in response.context["form"].errors
    assert not RiskReview.objects.exists()
