"""The list of 35 responsibilities (兴安办〔2024〕80号 二（二）1): set by the county office with its deadline, its items
loaded only from a file (with a row-by-row report; a sample says it is one), delivered by the supervisors of each
unit, acknowledged by the unit, and counted by town against the deadline."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from anjian.duties import lists, services
from anjian.duties.list_import import ImportFileError
from anjian.duties.models import ListDelivery, ListItem

from .conftest import GAOXING, LIANJIANG, TODAY

pytestmark = pytest.mark.usefixtures("frozen")


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict if hasattr(caught.value, "error_dict") else {"": caught.value.messages}


def xlsx(
    rows, header=("序号", "方面", "内容"), title="赣州市安全生产治本攻坚三年行动生产经营单位重点任务清单"
) -> bytes:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def the_list(world):
    return services.save_list(world.users["county"], None, **lists.NOTICE_LIST)


def test_the_notices_list_and_its_deadline(world, the_list):
    assert the_list.deadline == dt.date(2024, 11, 30) and the_list.expected_items == 35
    assert the_list.cite == "兴安办〔2024〕80号 二（二）1" and the_list.doc_number == "赣市安办〔2024〕51号"
    moved = services.save_list(
        world.users["county"], the_list, **(lists.NOTICE_LIST | {"deadline": dt.date(2026, 11, 30)})
    )
    assert moved.deadline == dt.date(2026, 11, 30)
    with pytest.raises(PermissionDenied):
        services.save_list(world.users["gaoxing"], None, **lists.NOTICE_LIST)
    errors = refusal(
        lambda: services.save_list(world.users["county"], None, title="", deadline="2099-01-01", expected_items=0)
    )
    assert set(errors) == {"title", "deadline", "expected_items"}


def test_items_come_from_the_file_with_a_row_report(world, the_list):
    rows = [(1, "生产经营单位", "第一条"), (2, "", "第二条"), ("x", "", "无序号"), (2, "", "重复"), (4, "", None),
            (5, "", "控制\u007f字符"), (6, "应急处置", "第六条")]  # fmt: skip
    result = services.import_items(world.users["county"], the_list, xlsx(rows))
    assert (result.created, result.updated, result.unchanged, result.items) == (3, 0, 0, 3)
    assert [(e.row_number, e.column) for e in result.errors] == [(5, "序号"), (6, "序号"), (7, "内容"), (8, "内容")]
    assert list(ListItem.objects.values_list("number", "area", "text")) == [
        (1, "生产经营单位", "第一条"),
        (2, "", "第二条"),
        (6, "应急处置", "第六条"),
    ]
    again = services.import_items(
        world.users["county"], the_list, xlsx([(1, "生产经营单位", "第一条"), (2, "", "第二条（修订）")])
    )
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)


def test_a_sample_is_replaced_whole_by_the_real_file(world, the_list):
    sample = xlsx([(n, "", f"示例条目 {n}") for n in range(1, 36)])
    assert services.import_items(world.users["county"], the_list, sample, sample=True).items == 35
    assert the_list.items_sample
    real = services.import_items(world.users["county"], the_list, xlsx([(1, "企业主要负责人", "正式条目")]))
    the_list.refresh_from_db()
    assert real.items == 1 and not the_list.items_sample and ListItem.objects.get().text == "正式条目"


@pytest.mark.parametrize(
    "data",
    [b"not a workbook", xlsx([(1, "", "x")], header=("编码", "名称")), b"PK\x03\x04broken"],
)
def test_a_file_that_cannot_be_read_is_refused_whole(world, the_list, data):
    with pytest.raises(ImportFileError):
        services.import_items(world.users["county"], the_list, data)
    assert not ListItem.objects.exists()
    with pytest.raises(PermissionDenied):
        services.import_items(world.users["gaoxing"], the_list, xlsx([(1, "", "x")]))


def test_deliveries_by_the_units_supervisors(world, the_list):
    shop, school = world.enterprises["shop"], world.enterprises["school"]
    made = services.record_delivery(world.users["gaoxing"], the_list, shop, TODAY, "meeting", "康富春")
    assert (made.deliverer_name, made.recorded_by, made.method) == ("康富春", world.users["gaoxing"], "meeting")
    assert list(refusal(lambda: services.record_delivery(world.users["county"], the_list, shop, TODAY))) == [
        "enterprise"
    ]
    for username in ("gaoxing", "qiye1", "leader", "grid1"):
        with pytest.raises(PermissionDenied):
            services.record_delivery(world.users[username], the_list, school, TODAY)
    for bad, field in (("2099-01-01", "delivered_on"), ("1999-01-01", "delivered_on")):
        assert list(
            refusal(lambda bad=bad: services.record_delivery(world.users["county"], the_list, school, bad))
        ) == [field]
    bad_method = refusal(lambda: services.record_delivery(world.users["county"], the_list, school, TODAY, "fax"))
    assert list(bad_method) == ["method"]
    assert ListDelivery.objects.count() == 1


def test_delivering_at_once_reaches_only_units_in_charge_not_yet_reached(world, the_list):
    e = world.enterprises
    services.record_delivery(world.users["gaoxing"], the_list, e["shop"], TODAY)
    ids = [e["shop"].pk, e["mine"].pk, e["school"].pk, e["site"].pk]
    assert services.deliver_many(world.users["gaoxing"], the_list, ids, TODAY, "meeting") == 1  # the mine
    assert set(ListDelivery.objects.values_list("enterprise__name", flat=True)) == {e["shop"].name, e["mine"].name}
    with pytest.raises(PermissionDenied):
        services.deliver_many(world.users["qiye1"], the_list, ids, TODAY)
    assert services.deliver_many(world.users["county"], the_list, ids + ["x", True], TODAY) == 2


def test_the_unit_acknowledges_once_not_before_the_delivery(world, the_list):
    delivery = services.record_delivery(
        world.users["gaoxing"], the_list, world.enterprises["shop"], TODAY - dt.timedelta(days=3)
    )
    early = refusal(lambda: services.acknowledge_delivery(world.users["qiye1"], delivery, TODAY - dt.timedelta(days=4)))
    assert list(early) == ["acknowledged_on"]
    with pytest.raises(PermissionDenied):
        services.acknowledge_delivery(world.users["yingji"].__class__.objects.get(username="grid1"), delivery)
    done = services.acknowledge_delivery(world.users["qiye1"], delivery)
    assert (done.acknowledged_on, done.acknowledged_by_name) == (TODAY, "qiye1")
    assert list(refusal(lambda: services.acknowledge_delivery(world.users["gaoxing"], delivery, TODAY, "王国平"))) == [
        ""
    ]


def test_a_supervisor_records_the_signature_on_paper_with_the_name(world, the_list):
    delivery = services.record_delivery(world.users["county"], the_list, world.enterprises["school"], TODAY)
    assert list(refusal(lambda: services.acknowledge_delivery(world.users["county"], delivery, TODAY))) == [
        "acknowledged_by_name"
    ]
    assert (
        services.acknowledge_delivery(world.users["county"], delivery, TODAY, "刘校长").acknowledged_by_name == "刘校长"
    )


def test_progress_by_town_and_the_units_not_reached(world, the_list):
    e = world.enterprises
    services.record_delivery(world.users["gaoxing"], the_list, e["shop"], TODAY)
    delivery = services.record_delivery(world.users["county"], the_list, e["school"], TODAY)
    services.acknowledge_delivery(world.users["county"], delivery, TODAY, "刘校长")
    found = lists.progress(world.users["county"], the_list, TODAY)
    by_town = {row.town.code: (row.units, row.delivered, row.acknowledged, row.not_reached) for row in found.towns}
    assert by_town[GAOXING] == (2, 1, 0, 1) and by_town[LIANJIANG] == (2, 1, 1, 1)
    assert (found.total.units, found.total.delivered, found.total.percent) == (5, 2, 40)
    assert found.days_left == (dt.date(2024, 11, 30) - TODAY).days
    assert set(lists.not_reached(world.users["county"], the_list)) == {e["mine"], e["site"], e["park_chem"]}
    town = lists.progress(world.users["gaoxing"], the_list, TODAY)
    assert [row.town.code for row in town.towns] == [GAOXING] and town.total.units == 2
    assert set(lists.not_reached(world.users["gaoxing"], the_list)) == {e["mine"]}
