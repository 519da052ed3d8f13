"""The seeded checklists: 15 sectors of seed 004 (二)1 and the spot check of attachment 4."""

import pytest
from django.core.management import call_command

from anjian.inspections.checklists import GENERAL_CHECKLIST, checklist_for, load_checklists
from anjian.inspections.models import Checklist, ChecklistItem
from anjian.org.models import Sector
from anjian.org.services import load_sectors

pytestmark = pytest.mark.django_db

ATTACHMENT_4 = [
    "企业主要负责人未按要求亲自研究排查整治工作",
    "企业主要负责人未带队检查",
    "企业未制定分管负责人职责清单",
    "企业未依法建立安全管理机构和配足安全管理人员",
    "电焊等人员无证上岗作业",
    "承包承租方不具备安全生产条件、未取得相应资质",
    "双方未签订安全生产协议",
    "安全生产管理职责不清",
    "未纳入本企业统一管理",
    "未按规定开展应急演练、企业员工不熟悉逃生出口",
]


@pytest.fixture
def loaded():
    load_sectors()
    return load_checklists()


def test_all_sixteen_checklists_load(loaded):
    assert len(loaded) == 16
    assert Checklist.objects.filter(sector__isnull=False).count() == 15
    assert set(Checklist.objects.values_list("sector__code", flat=True)) - {None} == set(
        Sector.objects.values_list("code", flat=True)
    )
    for checklist in loaded:
        assert checklist.items.count() >= 4, checklist.name


def test_each_sector_item_cites_its_field_of_seed_004(loaded):
    for order, sector in enumerate(Sector.objects.order_by("order"), start=1):
        checklist = Checklist.objects.get(sector=sector)
        sources = set(checklist.items.values_list("source", flat=True))
        assert sources == {f"兴国县高兴镇 高府发〔2023〕14号 三(二)1({order})"}, sector.code
        assert checklist.source == f"兴国县高兴镇 高府发〔2023〕14号 三(二)1({order})"


def test_seed_wording_is_quoted(loaded):
    mine = Checklist.objects.get(sector__code="non_coal_mine")
    assert mine.items.filter(text="尾矿库擅自加高坝体").exists()
    fire = Checklist.objects.get(sector__code="fire")
    assert fire.items.filter(text="消防“生命通道”占用堵塞").exists()


def test_attachment_4_items_verbatim(loaded):
    general = Checklist.objects.get(name=GENERAL_CHECKLIST, sector=None)
    assert list(general.items.values_list("text", flat=True)) == ATTACHMENT_4
    assert general.source == "兴国县高兴镇 高府发〔2023〕14号 附件4"
    outsourcing = general.items.filter(group="外包外租安全管理混乱")
    assert outsourcing.count() == 4
    assert all(
        s.startswith("兴国县高兴镇 高府发〔2023〕14号 附件4") for s in general.items.values_list("source", flat=True)
    )


def test_loading_twice_changes_nothing(loaded):
    items = ChecklistItem.objects.count()
    ids = set(ChecklistItem.objects.values_list("pk", flat=True))
    call_command("load_checklists", verbosity=0)
    load_checklists()
    assert Checklist.objects.count() == 16
    assert ChecklistItem.objects.count() == items
    assert set(ChecklistItem.objects.values_list("pk", flat=True)) == ids


def test_a_county_edit_survives_a_reload(loaded):
    fire = Checklist.objects.get(sector__code="fire")
    added = ChecklistItem.objects.create(checklist=fire, text="县里增加的检查项", order=99)
    load_checklists()
    assert ChecklistItem.objects.filter(pk=added.pk).exists()


def test_checklist_for_a_sector_and_the_general_fallback(loaded):
    fire = Sector.objects.get(code="fire")
    assert checklist_for(fire).sector == fire
    Checklist.objects.filter(sector=fire).update(is_active=False)
    assert checklist_for(fire).name == GENERAL_CHECKLIST
