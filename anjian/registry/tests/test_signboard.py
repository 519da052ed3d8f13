"""The safety responsibility signboard (seed 004 attachment 1) as a PDF a print shop can use."""

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


def value_lines(data: bytes) -> list[tuple[float, float, str]]:
    """(baseline y, font size, text) of every line drawn on the plate."""
    lines = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            lines.append((round(tm[5], 1), size * tm[0], text.strip()))

    pdf(data).pages[0].extract_text(visitor_text=visit)
    return lines


def test_a_name_one_character_too_long_shrinks_onto_one_line(world):
    """兴国县某某矿业有限公司 (11 characters) and 兴国县住房和城乡建设局 are one character more than 50 pt holds."""
    mine = world.enterprises["mine"]
    mine.responsible_department.name = "兴国县住房和城乡建设局"
    lines = value_lines(signboard.signboard_pdf(mine))
    texts = [text for _y, _size, text in lines]
    assert "兴国县某某矿业有限公司" in texts and "兴国县住房和城乡建设局" in texts  # each whole on one line
    sizes = {text: size for _y, size, text in lines}
    assert 24 / 50 <= sizes["兴国县某某矿业有限公司"] / sizes["李四"] < 1  # smaller, still large
    assert 24 / 50 <= sizes["兴国县住房和城乡建设局"] / sizes["李四"] < 1


def test_a_name_too_long_for_one_line_wraps_into_balanced_lines(world):
    school = world.enterprises["school"]
    school.name = "兴国县潋江镇第二小学附属幼儿园及课后托管服务中心城南分部临时教学点"
    lines = [text for _y, _size, text in value_lines(signboard.signboard_pdf(school)) if text[0] in school.name]
    name_lines = [t for t in lines if t in school.name and len(t) > 1]
    assert "".join(name_lines) == school.name and len(name_lines) in (2, 3)
    assert min(len(t) for t in name_lines) >= len(school.name) // 4  # no character left alone on a line
