"""The safety responsibility signboard (seed 004 attachment 1) as a PDF a print shop can use."""

from collections import defaultdict
from io import BytesIO

import pytest
from django.utils import translation
from pypdf import PdfReader

from anjian.registry import signboard
from anjian.registry.models import Enterprise


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the messages' words; the Chinese wording is covered by tests/test_i18n.py."""
    with translation.override("en"):
        yield


def pdf(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF")
    return PdfReader(BytesIO(data))


def font_names(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_plate_is_60_by_40_cm_with_the_fields_of_attachment_1(world):
    reader = pdf(signboard.signboard_pdf(world.enterprises["shop"]))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == (1700.79, 1133.86)
    text = "".join(reader.pages[0].extract_text().split())
    for expected in ["安全生产责任公示牌", "公司/企业名称", "王国平烟花爆竹零售店", "责任单位", "高兴镇人民政府",
                     "企业主要负责人", "王国平", "13907971001", "挂点领导", "周甘华", "13907971002", "责任干部",
                     "康富春", "13907971003"]:  # fmt: skip
        assert expected in text, expected


def test_chinese_glyphs_come_from_embedded_noto_sans_cjk(world):
    reader = pdf(signboard.signboard_pdf(world.enterprises["shop"]))
    names = font_names(reader)
    assert names and all("Noto-Sans-CJK-SC" in n for n in names), names
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_long_names_wrap_and_empty_values_leave_a_line_to_fill(world):
    school = world.enterprises["school"]  # no principal, no liaison leader, no responsible unit
    school.name = "兴国县潋江镇第二小学附属幼儿园及课后托管服务中心城南分部临时教学点"
    text = "".join(pdf(signboard.signboard_pdf(school)).pages[0].extract_text().split())
    assert school.name in text
    assert "企业主要负责人" in text and "联系电话" in text


def test_batch_has_one_page_per_enterprise_and_a_cap(world, monkeypatch):
    qs = Enterprise.objects.all()
    reader = pdf(signboard.signboards_pdf(qs))
    assert len(reader.pages) == qs.count() == 5
    assert "江西某某化工有限公司" in reader.pages[4].extract_text() or any(
        "江西某某化工有限公司" in p.extract_text() for p in reader.pages
    )
    monkeypatch.setattr(signboard, "MAX_PAGES", 4)
    with pytest.raises(signboard.SignboardLimitError, match="at most 4"):
        signboard.signboards_pdf(qs)


def text_lines(data: bytes) -> dict:
    """The characters drawn on the plate grouped into lines by their baseline, and the width of each
    character (a Chinese glyph is as wide as its font size)."""
    import pypdfium2

    page = pypdfium2.PdfDocument(data)[0]
    text = page.get_textpage()
    lines: dict[float, str] = defaultdict(str)
    widths: dict[str, float] = {}
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        if char.strip():
            left, bottom, right, _top = text.get_charbox(index)
            lines[round(bottom / 4) * 4] += char
            widths.setdefault(char, right - left)
    return {"lines": list(lines.values()), "widths": widths}


def test_a_name_one_character_too_long_shrinks_onto_one_line(world):
    """兴国县某某矿业有限公司 (11 characters) and 兴国县住房和城乡建设局 are one character more than 50 pt holds."""
    mine = world.enterprises["mine"]
    mine.responsible_department.name = "兴国县住房和城乡建设局"
    drawn = text_lines(signboard.signboard_pdf(mine))
    name_lines = [line for line in drawn["lines"] if "矿业" in line or "有限公司" in line]
    assert len(name_lines) == 1 and "兴国县某某矿业有限公司" in name_lines[0]
    unit_lines = [line for line in drawn["lines"] if "城乡" in line or "建设局" in line]
    assert len(unit_lines) == 1 and "兴国县住房和城乡建设局" in unit_lines[0]
    widths = drawn["widths"]
    assert 24 / 50 <= widths["矿"] / widths["李"] < 1  # smaller than the 50 pt of 李四, still large
    assert 24 / 50 <= widths["城"] / widths["李"] < 1


def test_a_name_too_long_for_one_line_wraps_into_balanced_lines(world):
    school = world.enterprises["school"]
    school.name = "兴国县潋江镇第二小学附属幼儿园及课后托管服务中心城南分部临时教学点"
    drawn = text_lines(signboard.signboard_pdf(school))
    name_lines = [line for line in drawn["lines"] if line in school.name]
    assert "".join(name_lines) == school.name and len(name_lines) in (2, 3)
    assert min(len(line) for line in name_lines) >= len(school.name) // 4  # no character left alone on a line
