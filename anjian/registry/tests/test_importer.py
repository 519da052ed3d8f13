"""The Excel import, driven with real workbooks and the real database."""

from io import BytesIO

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from anjian.core.testing import make_credit_code
from anjian.registry.exports import enterprises_xlsx
from anjian.registry.importer import ImportFileError, import_enterprises
from anjian.registry.models import Enterprise


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the messages' words; the Chinese wording is covered by tests/test_i18n.py."""
    with translation.override("en"):
        yield


HEADERS = [
    "名称", "统一社会信用代码", "单位类型", "地址", "所属乡镇", "村（社区）", "网格", "所属行业领域", "高危行业",
    "规上企业", "从业人数", "标准化等级", "状态", "主要负责人", "主要负责人电话", "责任单位", "挂点领导",
    "挂点领导电话", "责任干部", "责任干部电话",
]  # fmt: skip


def xlsx(rows, header=HEADERS, title=None) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def row(name, code="", town="高兴镇", village="高兴村", sector="工贸", phone="13907970001", unit="兴国县应急管理局"):
    return [name, code, "企业", "某路1号", town, village, "", sector, "否", "是", 12, "二级", "在营", "张三", phone,
            unit, "李四", "13907970002", "王五", "0797-5322110"]  # fmt: skip


def history_count() -> int:
    return Enterprise.history.count()


def test_export_then_import_changes_nothing(world):
    data = BytesIO(enterprises_xlsx(Enterprise.objects.all()))
    before = history_count()
    result = import_enterprises(data)
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 5, [])
    assert history_count() == before


def test_new_rows_are_created_and_reimport_is_idempotent(world):
    good = [row("兴国县甲工贸有限公司", make_credit_code(20000001)), row("赖记五金店", unit="高兴镇人民政府")]
    first = import_enterprises(xlsx(good))
    assert (first.created, first.errors) == (2, [])
    shop = Enterprise.objects.get(name="赖记五金店")
    assert shop.region == world.regions["gx_village"] and shop.responsible_unit == "高兴镇人民政府"
    assert shop.above_scale and shop.staff_count == 12 and shop.standardization_grade == "2"
    before = history_count()
    again = import_enterprises(xlsx(good))
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 2, [])
    assert history_count() == before


def test_a_changed_value_updates_the_matched_row(world):
    code = make_credit_code(20000001)
    import_enterprises(xlsx([row("兴国县甲工贸有限公司", code)]))
    result = import_enterprises(xlsx([row("兴国县甲工贸有限公司", code, phone="13907979999")]))
    assert (result.created, result.updated) == (0, 1)
    assert Enterprise.objects.get(credit_code=code).principal_phone == "13907979999"


def test_bad_rows_are_reported_with_row_and_column_and_good_rows_still_import(world):
    wrong_check = make_credit_code(20000002)[:17] + ("0" if make_credit_code(20000002)[17] != "0" else "1")
    rows = [
        row("好企业一", make_credit_code(20000001)),  # Excel row 2
        row("校验位错误企业", wrong_check),  # row 3
        row("行业未知企业", make_credit_code(20000003), sector="养殖业"),  # row 4
        row("电话错误企业", make_credit_code(20000004), phone="1xxxxxxxxxx"),  # row 5
        row("", make_credit_code(20000005)),  # row 6: no name
        row("乡镇未知企业", make_credit_code(20000006), town="火星镇"),  # row 7
        row("好企业二", make_credit_code(20000007)),  # row 8
    ]
    result = import_enterprises(xlsx(rows))
    assert result.created == 2
    assert set(Enterprise.objects.filter(name__startswith="好企业").values_list("name", flat=True)) == {
        "好企业一",
        "好企业二",
    }
    found = {(e.row_number, e.column) for e in result.errors}
    assert found == {(3, "统一社会信用代码"), (4, "所属行业领域"), (5, "主要负责人电话"), (6, "名称"), (7, "所属乡镇")}
    by_row = {e.row_number: e.message for e in result.errors}
    assert "check character" in by_row[3] and "养殖业" in by_row[4] and "1xxxxxxxxxx" in by_row[5]
    assert not Enterprise.objects.filter(name__in=["校验位错误企业", "行业未知企业", "电话错误企业"]).exists()


