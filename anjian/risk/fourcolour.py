"""安全风险四色分布图 (seed 004 (一)2): the site plan with each risk zone in its level's standard colour.

Drawn with Pillow and Debian's Noto Sans CJK SC so the zone labels show correct glyphs. The PNG carries
its own title and legend; the PDF (A3 landscape) puts the plain map beside title and legend as text, so
the Chinese there can be searched and copied.
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image, ImageDraw, ImageFont, ImageOps

from anjian.core.errors import ServerMissing

from .choices import LEVEL_COLOURS, LEVEL_NAMES_ZH, LEVEL_RANK, RiskLevel
from .models import RiskPoint, SitePlan
from .noticeboard import cn_date, render_pdf
from .siteplans import polygon_centroid

PLAN_LONG_SIDE = 2000  # px the plan is drawn at, whatever size it was uploaded in
FILL_ALPHA = 0.5  # the plan's lines stay visible through the colour
UNGRADED_COLOUR = "#9E9E9E"
COLOUR_WORDS = {"red": "红色", "orange": "橙色", "yellow": "黄色", "blue": "蓝色"}
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONT_FAMILY = "Noto Sans CJK SC"


class FontMissingError(ServerMissing):
    """The CJK font is not installed: without it every Chinese label would be boxes."""

    def __init__(self, technical: str) -> None:
        message = gettext(
            "The server has no Chinese font (Noto Sans CJK SC, Debian package fonts-noto-cjk), so the "
            "four-colour map cannot be drawn. Ask the system administrator to install it."
        )
        super().__init__(message, technical)


@lru_cache
def _font_file(bold: bool) -> tuple[str, int]:
    """(file, index in the collection) of Noto Sans CJK SC, found by fontconfig or in Debian's folder."""
    candidates: list[tuple[str, int]] = []
    fc_match = shutil.which("fc-match")
    if fc_match:
        pattern = f"{FONT_FAMILY}:{'bold' if bold else 'regular'}"
        try:
            found = subprocess.run(  # noqa: S603 (fixed arguments, no user input)
                [fc_match, "-f", "%{file}|%{index}", pattern], capture_output=True, text=True, timeout=10
            ).stdout
            path, _sep, index = found.partition("|")
            candidates.append((path, int(index or 0)))
        except (OSError, ValueError, subprocess.SubprocessError):
            pass
    name = "NotoSansCJK-Bold.ttc" if bold else "NotoSansCJK-Regular.ttc"
    candidates += [(str(FONT_DIR / name), index) for index in range(10)]
    for path, index in candidates:
        try:
            if ImageFont.truetype(path, 12, index=index).getname()[0] == FONT_FAMILY:
                return path, index
        except OSError:
            continue
    raise FontMissingError(f"The font {FONT_FAMILY} is missing: install Debian's fonts-noto-cjk.")


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path, index = _font_file(bold)
    return ImageFont.truetype(path, size, index=index)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def zone_colour(level: str) -> str:
    return LEVEL_COLOURS.get(level, UNGRADED_COLOUR)


def load_plan(site_plan: SitePlan) -> Image.Image:
    """The plan as RGB on white (transparent PNGs too), long side PLAN_LONG_SIDE px."""
    with site_plan.image.file.open("rb") as handle:
        image = ImageOps.exif_transpose(Image.open(handle))
        image.load()
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        ground = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(ground, image)
    image = image.convert("RGB")
    scale = PLAN_LONG_SIDE / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _zone_name(zone) -> str:
    return (zone.risk_point.name if zone.risk_point_id and zone.risk_point else "") or zone.label


def _rank(level: str) -> int:
    return LEVEL_RANK.get(RiskLevel(level), 9) if level in RiskLevel.values else 9


