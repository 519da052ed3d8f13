"""Excel exports: the enterprise list and the signboard table of seed 004 attachment 2."""

from io import BytesIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from anjian.registry.exports import enterprises_xlsx, signboards_xlsx
from anjian.registry.models import Enterprise

ATTACHMENT_2_HEADERS = [
    "序号", "公司/企业名称", "责任单位", "企业主要负责人", "联系电话", "挂点领导", "联系电话", "责任干部", "联系电话",
]  # fmt: skip
LIST_HEADERS = [
    "名称", "统一社会信用代码", "单位类型", "地址", "所属乡镇", "村（社区）", "网格", "所属行业领域", "高危行业",
    "规上企业", "从业人数", "标准化等级", "状态", "主要负责人", "主要负责人电话", "责任单位", "挂点领导",
    "挂点领导电话", "责任干部", "责任干部电话",
]  # fmt: skip


def read(data: bytes):
    return load_workbook(BytesIO(data)).active


def values(ws, row: int) -> list:
    return [c.value for c in ws[row]]


def test_signboard_table_is_attachment_2(world):
    qs = Enterprise.objects.filter(
        sector__code="fireworks", region__path__startswith=world.regions["360732104000"].path
    )
    ws = read(signboards_xlsx(qs, "烟花爆竹安全生产责任公示牌"))
    assert ws["A1"].value == "烟花爆竹安全生产责任公示牌"
    assert "A1:I1" in {str(r) for r in ws.merged_cells.ranges}
    assert values(ws, 2) == ATTACHMENT_2_HEADERS
    assert values(ws, 3) == [
        1, "王国平烟花爆竹零售店", "高兴镇人民政府", "王国平", "13907971001", "周甘华", "13907971002", "康富春",
        "13907971003",
    ]  # fmt: skip
    assert ws.max_row == 3
    assert ws["B3"].border.left.style == "thin" and ws["I2"].border.bottom.style == "thin"
    assert ws.column_dimensions["B"].width >= 25


def test_signboard_table_prints_landscape_a4_fit_to_width_with_header_repeated(world):
    ws = read(signboards_xlsx(Enterprise.objects.all(), "安全生产责任公示牌"))
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$2:$2"
    assert [ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)] == [1, 2, 3, 4, 5]


def test_enterprise_list_has_every_field_in_chinese(world):
    ws = read(enterprises_xlsx(Enterprise.objects.filter(pk=world.enterprises["shop"].pk)))
    assert values(ws, 1) == LIST_HEADERS
    shop = dict(zip(LIST_HEADERS, values(ws, 2), strict=True))
    assert shop["名称"] == "王国平烟花爆竹零售店"
    assert (shop["所属乡镇"], shop["村（社区）"], shop["所属行业领域"]) == ("高兴镇", "高兴村", "烟花爆竹")
    assert (shop["高危行业"], shop["状态"], shop["责任单位"]) == ("是", "在营", "高兴镇人民政府")
    assert shop["主要负责人电话"] == "13907971001"  # text, not a number Excel would reformat


def test_export_queries_do_not_grow_with_rows(world):
    def queries_for_export() -> int:
        with CaptureQueriesContext(connection) as ctx:
            enterprises_xlsx(Enterprise.objects.all())
            signboards_xlsx(Enterprise.objects.all(), "t")
        return len(ctx.captured_queries)

    few = queries_for_export()
    shop = world.enterprises["shop"]
    Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"零售店{i}", region=shop.region, sector=shop.sector, responsible_town=shop.responsible_town
            )
            for i in range(60)
        ]
    )
    assert queries_for_export() == few


def test_export_command_filters_by_sector_and_region(world, tmp_path):
    path = tmp_path / "fireworks.xlsx"
    call_command("export_enterprises", str(path), "--sector", "fireworks", "--region", "360732104000", "--signboards")
    ws = load_workbook(path).active
    assert ws["A1"].value == "高兴镇烟花爆竹安全生产责任公示牌"
    assert [ws.cell(row=r, column=2).value for r in range(3, ws.max_row + 1)] == ["王国平烟花爆竹零售店"]
    full = tmp_path / "all.xlsx"
    call_command("export_enterprises", str(full), "--region", "潋江镇")
    names = {c.value for c in load_workbook(full).active["A"][1:]}
    assert names == {"潋江镇城南安置房项目", "潋江镇第二小学"}


def test_exports_survive_text_stored_with_control_characters(world, client_for):
    """Rows saved before control characters were refused at the edge: the files still open, text cleaned."""
    shop = world.enterprises["shop"]
    Enterprise.objects.filter(pk=shop.pk).update(name="王国平\u000b烟花爆竹零售店\u0007", principal="王\u0001国平")
    qs = Enterprise.objects.filter(pk=shop.pk)
    assert values(read(enterprises_xlsx(qs)), 2)[0] == "王国平\n烟花爆竹零售店"
    board = read(signboards_xlsx(qs, "烟花爆竹安全生产责任公示牌"))
    assert (board["B3"].value, board["D3"].value) == ("王国平\n烟花爆竹零售店", "王国平")
    client = client_for("county")
    assert client.get(reverse("registry:enterprise_export")).status_code == 200


def test_the_enterprise_list_prints_on_a4_landscape_with_rows_tall_enough(world):
    Enterprise.objects.filter(pk=world.enterprises["shop"].pk).update(address="兴国县高兴镇高兴村" * 10)
    ws = read(enterprises_xlsx(Enterprise.objects.order_by("name")))
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$1:$1" and ws["D2"].alignment.wrap_text
    heights = {ws.cell(row=r, column=1).value: ws.row_dimensions[r].height for r in range(2, ws.max_row + 1)}
    assert heights["王国平烟花爆竹零售店"] > 3 * heights["潋江镇第二小学"]  # 90 characters in a 30-wide column
