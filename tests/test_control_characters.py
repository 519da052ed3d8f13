"""Text holding a control character (other than tab and line breaks) is refused at the edge: the API answers
400 keyed by field, a web form shows the error on its field, the importer refuses the row; nothing is saved.

Such text broke every xlsx export of everyone whose jurisdiction held it (openpyxl refuses it). The sweep
over every text field of every API operation is in tests/test_api_schema.py.
"""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from django import forms
from django.urls import get_resolver, reverse
from openpyxl import Workbook

from anjian.core.forms import RefuseControlCharacters
from anjian.hazards.models import Hazard
from anjian.registry.forms import EnterpriseForm
from anjian.registry.importer import import_enterprises
from anjian.registry.models import Enterprise
from anjian.risk.models import RiskPoint

pytestmark = pytest.mark.django_db

MESSAGE = "不能包含控制字符"
CONTROL = ["\u000b", "\u0007", "\u0000", "\u001b", "\u007f", "\u0085"]
ACCEPTED = "第一行\r\n\t第二行\n"  # line breaks (as a browser sends them) and tabs are text


def hazard_body(world, description: str) -> dict:
    return {"unit": world.enterprises["shop"].pk, "description": description, "source": "self_check"}


@pytest.mark.parametrize("char", CONTROL)
def test_the_enterprise_user_cannot_store_a_control_character_in_a_hazard(api_for, world, char):
    response = api_for("qiye1").post("/api/v1/hazards/", hazard_body(world, f"消防通道{char}堵塞"), format="json")
    assert response.status_code == 400
    assert MESSAGE in response.json()["description"][0]
    assert not Hazard.objects.exists()


@pytest.mark.parametrize("char", ["\u000b", "\u0007"])
def test_the_county_cannot_rename_an_enterprise_with_a_control_character(api_for, world, char):
    shop = world.enterprises["shop"]
    response = api_for("county").patch(f"/api/v1/enterprises/{shop.pk}/", {"name": f"王国平{char}"}, format="json")
    assert response.status_code == 400 and MESSAGE in response.json()["name"][0]
    shop.refresh_from_db()
    assert shop.name == "王国平烟花爆竹零售店"


def test_line_breaks_and_tabs_are_accepted(api_for, world):
    response = api_for("qiye1").post("/api/v1/hazards/", hazard_body(world, ACCEPTED), format="json")
    assert response.status_code == 201, response.content
    assert Hazard.objects.get().description == ACCEPTED.strip()


def test_nested_texts_and_multipart_forms_are_checked_too(api_for, world):
    api = api_for("qiye1")
    point = {"enterprise": world.enterprises["shop"].pk, "name": "仓库", "kind": "place"}
    nested = {**point, "measures": [{"kind": "engineering", "text": "灭火器\u0007"}]}
    response = api.post("/api/v1/risk-points/", nested, format="json")
    assert response.status_code == 400 and MESSAGE in response.json()["measures"][0]
    assert not RiskPoint.objects.exists()
    multipart = api.post("/api/v1/hazards/", hazard_body(world, "堵塞\u000b"), format="multipart")
    assert multipart.status_code == 400 and MESSAGE in multipart.json()["description"][0]
    token = api.post("/api/v1/auth/token/", {"username": "qiye1\u0007", "password": "x"}, format="json")
    assert token.status_code == 400 and "username" in token.json()


# --- Web forms ---------------------------------------------------------------------------------------------


def _project_forms() -> set[type]:
    """Every form class the project declares (the URL configuration imports every view and form module)."""
    get_resolver().url_patterns  # noqa: B018
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("anjian."):
                found.add(sub)
    return found


def test_every_form_of_the_project_refuses_control_characters():
    project = _project_forms()
    assert len(project) > 20
    assert {f.__name__ for f in project if not issubclass(f, RefuseControlCharacters)} == set()


def test_registering_a_hazard_on_the_web_refuses_a_control_character(world, client_for):
    client = client_for("qiye1")
    data = {"unit": world.enterprises["shop"].pk, "description": "超量储存\u000b", "source": "self_check"}
    response = client.post(reverse("hazards:new"), data)
    assert response.status_code == 200 and MESSAGE in response.context["form"].errors["description"][0]
    assert not Hazard.objects.exists()
    response = client.post(reverse("hazards:new"), {**data, "description": ACCEPTED})
    assert response.status_code == 302 and Hazard.objects.get().description == ACCEPTED.strip()


def _enterprise_data(enterprise: Enterprise, **changes) -> dict:
    form = EnterpriseForm(instance=enterprise)
    data: dict = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    return {**data, **changes}


TEXT_FIELDS = sorted(
    name for name, field in EnterpriseForm.base_fields.items() if type(field) in (forms.CharField, forms.ChoiceField)
)


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_every_text_of_the_enterprise_form_refuses_a_control_character(world, client_for, field):
    shop = world.enterprises["shop"]
    before = Enterprise.history.count()
    response = client_for("county").post(
        reverse("registry:enterprise_edit", args=[shop.pk]), _enterprise_data(shop, **{field: "王\u0007"})
    )
    assert response.status_code == 200
    assert any(MESSAGE in error for error in response.context["form"].errors[field])
    assert Enterprise.history.count() == before


def test_json_in_a_hidden_field_is_decoded_before_the_check(world, client_for):
    """The zone editor posts its zones as JSON: a label with an escaped \\u0007 is refused all the same."""
    from anjian.risk.models import RiskZone, SitePlan
    from anjian.risk.siteplans import store_site_plan
    from tests.test_api_risk_roles import png

    shop = world.enterprises["shop"]
    SitePlan.objects.create(enterprise=shop, image=store_site_plan(png(), world.users["county"]))
    zone = {"points": [[0.1, 0.1], [0.6, 0.1], [0.6, 0.5]], "risk_point": None, "label": "储存\u0007区"}
    response = client_for("qiye1").post(reverse("risk:zones", args=[shop.pk]), {"zones": json.dumps([zone])})
    assert response.status_code == 400 and MESSAGE in response.content.decode()
    assert not RiskZone.objects.exists()


# --- The importer ------------------------------------------------------------------------------------------


def test_the_importer_refuses_a_row_with_a_control_character_and_says_where(world):
    wb = Workbook()
    ws = wb.active
    ws.append(["名称", "所属乡镇", "所属行业领域", "地址", "主要负责人"])
    ws.append(["某某\u007f商店", "高兴镇", "工贸", "高兴圩", "张三"])  # written by openpyxl; \x00-\x1f cannot be
    ws.append(["另一商店", "高兴镇", "工贸", "高兴圩\t2号", "李\u0085四"])
    ws.append(["第三商店", "高兴镇", "工贸", "高兴圩\t3号", "王五"])
    out = BytesIO()
    wb.save(out)
    result = import_enterprises(BytesIO(out.getvalue()))
    assert result.created == 1 and Enterprise.objects.filter(name="第三商店", address="高兴圩\t3号").exists()
    refused = {(e.row_number, e.column) for e in result.errors}
    assert refused == {(2, "名称"), (3, "主要负责人")}
    assert all(MESSAGE in e.message for e in result.errors)
    assert not Enterprise.objects.filter(name__in=["某某\u007f商店", "另一商店"]).exists()
