"""The four-colour distribution map: standard colours in every zone, a searchable PDF, checked uploads."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image, ImageDraw
from pypdf import PdfReader

from anjian.risk import services
from anjian.risk.choices import LEVEL_COLOURS
from anjian.risk.fourcolour import FILL_ALPHA, PLAN_LONG_SIDE, draw_map, four_colour_pdf, four_colour_png, png_layout
from anjian.risk.models import RiskPoint, RiskZone, SitePlan
from anjian.risk.siteplans import polygon_centroid, store_site_plan, validate_polygon

# Four rectangles, one per level, as fractions of the plan.
ZONES = {
    "red": ("药物混合工房", [[0.05, 0.05], [0.45, 0.05], [0.45, 0.45], [0.05, 0.45]]),
    "orange": ("成品仓库", [[0.55, 0.05], [0.95, 0.05], [0.95, 0.45], [0.55, 0.45]]),
    "yellow": ("装药工房", [[0.05, 0.55], [0.45, 0.55], [0.45, 0.95], [0.05, 0.95]]),
    "blue": ("办公楼", [[0.55, 0.55], [0.95, 0.55], [0.95, 0.95], [0.55, 0.95]]),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def plan_image(fmt="PNG", size=(1000, 600)) -> bytes:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).rectangle((10, 10, size[0] - 10, size[1] - 10), outline="black", width=3)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


@pytest.fixture
def site_plan(world):
    user, shop = world.users["qiye1"], world.enterprises["shop"]
    plan = SitePlan.objects.create(
        enterprise=shop, image=store_site_plan(ContentFile(plan_image(), name="总平面图.png"), user)
    )
    for level, (name, polygon) in ZONES.items():
        point = services.save_point(user, RiskPoint(enterprise=shop, name=name, kind="place", plan_x=0.5, plan_y=0.5))
        RiskPoint.objects.filter(pk=point.pk).update(level=level)
        RiskZone.objects.create(site_plan=plan, risk_point=point, polygon=validate_polygon(polygon))
    return plan


def test_each_zone_is_filled_with_its_level_colour_over_the_white_plan(site_plan):
    png = Image.open(io.BytesIO(four_colour_png(site_plan))).convert("RGB")
    map_size = (PLAN_LONG_SIDE, PLAN_LONG_SIDE * 600 // 1000)
    box = png_layout(*map_size)
    assert png.size == (box.width, box.height)
    for level, (_name, polygon) in ZONES.items():
        cx, cy = polygon_centroid(polygon)
        # The label is written at the centroid itself; sample the fill a little below-left of it.
        x = box.margin + round((cx - 0.1) * map_size[0])
        y = box.header + round((cy + 0.1) * map_size[1])
        colour = LEVEL_COLOURS[level]
        expected = [round(int(colour[i : i + 2], 16) * FILL_ALPHA + 255 * (1 - FILL_ALPHA)) for i in (1, 3, 5)]
        assert all(abs(a - b) <= 3 for a, b in zip(png.getpixel((x, y)), expected, strict=True)), level


def test_outside_the_zones_the_plan_stays_white(site_plan):
    drawn = draw_map(site_plan)
    assert drawn.getpixel((round(0.5 * drawn.width), round(0.25 * drawn.height))) == (255, 255, 255)


def test_the_pdf_carries_title_legend_and_date_as_text(site_plan):
    reader = PdfReader(io.BytesIO(four_colour_pdf(site_plan)))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == 1191 and round(float(page.mediabox.height)) == 842  # A3 landscape
    text = "".join(page.extract_text().split())
    assert f"{site_plan.enterprise.name}安全风险四色分布图" in text
    for words in ("重大风险（红色）", "较大风险（橙色）", "一般风险（黄色）", "低风险（蓝色）", "绘制日期"):
        assert words in text


@pytest.mark.parametrize("name", ["four-colour.png", "four-colour.pdf"])
def test_without_the_cjk_font_the_map_page_says_what_to_install(site_plan, client_for, no_cjk_font, name):
    shop = site_plan.enterprise_id
    response = client_for("qiye1").get(reverse("risk:download", args=[shop, name]))
    assert response.status_code == 503
    assert "fonts-noto-cjk" in response.content.decode() and "中文字体" in response.content.decode()


def test_without_the_cjk_font_the_api_answers_503_with_the_reason(site_plan, api_for, no_cjk_font):
    response = api_for("qiye1").get(f"/api/v1/enterprises/{site_plan.enterprise_id}/risk-package/four-colour-map.pdf")
    assert response.status_code == 503
    assert "fonts-noto-cjk" in response.json()["detail"]


def test_a_pdf_site_plan_is_rasterised_to_an_image(world):
    attachment = store_site_plan(ContentFile(plan_image("PDF", (1000, 700)), name="总平面图.pdf"), world.users["qiye1"])
    assert attachment.content_type == "image/png"
    assert attachment.width == 2000 and abs(attachment.height - 1400) <= 2
    assert attachment.original_name == "总平面图.png"


def test_images_are_stored_as_they_are(world):
    attachment = store_site_plan(ContentFile(plan_image("JPEG"), name="plan.jpg"), world.users["qiye1"])
    assert (attachment.content_type, attachment.width, attachment.height) == ("image/jpeg", 1000, 600)


@pytest.mark.parametrize(
    "data",
    [b"", b"just some text", b"%PDF-1.7\nnot really a pdf", plan_image()[:200], b"GIF89a" + b"\0" * 50],
    ids=["empty", "text", "broken-pdf", "truncated-png", "gif"],
)
def test_unreadable_uploads_are_refused(world, data):
    with pytest.raises(ValidationError):
        store_site_plan(ContentFile(data, name="plan"), world.users["qiye1"])


@pytest.mark.parametrize(
    "points",
    [
        "0.1,0.1",
        [[0.1, 0.1], [0.5, 0.5]],
        [[0.1, 0.1]] * 201,
        [[0.1, 0.1], [0.5, 0.5], [0.9, 0.9]],  # collinear
        [[0.1, 0.1], [0.5, 0.1], [0.5, 1.2]],
        [[0.1, 0.1], [0.5, 0.1], [0.5, -0.1]],
        [[0.1, 0.1], [0.5, 0.1], ["0.5", 0.5]],
        [[0.1, 0.1], [0.5, 0.1], [True, 0.5]],
        [[0.1, 0.1], [0.5, 0.1], [float("nan"), 0.5]],
        [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5, 0.5]],
    ],
)
def test_bad_polygons_are_refused(points):
    with pytest.raises(ValidationError):
        validate_polygon(points)


def test_a_good_polygon_comes_back_as_floats():
    assert validate_polygon([(0, 0), [1, 0], [0.5, 1]]) == [[0.0, 0.0], [1.0, 0.0], [0.5, 1.0]]