def _text(draw: ImageDraw.ImageDraw, xy, text: str, size: int, anchor: str, bold: bool = True) -> None:
    """Dark text with a white halo: readable on any of the four colours and on the plan's lines."""
    draw.text(
        xy,
        text,
        font=font(size, bold),
        fill="#1A1A1A",
        anchor=anchor,
        stroke_width=max(2, size // 8),
        stroke_fill="white",
    )


def draw_map(site_plan: SitePlan) -> Image.Image:
    """The plan with zones filled and outlined, zone labels, and markers for positioned points."""
    plan = load_plan(site_plan)
    width, height = plan.size
    zones = sorted(site_plan.zones.select_related("risk_point"), key=lambda z: -_rank(z.effective_level))
    overlay = Image.new("RGBA", plan.size, (0, 0, 0, 0))
    fill_draw = ImageDraw.Draw(overlay)
    shapes = []
    for zone in zones:  # lowest level first, so a red zone lies on top where zones overlap
        if len(zone.polygon or []) < 3:
            continue
        xy = [(x * width, y * height) for x, y in zone.polygon]
        colour = zone_colour(zone.effective_level)
        fill_draw.polygon(xy, fill=(*_rgb(colour), round(255 * FILL_ALPHA)))
        shapes.append((zone, xy, colour))
    image = Image.alpha_composite(plan.convert("RGBA"), overlay).convert("RGB")
    draw = ImageDraw.Draw(image)
    line = max(3, PLAN_LONG_SIDE // 400)
    for _zone, xy, colour in shapes:
        draw.line([*xy, xy[0], xy[1]], fill=colour, width=line, joint="curve")
    label = max(16, PLAN_LONG_SIDE // 60)
    for zone, _xy, _colour in shapes:
        cx, cy = polygon_centroid(zone.polygon)
        name = _zone_name(zone)
        if name:
            _text(draw, (cx * width, cy * height), name, label, "md")
        level = LEVEL_NAMES_ZH.get(zone.effective_level)
        if level:
            _text(draw, (cx * width, cy * height + label * 0.25), level, round(label * 0.75), "ma", bold=False)
    zoned = {zone.risk_point_id for zone, _xy, _c in shapes if zone.risk_point_id}
    radius = max(8, PLAN_LONG_SIDE // 110)
    for point in _positioned_points(site_plan):
        x, y = point.plan_x * width, point.plan_y * height
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=zone_colour(point.level), outline="black", width=3
        )
        draw.ellipse((x - radius / 3, y - radius / 3, x + radius / 3, y + radius / 3), fill="white")
        if point.pk not in zoned:
            _text(draw, (x + radius * 1.5, y), point.name, round(label * 0.8), "lm")
    return image


def _positioned_points(site_plan: SitePlan):
    return RiskPoint.objects.filter(
        enterprise_id=site_plan.enterprise_id, plan_x__isnull=False, plan_y__isnull=False
    ).order_by("name", "id")


def legend_items(site_plan: SitePlan | None = None) -> list[dict]:
    """The four levels, highest first, with their colour, words and (given a plan) the number of zones."""
    counts: dict[str, int] = {}
    if site_plan is not None:
        for zone in site_plan.zones.select_related("risk_point"):
            counts[zone.effective_level] = counts.get(zone.effective_level, 0) + 1
    return [
        {
            "level": level,
            "name": LEVEL_NAMES_ZH[level],
            "colour": LEVEL_COLOURS[level],
            "words": COLOUR_WORDS[level],
            "count": counts.get(level, 0),
        }
        for level in LEVEL_RANK
    ]


def map_title(site_plan: SitePlan) -> str:
    return f"{site_plan.enterprise.name}安全风险四色分布图"


@dataclass(frozen=True)
class Layout:
    """Where the map sits on the PNG, and where title and legend go around it."""

    margin: int
    header: int
    legend_top: int
    width: int
    height: int


LEGEND_SIZE = PLAN_LONG_SIDE // 60
MARKER_TEXT = "风险点位置"


def _legend_cells(width: int, margin: int) -> tuple[list[tuple[int, int, dict | None]], int]:
    """(x, row, item) of each legend entry (item None: the marker), flowing into rows; and the row count."""
    size, regular = LEGEND_SIZE, font(LEGEND_SIZE)
    swatch_w, gap = size * 3, size * 2
    start = margin + round(font(size, True).getlength("图例：")) + gap // 2
    x, row, cells = start, 0, []
    entries = [(f"{i['name']}（{i['words']}）", i) for i in legend_items()] + [(MARKER_TEXT, None)]
    for text, item in entries:
        need = round(swatch_w + size // 2 + regular.getlength(text) + gap)
        if x + need - gap > width - margin and x > start:
            x, row = start, row + 1
        cells.append((x, row, item))
        x += need
    return cells, row + 1


def png_layout(map_width: int, map_height: int) -> Layout:
    margin = PLAN_LONG_SIDE // 40
    header = PLAN_LONG_SIDE // 10
    width = map_width + 2 * margin
    _cells, rows = _legend_cells(width, margin)
    top = header + map_height + margin // 2
    return Layout(margin, header, top, width, top + LEGEND_SIZE * (3 * rows + 1))


def four_colour_png(site_plan: SitePlan) -> bytes:
    """The map with a title band, the date and the legend, as one PNG to print or put on a wall."""
    drawn = draw_map(site_plan)
    box = png_layout(*drawn.size)
    canvas = Image.new("RGB", (box.width, box.height), "white")
    canvas.paste(drawn, (box.margin, box.header))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle(
        (box.margin - 2, box.header - 2, box.margin + drawn.width + 1, box.header + drawn.height + 1),
        outline="black",
        width=2,
    )
    title = map_title(site_plan)
    size = PLAN_LONG_SIDE // 28
    while size > 20 and draw.textlength(title, font=font(size, True)) > box.width - 2 * box.margin:
        size -= 2
    draw.text((box.width / 2, box.header * 0.42), title, font=font(size, True), fill="black", anchor="mm")
    small = PLAN_LONG_SIDE // 70
    date = f"绘制日期：{cn_date(timezone.localdate())}"
    draw.text((box.width - box.margin, box.header - small * 0.6), date, font=font(small), fill="#333", anchor="rd")
    _draw_legend(draw, box)
    out = io.BytesIO()
    canvas.save(out, "PNG", optimize=True)
    return out.getvalue()


def _draw_legend(draw: ImageDraw.ImageDraw, box: Layout) -> None:
    size = LEGEND_SIZE
    swatch_w, swatch_h = size * 3, round(size * 1.5)
    top = box.legend_top + size
    draw.text((box.margin, top + swatch_h / 2), "图例：", font=font(size, True), fill="black", anchor="lm")
    cells, _rows = _legend_cells(box.width, box.margin)
    for x, row, item in cells:
        y = top + row * size * 3
        cy = y + swatch_h / 2
        if item is None:
            r = swatch_h // 2 - 2
            draw.ellipse((x, cy - r, x + 2 * r, cy + r), fill=UNGRADED_COLOUR, outline="black", width=3)
            draw.ellipse((x + r * 2 / 3, cy - r / 3, x + r * 4 / 3, cy + r / 3), fill="white")
            draw.text((x + 2 * r + size // 2, cy), MARKER_TEXT, font=font(size), fill="black", anchor="lm")
            continue
        draw.rectangle((x, y, x + swatch_w, y + swatch_h), fill=item["colour"], outline="black", width=2)
        text = f"{item['name']}（{item['words']}）"
        draw.text((x + swatch_w + size // 2, cy), text, font=font(size), fill="black", anchor="lm")


def four_colour_pdf(site_plan: SitePlan) -> bytes:
    """A3 landscape: title and date, the map, and the legend as real text beside it."""
    out = io.BytesIO()
    draw_map(site_plan).save(out, "PNG", optimize=True)
    context = {
        "title": map_title(site_plan),
        "date": cn_date(timezone.localdate()),
        "image": "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii"),
        "legend": legend_items(site_plan),
        "enterprise": site_plan.enterprise.name,
    }
    return render_pdf("risk/fourcolour.html", context)
