"""The inspection pages: who may see and do what, the tick → fail → hazard flow on a phone, signing,
the warnings preview, and the figures page against known data."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from anjian.core.testing import make_user
from anjian.hazards import services as hazard_services
from anjian.hazards.choices import Grade, Source
from anjian.inspections import services
from anjian.inspections.choices import ActionKind, ItemResult, SignerRole, VisitKind, VisitState
from anjian.inspections.models import Checklist, ChecklistItem, EnforcementAction, Inspection
from anjian.inspections.tests.test_services import handwritten
from anjian.org.choices import Role
from anjian.org.models import User

pytestmark = pytest.mark.django_db


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "orange").save(out, "JPEG")
    return SimpleUploadedFile("finding.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def team(world):
    """yingji and a second officer of 应急管理局, and a checklist for fireworks."""
    second = make_user("yingji2", Role.DEPARTMENT, department=world.departments["yingji"])
    checklist = Checklist.objects.create(name="烟花爆竹", sector=world.sectors["fireworks"])
    for order, text in enumerate(("零售店（点）安全条件不达标", "现场安全管理不到位")):
        ChecklistItem.objects.create(checklist=checklist, order=order, text=text)
    return world.users["yingji"], second, checklist


def make_visit(world, team, unit="shop", day=None, kind=VisitKind.ROUTINE) -> Inspection:
    yingji, second, checklist = team
    return services.create_inspection(
        yingji,
        unit=world.enterprises[unit],
        kind=kind,
        visit_date=day or timezone.localdate(),
        inspectors=[yingji, second],
        checklist=checklist,
    )


def test_pages_answer_each_role(world, team, client_for):
    visit = make_visit(world, team)
    pages = [
        reverse("inspections:list"),
        reverse("inspections:actions"),
        reverse("inspections:documents"),
        reverse("inspections:typical"),
        reverse("inspections:figures"),
        reverse("inspections:figure_rows", args=["hazards_found"]),
    ]
    for username in ("county", "leader", "yingji", "gaoxing", "grid1", "qiye1", "expert1"):
        client = client_for(username)
        for url in pages:
            assert client.get(url).status_code == 200, (username, url)
    assert client_for("yingji").get(reverse("inspections:detail", args=[visit.pk])).status_code == 200
    assert client_for("county").get(reverse("inspections:detail", args=[visit.pk])).status_code == 200


def test_a_visit_outside_the_jurisdiction_is_404(world, team, client_for):
    visit = make_visit(world, team, unit="park_chem")  # 工业园区: not 高兴镇
    assert client_for("gaoxing").get(reverse("inspections:detail", args=[visit.pk])).status_code == 404
    assert client_for("grid1").get(reverse("inspections:detail", args=[visit.pk])).status_code == 404
    school = world.enterprises["school"]
    assert client_for("yingji").get(reverse("inspections:trace", args=[school.pk])).status_code == 404


def test_read_only_roles_get_403_on_writing_pages(world, team, client_for):
    visit = make_visit(world, team)
    for username in ("leader", "expert1", "qiye1", "grid1"):
        client = client_for(username)
        assert client.get(reverse("inspections:new")).status_code == 403, username
        assert client.get(reverse("inspections:action_new")).status_code == 403, username
    leader = client_for("leader")
    assert leader.post(reverse("inspections:record", args=[visit.pk]), {"result": "pass"}).status_code == 403
    page = leader.get(reverse("inspections:detail", args=[visit.pk])).content.decode()
    assert "result-form" not in page and "sign-inspector" not in page


def test_new_visit_lists_colleagues_and_creates(world, team, client_for):
    yingji, second, checklist = team
    client = client_for("yingji")
    page = client.get(reverse("inspections:new")).content.decode()
    assert "yingji2" in page and "gaoxing" not in re.sub(r"<nav.*?</nav>", "", page, flags=re.S)
    response = client.post(
        reverse("inspections:new"),
        {
            "unit": world.enterprises["shop"].pk,
            "kind": VisitKind.ROUTINE,
            "visit_date": timezone.localdate().isoformat(),
            "inspectors": [yingji.pk, second.pk],
        },
    )
    visit = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("inspections:detail", args=[visit.pk])
    assert visit.checklist == checklist  # the unit's sector checklist by default
    one = client.post(
        reverse("inspections:new"),
        {
            "unit": world.enterprises["shop"].pk,
            "kind": VisitKind.ROUTINE,
            "visit_date": "2024-01-01",
            "inspectors": [yingji.pk],
        },
    )
    assert one.status_code == 200 and Inspection.objects.count() == 1  # two inspectors for enforcement


def test_tick_fail_with_photo_and_convert_to_hazard(world, team, client_for):
    visit = make_visit(world, team)
    items = list(visit.checklist.items.all())
    client = client_for("yingji")
    url = reverse("inspections:record", args=[visit.pk])
    page = client.get(reverse("inspections:detail", args=[visit.pk])).content.decode()
    assert 'accept="image/*" capture="environment"' in page
    client.post(url, {"item": items[0].pk, "result": ItemResult.PASS})
    response = client.post(
        url,
        {"item": items[1].pk, "result": ItemResult.FAIL, "note": "灭火器过期", "photo": jpeg()},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "convert-hazard" in response.content.decode()
    failed = visit.results.get(item=items[1])
    assert failed.photo is not None and failed.note == "灭火器过期"
    assert client.get(reverse("inspections:photo_thumb", args=[visit.pk, failed.pk])).status_code == 200

    response = client.post(reverse("inspections:to_hazard", args=[visit.pk, failed.pk]))
    failed.refresh_from_db()
    assert failed.hazard is not None
    assert response["Location"] == reverse("hazards:detail", args=[failed.hazard.pk])
    assert failed.hazard.source == Source.DEPARTMENT_INSPECTION and "灭火器过期" in failed.hazard.description
    page = client.get(reverse("inspections:detail", args=[visit.pk])).content.decode()
    assert reverse("hazards:detail", args=[failed.hazard.pk]) in page


def test_signing_by_all_makes_the_record_read_only(world, team, client_for):
    yingji, second, _checklist = team
    visit = make_visit(world, team)
    item, other = visit.checklist.items.order_by("order")
    client = client_for("yingji")
    client.post(reverse("inspections:record", args=[visit.pk]), {"item": item.pk, "result": ItemResult.PASS})
    client.post(reverse("inspections:record", args=[visit.pk]), {"item": other.pk, "result": ItemResult.NOT_APPLICABLE})
    sign = reverse("inspections:sign", args=[visit.pk])
    client.post(sign, {"role": SignerRole.INSPECTOR})
    pad = "data:image/png;base64," + base64.b64encode(handwritten().read()).decode()
    client.post(sign, {"role": SignerRole.UNIT_REPRESENTATIVE, "signer_name": "王国平", "signature": pad})
    client_for("yingji2").post(sign, {"role": SignerRole.INSPECTOR})
    visit.refresh_from_db()
    assert visit.state == VisitState.SIGNED
    page = client.get(reverse("inspections:detail", args=[visit.pk])).content.decode()
    assert "result-form" not in page and "sign-inspector" not in page and "read-only-note" in page
    assert "王国平" in page and str(yingji) in page and str(second) in page
    client.post(reverse("inspections:record", args=[visit.pk]), {"item": item.pk, "result": ItemResult.FAIL})
    assert visit.results.get(item=item).result == ItemResult.PASS
    trace = client.get(reverse("inspections:trace", args=[visit.unit.pk])).content.decode()
    assert "王国平" in trace and str(second) in trace


def test_action_form_previews_warnings_and_history(world, team, client_for):
    visit = make_visit(world, team, day=timezone.localdate() - dt.timedelta(days=250))  # the actions follow it
    unit = visit.unit
    yingji = team[0]
    day = timezone.localdate()
    for days in (200, 100):
        services.record_action(
            yingji,
            unit=unit,
            kind=ActionKind.PENALTY,
            decided_on=day - dt.timedelta(days=days),
            description="消防通道堵塞",
            inspection=visit,
            target="unit",
            unit_amount_wan="0.5",
        )
    client = client_for("yingji")
    preview = client.get(
        reverse("inspections:action_preview"),
        {"unit": unit.pk, "kind": ActionKind.PENALTY, "inspection": visit.pk, "decided_on": day.isoformat()},
        HTTP_HX_REQUEST="true",
    )
    assert preview.status_code == 200
    expected = services.action_warnings(unit=unit, kind=ActionKind.PENALTY, inspection=visit, today=day)
    body = preview.content.decode()
    for warning in expected:
        assert warning[:20] in body
    history = services.repeat_history(unit)
    assert ("repeat-history" in body) == bool(history)
    page = client.get(reverse("inspections:action_new"), {"inspection": visit.pk}).content.decode()
    assert 'id="action-warnings"' in page and "hx-get" in page


def test_action_form_records_a_double_penalty(world, team, client_for):
    visit = make_visit(world, team)
    response = client_for("yingji").post(
        reverse("inspections:action_new") + f"?inspection={visit.pk}",
        {
            "unit": visit.unit.pk,
            "inspection": visit.pk,
            "kind": ActionKind.PENALTY,
            "decided_on": timezone.localdate().isoformat(),
            "description": "未落实主体责任",
            "target": "both",
            "unit_amount_wan": "2",
            "principal_amount_wan": "0.5",
            "referred_people": "0",
        },
    )
    assert response.status_code == 302
    action = EnforcementAction.objects.get()
    assert action.target == "both" and action.inspection == visit
    assert str(action.unit_amount_wan) == "2.00" and str(action.principal_amount_wan) == "0.50"


def test_documents_issue_numbers_and_typical_marking(world, team, client_for):
    client = client_for("yingji")
    day = timezone.localdate().isoformat()
    for _ in range(2):
        client.post(
            reverse("inspections:issue"),
            {
                "department": world.departments["yingji"].pk,
                "kind": "penalty_decision",
                "unit": world.enterprises["shop"].pk,
                "issued_on": day,
            },
        )
    page = client.get(reverse("inspections:documents")).content.decode()
    numbers = re.findall(r"〔\d{4}〕(\d+)号", page)
    assert sorted(set(numbers)) == ["1", "2"]
    action = services.record_action(
        team[0],
        unit=world.enterprises["shop"],
        kind=ActionKind.ADMONITION,
        decided_on=timezone.localdate(),
        description="约谈",
    )
    assert client_for("leader").post(reverse("inspections:mark_typical", args=[action.pk])).status_code == 403
    client = client_for("yingji")  # the test client is shared: log back in
    client.post(reverse("inspections:mark_typical", args=[action.pk]), {"reported_on": day})
    action.refresh_from_db()
    assert action.typical
    page = client.get(reverse("inspections:typical")).content.decode()
    assert "quota-met" in page and "quota-short" in page


def test_visit_list_queries_do_not_grow_with_page_size(world, team, client_for):
    for days in range(12):
        make_visit(world, team, day=timezone.localdate() - dt.timedelta(days=days))
    client = client_for("county")
    counts = []
    for size in (3, 12):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("inspections:list"), {"per_page": size}).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_a_visit_list_past_the_count_cap_says_it_holds_more(world, team, client_for, settings):
    """A list counted up to ANJIAN_LIST_COUNT_CAP does not state the cap as its count: "3+" in its header."""
    for days in range(4):
        make_visit(world, team, day=timezone.localdate() - dt.timedelta(days=days))
    settings.ANJIAN_LIST_COUNT_CAP = 3
    client = client_for("county")
    page = client.get(reverse("inspections:list")).content.decode()
    assert "共3+次检查" in page and "列表中的记录超过 3 条" in page
    settings.ANJIAN_LIST_COUNT_CAP = 10
    page = client.get(reverse("inspections:list")).content.decode()
    assert "共4次检查" in page and "+次检查" not in page


def test_figures_page_states_the_numbers_of_the_records(world, team, client_for):
    yingji = team[0]
    day = timezone.localdate()
    first = make_visit(world, team, unit="shop")
    make_visit(world, team, unit="mine")
    make_visit(world, team, unit="shop", day=day - dt.timedelta(days=1))
    item = first.checklist.items.first()
    result = services.record_result(yingji, first, result=ItemResult.FAIL, item=item)
    services.finding_to_hazard(yingji, result)
    hazard_services.register_hazard(
        yingji, world.enterprises["mine"], description="井下通风不良", source=Source.DEPARTMENT_INSPECTION
    )
    services.record_action(
        yingji,
        unit=world.enterprises["shop"],
        kind=ActionKind.PENALTY,
        decided_on=day,
        description="处罚",
        target="both",
        unit_amount_wan="1",
        principal_amount_wan="0.2",
    )
    services.issue_document(
        yingji,
        department=world.departments["yingji"],
        kind="penalty_decision",
        unit=world.enterprises["shop"],
        issued_on=day,
    )
    expected = services.figures(world.users["county"])
    assert expected["units_inspected"] == 2 and expected["penalties"] == 1 and expected["documents"] == 1
    page = client_for("county").get(reverse("inspections:figures")).content.decode()
    statement = re.sub(r"<[^>]+>", "", page.split("supervision-statement")[1].split("</div>")[0])
    statement = re.sub(r"\s+", "", statement)
    assert "2" in statement and str(expected["hazards_found"]) in statement
    assert (
        f'data-figure="units_inspected" href="{reverse("inspections:figure_rows", args=["units_inspected"])}">2<'
        in page
    )
    rows = client_for("county").get(reverse("inspections:figure_rows", args=["units_inspected"])).content.decode()
    assert "王国平烟花爆竹零售店" in rows and "兴国县某某矿业有限公司" in rows and "潋江镇第二小学" not in rows
    # A narrower period: yesterday only.
    narrow = (
        client_for("county")
        .get(
            reverse("inspections:figures"),
            {
                "date_from": (day - dt.timedelta(days=1)).isoformat(),
                "date_to": (day - dt.timedelta(days=1)).isoformat(),
            },
        )
        .content.decode()
    )
    assert (
        'data-figure="units_inspected" href="' in narrow
        and ">1<" in narrow.split('data-figure="units_inspected"')[1][:200]
    )
    # The jurisdiction: 高兴镇 sees the mine and the shop; yingji's figures equal the service's.
    mine = services.figures(world.users["yingji"])
    page = client_for("yingji").get(reverse("inspections:figures")).content.decode()
    assert (
        f'data-figure="penalties" href="{reverse("inspections:figure_rows", args=["penalties"])}">{mine["penalties"]}<'
        in page
    )
    _ = (Grade, User)
