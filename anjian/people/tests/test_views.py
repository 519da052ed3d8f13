"""The people pages for every role: lists and pages answer within the jurisdiction (404 outside), ID numbers are
masked everywhere on screen and in files, forms refuse bad input with field errors and store nothing, and a
hot-work permit for an uncertified worker is a form error on the worker."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from anjian.people import permits
from anjian.people.models import Certificate, Permit, Person, TrainingRecord

from .conftest import certificate, id_number, person, training

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date


@pytest.fixture
def scene(world):
    principal = person(world, "mine", 1, ["principal"], appointed_on=D(2024, 1, 15), post="总经理")
    training(world, principal, 48, D(2024, 2, 1))
    certificate(world, principal, D(2022, 8, 1), kind="safety_qualification")
    welder = person(world, "mine", 2, ["special_operation"], operation_type="welding", post="电焊工")
    certificate(world, welder, D(2022, 3, 1), issuer="吉安市应急管理局", issued_elsewhere=True)
    uncertified = person(world, "mine", 3, ["special_operation"], operation_type="welding", post="电焊工")
    shopkeeper = person(world, "shop", 4, ["principal"], user="qiye1")
    permit = permits.add_permit(
        world.users["county"], enterprise=world.enterprises["mine"], worker=welder, guardian=principal,
        approver=principal, place="机修车间", starts_at=dt.datetime(2024, 7, 10, 8, 0),
        ends_at=dt.datetime(2024, 7, 10, 17, 0), measures="清理可燃物，配备灭火器",
    )  # fmt: skip
    return {"principal": principal, "welder": welder, "uncertified": uncertified, "shop": shopkeeper, "permit": permit}


PAGES = ["people:list", "people:training", "people:certificates", "people:permits", "people:welders", "people:rate"]


@pytest.mark.parametrize("username", ["county", "yingji", "gaoxing", "qiye1", "grid1", "leader"])
def test_every_list_answers_for_every_role_and_masks_the_id_numbers(world, scene, client_for, username):
    client = client_for(username)
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        body = response.content.decode()
        for who in scene.values():
            if isinstance(who, Person):
                assert who.id_number not in body, name
    lists = client.get(reverse("people:list")).content.decode()
    assert ("3607**********" in lists) is (username in ("county", "yingji", "gaoxing", "qiye1", "leader"))


def test_the_unit_sees_only_its_own(world, scene, client_for):
    client = client_for("qiye1")
    assert client.get(reverse("people:detail", args=[scene["principal"].pk])).status_code == 404
    page = client.get(reverse("people:detail", args=[scene["shop"].pk]))
    assert page.status_code == 200 and scene["shop"].masked_id_number in page.content.decode()
    assert client.get(reverse("people:permit_detail", args=[scene["permit"].pk])).status_code == 404
    assert client.get(reverse("people:detail", args=[10**17])).status_code == 404
    assert client.get("/people/999999999999999999999/").status_code == 404


def test_a_person_page_explains_the_standing_and_masks_the_history(world, scene, client_for):
    client = client_for("county")
    principal = scene["principal"]
    client.post(reverse("people:edit", args=[principal.pk]), {"name": "李四", "id_number": id_number(9),
                                                              "categories": ["principal"], "appointed_on": "2024-01-15"})  # fmt: skip
    body = client.get(reverse("people:detail", args=[principal.pk])).content.decode()
    assert id_number(9) not in body and id_number(1) not in body
    assert "3607**********" in body
    welder = client.get(reverse("people:detail", args=[scene["uncertified"].pk])).content.decode()
    assert "100%" in welder  # on a post without its certificate


def test_exports_mask_the_id_numbers(world, scene, client_for):
    client = client_for("county")
    for name in ("people:export", "people:certificates_export", "people:training_export", "people:permits_export"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        text = _text(response.content)
        assert id_number(1) not in text and id_number(2) not in text, name
    ledger = _text(client.get(reverse("people:welders") + "?export=xlsx").content)
    assert "电焊作业人员安全管理台账" in ledger and "无证" in ledger and "外地取证" in ledger
    assert id_number(3) not in ledger and id_number(3)[:4] + "*" * 10 + id_number(3)[-4:] in ledger
    rate = _text(client.get(reverse("people:rate") + "?by=sector&export=xlsx").content)
    assert "三项岗位人员持证上岗情况" in rate and "非煤矿山" in rate


def _text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value)


def test_registering_a_person_refuses_a_wrong_check_digit_and_stores_nothing(world, client_for):
    client = client_for("qiye1")
    wrong = id_number(5)[:17] + ("0" if id_number(5)[17] != "0" else "1")
    data = {"name": "张三", "id_number": wrong, "categories": ["new_staff"], "started_on": "2024-07-01"}
    response = client.post(reverse("people:new"), data)
    assert response.status_code == 400
    assert "check character" in response.content.decode() or "校验" in response.content.decode()
    assert not Person.objects.exists()
    response = client.post(reverse("people:new"), {**data, "id_number": id_number(5), "name": "张三\u0007"})
    assert response.status_code == 400 and not Person.objects.exists()
    response = client.post(reverse("people:new"), {**data, "id_number": id_number(5)})
    assert response.status_code == 302
    assert Person.objects.get().enterprise == world.enterprises["shop"]


def test_a_department_chooses_the_unit_first(world, client_for):
    client = client_for("yingji")
    chooser = client.get(reverse("people:new"), {"q": "矿业"})
    assert chooser.status_code == 200 and world.enterprises["mine"].name in chooser.content.decode()
    assert world.enterprises["school"].name not in client.get(reverse("people:new")).content.decode()
    assert client.get(reverse("people:new"), {"enterprise": world.enterprises["school"].pk}).status_code == 404
    assert client.get(reverse("people:new"), {"enterprise": world.enterprises["mine"].pk}).status_code == 200
    assert client_for("leader").get(reverse("people:new")).status_code == 403


def test_records_are_added_on_their_forms_with_field_errors(world, scene, client_for):
    client = client_for("county")
    principal = scene["principal"]
    url = reverse("people:record_new", args=[principal.pk, "training"])
    bad = {"kind": "yearly", "course": "年度再培训", "hours": "-1", "date": "2024-07-01", "result": "passed"}
    assert client.post(url, bad).status_code == 400
    assert client.post(url, {**bad, "hours": "12", "date": "2099-01-01"}).status_code == 400
    assert TrainingRecord.objects.filter(person=principal).count() == 1
    assert client.post(url, {**bad, "hours": "12"}).status_code == 302
    url = reverse("people:record_new", args=[principal.pk, "certificate"])
    data = {"kind": "special_operation", "operation_type": "electrical", "number": "T1", "issuer": "赣州市应急管理局",
            "issued_on": "2024-01-01", "expires_on": "2023-12-31"}  # fmt: skip
    assert client.post(url, data).status_code == 400
    assert client.post(url, {**data, "expires_on": ""}).status_code == 302
    made = Certificate.objects.get(number="T1")
    assert (made.expires_on, made.next_review_on) == (D(2030, 1, 1), D(2027, 1, 1))
    edit = client.get(reverse("people:record_edit", args=["certificate", made.pk]))
    assert edit.status_code == 200
    delete = client.post(reverse("people:record_delete", args=["certificate", made.pk]))
    assert delete.status_code == 302 and not Certificate.objects.filter(number="T1").exists()
    assert client_for("qiye1").get(reverse("people:record_edit", args=["training", 1])).status_code == 404


def test_a_hot_work_permit_for_an_uncertified_worker_is_a_form_error(world, scene, client_for):
    client = client_for("county")
    url = reverse("people:permit_new") + f"?enterprise={world.enterprises['mine'].pk}"
    data = {"kind": "hot_work", "worker": scene["uncertified"].pk, "guardian": scene["principal"].pk,
            "approver": scene["principal"].pk, "place": "仓库", "starts_at": "2024-07-16T08:00",
            "ends_at": "2024-07-16T12:00", "measures": "配备灭火器"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    assert "worker" in response.context["form"].errors
    assert Permit.objects.count() == 1
    response = client.post(url, {**data, "worker": scene["welder"].pk})
    assert response.status_code == 302 and Permit.objects.count() == 2


def test_the_rate_page_groups_by_town_unit_and_sector(world, scene, client_for):
    client = client_for("county")
    for by in ("town", "enterprise", "sector"):
        response = client.get(reverse("people:rate"), {"by": by})
        assert response.status_code == 200
        rows = response.context["rows"]
        assert sum(r.required for r in rows) == response.context["total"].required == 4
        assert response.context["total"].certified == 2
    assert client.get(reverse("people:rate"), {"town": "nowhere"}).context["total"].required == 0


def test_the_import_page_and_its_template(world, client_for):
    client = client_for("qiye1")
    template = client.get(reverse("people:template"))
    assert template.status_code == 200
    names = load_workbook(io.BytesIO(template.content)).sheetnames
    assert names == ["说明", "人员", "培训记录", "证书"]
    assert client.get(reverse("people:import")).status_code == 200
    refused = client.post(reverse("people:import"), {"file": io.BytesIO(b"not a workbook")})
    assert refused.status_code == 400
    assert client_for("grid1").get(reverse("people:import")).status_code == 403


def test_the_lists_filter_and_junk_filters_answer_an_empty_list(world, scene, client_for):
    client = client_for("county")
    checks = {
        reverse("people:list") + "?compliance=overdue&category=special_operation&working=true": 0,
        reverse("people:list") + "?operation_type=welding&town=360732104000": 2,
        reverse("people:certificates") + "?attention=true&kind=special_operation": 0,
        reverse("people:certificates") + "?status=valid&issued_elsewhere=true": 1,
        reverse("people:training") + "?kind=initial&date_from=2024-01-01&date_to=2024-12-31": 1,
        reverse("people:permits") + "?kind=hot_work&date_from=2024-07-10&date_to=2024-07-10&search=机修": 1,
        reverse("people:permits") + "?date_from=0001-01-01&date_to=9999-12-31": 1,
        reverse("people:list") + "?enterprise=abc": 0,
        reverse("people:list") + "?town=nowhere": 0,
    }
    for url, expected in checks.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["table"].paginator.count == expected, url