def test_attachment_2_table_updates_shops_and_maps_each_contact_phone(world):
    header = [
        "序号",
        "公司/企业名称",
        "责任单位",
        "企业主要负责人",
        "联系电话",
        "挂点领导",
        "联系电话",
        "责任干部",
        "联系电话",
    ]
    rows = [
        [1, "王国平烟花爆竹零售店", "高兴镇人民政府", "王国平", "13907971001", "周甘华", "13907971002", "康富春", "13907971009"],
        [2, "刘晓荣烟花爆竹零售店", "高兴镇人民政府", "刘晓荣", 13907972001, "肖玉燕", 13907972002, "赖智灵", 13907972003],
    ]  # fmt: skip
    result = import_enterprises(xlsx(rows, header=header, title="烟花爆竹安全生产责任公示牌"))
    assert (result.created, result.updated, result.errors) == (1, 1, [])
    shop = world.enterprises["shop"]
    shop.refresh_from_db()
    assert shop.region == world.regions["gx_village"]  # the village on record is kept
    assert (shop.principal_phone, shop.liaison_leader_phone, shop.responsible_cadre_phone) == (
        "13907971001",
        "13907971002",
        "13907971009",
    )
    new = Enterprise.objects.get(name="刘晓荣烟花爆竹零售店")
    assert new.sector.code == "fireworks" and new.high_risk and new.responsible_unit == "高兴镇人民政府"
    assert (new.principal_phone, new.liaison_leader_phone, new.responsible_cadre_phone) == (
        "13907972001",
        "13907972002",
        "13907972003",
    )


def test_town_user_cannot_import_into_another_town(world):
    rows = [
        row("高兴镇新企业", make_credit_code(20000011)),
        row("潋江镇新企业", make_credit_code(20000012), town="潋江镇", village="城南社区"),
    ]
    result = import_enterprises(xlsx(rows), user=world.users["gaoxing"])
    assert result.created == 1
    assert [(e.row_number, e.column) for e in result.errors] == [(3, "所属乡镇")]
    assert "jurisdiction" in result.errors[0].message
    assert not Enterprise.objects.filter(name="潋江镇新企业").exists()


def test_town_user_cannot_update_an_enterprise_of_another_town(world):
    school = world.enterprises["school"]
    rows = [row(school.name, school.credit_code, town="高兴镇", village="高兴村")]
    result = import_enterprises(xlsx(rows), user=world.users["gaoxing"])
    assert result.updated == 0 and len(result.errors) == 1
    # Even an identical row says nothing about a record outside the user's jurisdiction.
    same = BytesIO(enterprises_xlsx(Enterprise.objects.filter(pk=school.pk)))
    quiet = import_enterprises(same, user=world.users["gaoxing"])
    assert quiet.unchanged == 0 and [e.row_number for e in quiet.errors] == [2]
    school.refresh_from_db()
    assert school.region == world.regions["lj_village"]


def test_read_only_roles_may_not_import(world):
    with pytest.raises(ImportFileError):
        import_enterprises(xlsx([row("某企业")]), user=world.users["leader"])


@pytest.mark.parametrize(
    "content",
    [b"name,credit_code\nfoo,bar\n", b"PK\x03\x04 not really a zip", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600],
)
def test_a_file_that_is_not_xlsx_gives_a_clear_message(world, content):
    with pytest.raises(ImportFileError, match="xlsx"):
        import_enterprises(BytesIO(content))


def test_a_workbook_without_a_header_row_is_refused(world):
    with pytest.raises(ImportFileError, match="header"):
        import_enterprises(xlsx([["a", "b"]], header=["甲", "乙"]))


def test_files_over_the_size_cap_are_refused(world, monkeypatch):
    from anjian.registry import importer

    monkeypatch.setattr(importer, "MAX_BYTES", 1000)
    with pytest.raises(ImportFileError, match="larger"):
        import_enterprises(xlsx([row("某企业")]))


def test_command_dry_run_saves_nothing_and_prints_errors(world, tmp_path, capsys):
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx([row("新企业", make_credit_code(20000021)), row("坏电话", phone="123")]).getvalue())
    call_command("import_enterprises", str(path), "--dry-run")
    out, err = capsys.readouterr()
    assert "1" in out and "Dry run" in out or "试运行" in out
    assert "3" in err and "主要负责人电话" in err
    assert not Enterprise.objects.filter(name="新企业").exists()
    call_command("import_enterprises", str(path))
    assert Enterprise.objects.filter(name="新企业").exists()
