"""The risk notice board (风险告知牌): a printable PDF whose Chinese text is real, embedded Noto CJK text."""

import io

import pytest
from pypdf import PdfReader

from anjian.risk import noticeboard, services
from anjian.risk.models import ControlMeasure, RiskPoint
from anjian.risk.noticeboard import NoticeBoardLimitError, notice_board_pdf, notice_boards_pdf

MEASURES = [
    ("engineering", "库房设置防雷、防静电装置并定期检测"),
    ("management", "严格执行定员、定量管理，严禁超量储存"),
    ("training", "仓库保管员经专业培训合格后上岗"),
    ("personal_protection", "进入库区穿防静电工作服"),
    ("emergency", "配备灭火器、消防沙等应急物资"),
]


@pytest.fixture
def point(world):
    user = world.users["qiye1"]
    p = services.save_point(
        user,
        RiskPoint(
            enterprise=world.enterprises["shop"],
            name="成品仓库",
            kind="place",
            hazard_factors="烟花爆竹成品大量储存，静电、明火可能引起燃烧爆炸",
            accident_types=["fire", "other_explosion"],
            responsible_person="李明",
            responsible_phone="13907971234",
            emergency_phone="0797-5321119",
            emergency_response="立即报警，切断电源，组织人员撤离",
        ),
    )
    for kind, text in MEASURES:
        ControlMeasure.objects.create(risk_point=p, kind=kind, text=text)
    services.assess(user, p, "LEC", {"l": "3", "e": "6", "c": "15"})  # D = 270: 较大风险
    return RiskPoint.objects.get(pk=p.pk)


def pdf_text(data: bytes) -> list[str]:
    return ["".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_the_board_shows_everything_of_the_point(point):
    [text] = pdf_text(notice_board_pdf(point))
    for words in (
        "安全风险告知牌",
        "成品仓库",
        "较大风险",
        "火灾、其他爆炸",
        "烟花爆竹成品大量储存",
        "工程技术措施",
        *(t for _k, t in MEASURES),
        "立即报警，切断电源，组织人员撤离",
        "李明",
        "13907971234",
        "0797-5321119",
        "119",
        "120",
        point.enterprise.name,
        "评估日期",
    ):
        assert words in text, words


def test_the_chinese_is_set_in_embedded_noto_sans_cjk(point):
    page = PdfReader(io.BytesIO(notice_board_pdf(point))).pages[0]
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("Noto-Sans-CJK-SC" in f for f in fonts)
    for font in page["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys())  # embedded, not referenced


def test_yellow_boards_use_dark_text_for_contrast():
    assert noticeboard.level_style("yellow") == {"bg": "#FFF100", "fg": "#1A1A1A"}
    assert noticeboard.level_style("red")["fg"] == "#FFFFFF"


def test_one_page_per_point_red_first(world, point):
    red = services.save_point(
        world.users["qiye1"], RiskPoint(enterprise=point.enterprise, name="药物混合工房", kind="place")
    )
    services.assess(world.users["qiye1"], red, "LS", {"l": 5, "s": 5})
    pages = pdf_text(notice_boards_pdf(RiskPoint.objects.filter(enterprise=point.enterprise)))
    assert len(pages) == 2
    assert "药物混合工房" in pages[0] and "重大风险" in pages[0]
    assert "成品仓库" in pages[1]


def test_a_batch_is_capped(point, monkeypatch):
    monkeypatch.setattr(noticeboard, "MAX_PAGES", 0)
    with pytest.raises(NoticeBoardLimitError):
        notice_boards_pdf(RiskPoint.objects.all())
