"""The checklist pages: everyone reads them; only the county office edits names, use and items; an item
already used on a visit cannot be removed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from anjian.core.testing import make_user
from anjian.inspections import services
from anjian.inspections.choices import ItemResult, VisitKind
from anjian.inspections.models import Checklist, ChecklistItem
from anjian.org.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def checklist(world):
    made = Checklist.objects.create(name="烟花爆竹检查表", sector=world.sectors["fireworks"])
    for order, text in enumerate(("超量储存", "未设置警示标志"), start=1):
        ChecklistItem.objects.create(checklist=made, order=order, text=text, group="储存")
    return made


def post_data(checklist, rows, name=None, is_active=True, extra=()):
    """The edit form's fields: the existing rows (with DELETE where asked) and new rows."""
    data = {"name": name or checklist.name}
    if is_active:
        data["is_active"] = "on"
    all_rows = list(rows) + list(extra)
    data.update({"items-TOTAL_FORMS": len(all_rows), "items-INITIAL_FORMS": len(rows)})
    data.update({"items-MIN_NUM_FORMS": 0, "items-MAX_NUM_FORMS": 1000})
    for n, row in enumerate(all_rows):
        for key, value in row.items():
            data[f"items-{n}-{key}"] = value
    return data


def rows_of(checklist):
    return [{"id": i.pk, "order": i.order, "group": i.group, "text": i.text} for i in checklist.items.all()]


def test_everyone_reads_only_the_county_office_edits(world, checklist, client_for):
    edit = reverse("inspections:checklist_edit", args=[checklist.pk])
    for name in ("county", "leader", "yingji", "gaoxing", "grid1", "qiye1", "expert1"):
        response = client_for(name).get(reverse("inspections:checklists"))
        assert response.status_code == 200, name
        assert "超量储存" in response.content.decode()
        assert (edit in response.content.decode()) == (name == "county"), name
        expected = 200 if name == "county" else 403
        assert client_for(name).get(edit).status_code == expected, name
        posted = client_for(name).post(edit, post_data(checklist, rows_of(checklist)))
        assert posted.status_code == (302 if name == "county" else 403), name


def test_county_renames_deactivates_edits_adds_and_removes(world, checklist, client_for):
    rows = rows_of(checklist)
    rows[0]["text"], rows[0]["order"] = "超量储存烟花爆竹", 5
    rows[1]["DELETE"] = "on"
    extra = [{"order": 9, "group": "管理", "text": "无证经营"}, {"order": 0, "group": "", "text": ""}]
    response = client_for("county").post(
        reverse("inspections:checklist_edit", args=[checklist.pk]),
        post_data(checklist, rows, name="烟花爆竹零售检查表", is_active=False, extra=extra),
    )
    assert response.status_code == 302
    checklist.refresh_from_db()
    assert (checklist.name, checklist.is_active) == ("烟花爆竹零售检查表", False)
    items = [(i.order, i.group, i.text) for i in checklist.items.all()]
    assert items == [(5, "储存", "超量储存烟花爆竹"), (9, "管理", "无证经营")]


def test_removing_an_item_used_by_a_visit_is_refused(world, checklist, client_for):
    yingji = world.users["yingji"]
    second = make_user("yingji2", Role.DEPARTMENT, department=world.departments["yingji"])
    visit = services.create_inspection(
        yingji,
        unit=world.enterprises["shop"],
        kind=VisitKind.ROUTINE,
        visit_date=timezone.localdate(),
        inspectors=[yingji, second],
        checklist=checklist,
    )
    used = checklist.items.get(text="超量储存")
    services.record_result(yingji, visit, result=ItemResult.FAIL, item=used)
    rows = rows_of(checklist)
    rows[0]["DELETE"] = "on"
    rows[1]["text"] = "changed too"
    response = client_for("county").post(
        reverse("inspections:checklist_edit", args=[checklist.pk]), post_data(checklist, rows, name="新名称")
    )
    assert response.status_code == 200
    assert "已在检查中使用，不能删除" in response.content.decode()  # the clear refusal, in Chinese
    checklist.refresh_from_db()
    assert checklist.name == "烟花爆竹检查表"  # nothing of the refused change was saved
    assert sorted(checklist.items.values_list("text", flat=True)) == ["未设置警示标志", "超量储存"]
    rows[0].pop("DELETE")
    response = client_for("county").post(
        reverse("inspections:checklist_edit", args=[checklist.pk]), post_data(checklist, rows)
    )
    assert response.status_code == 302
    assert checklist.items.filter(text="changed too").exists()


def test_an_item_needs_its_text(world, checklist, client_for):
    rows = rows_of(checklist)
    rows[0]["text"] = ""
    response = client_for("county").post(
        reverse("inspections:checklist_edit", args=[checklist.pk]), post_data(checklist, rows)
    )
    assert response.status_code == 200
    assert checklist.items.filter(text="超量储存").exists()
