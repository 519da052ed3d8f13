"""The xlsx exports as printed: converted to PDF by LibreOffice where it is installed (skipped otherwise).

What a person holding the printout would notice: landscape A4 pages, every column on each page with the
header repeated, every character of long Chinese text present, and no row's text running into the next.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from pypdf import PdfReader

from anjian.hazards import services
from anjian.hazards.ledger import ledger_xlsx
from anjian.hazards.models import Hazard
from anjian.registry.exports import enterprises_xlsx, signboards_xlsx
from anjian.registry.models import Enterprise

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

A4_LANDSCAPE = (841.9, 595.3)
# One character per row, repeated: every line of a row's text can be told apart on the page.
STEMS = "甲乙丙丁戊己庚辛"
LENGTHS = [20, 90, 380, 60, 150, 30, 250, 10]
ADDRESS_LENGTHS = [min(n, 200) for n in LENGTHS]  # an address holds at most 200 characters


def convert(tmp_path: Path, files: dict[str, bytes]) -> dict[str, PdfReader]:
    """Each workbook as LibreOffice prints it, with a profile of its own (others may be converting too)."""
    paths = []
    for name, content in files.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(content)
        paths.append(str(path))
    profile = (tmp_path / "lo-profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    arguments = [*command, "--outdir", str(tmp_path), *paths]
    subprocess.run(arguments, check=True, capture_output=True, timeout=300)  # noqa: S603 (our own files)
    return {name: PdfReader(tmp_path / f"{name}.pdf") for name in files}


def lines_by_stem(reader: PdfReader) -> dict[str, list[tuple[int, float, int]]]:
    """(page, baseline y, how many of the stem's characters) of every text line holding a stem."""
    found: dict[str, list[tuple[int, float, int]]] = defaultdict(list)
    for number, page in enumerate(reader.pages):

        def visit(text, cm, tm, font, size, number=number):
            for stem in STEMS:
                if stem in text:
                    found[stem].append((number, tm[5], text.count(stem)))

        page.extract_text(visitor_text=visit)
    return found


def assert_prints(reader: PdfReader, last_header: str) -> None:
    """Landscape A4, and the last column's header on every page: fitted to the width, the header repeated."""
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == A4_LANDSCAPE
        assert last_header in page.extract_text()


def assert_rows_apart(reader: PdfReader, lengths: list[int]) -> None:
    """All the text of each row is there, and each row's lines end above the next row's first line."""
    found = lines_by_stem(reader)
    spacing = min(
        abs(a[1] - b[1]) for lines in found.values() for a in lines for b in lines if a[0] == b[0] and a[1] != b[1]
    )
    for stem, length in zip(STEMS, lengths, strict=True):
        assert sum(n for *_, n in found[stem]) == length, stem
    for upper, lower in zip(STEMS, STEMS[1:], strict=False):
        pages = {p for p, _y, _n in found[upper]} & {p for p, _y, _n in found[lower]}
        for page in pages:
            bottom = min(y for p, y, _n in found[upper] if p == page)
            top = max(y for p, y, _n in found[lower] if p == page)
            assert bottom - top > 0.9 * spacing, (upper, lower, bottom, top, spacing)


@pytest.fixture
def long_texts(world):
    """Major hazards and enterprises whose description and address run over many lines."""
    county = world.users["county"]
    for stem, length in zip(STEMS, LENGTHS, strict=True):
        hazard = services.register_hazard(
            county, world.enterprises["site"], description=stem * length, source="supervision"
        )
        services.perform(county, hazard, "assess", grade="major", major_reason="无适用标准")
    shop = world.enterprises["shop"]
    Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"第{number}号烟花爆竹零售店",
                address=stem * length,
                region=shop.region,
                sector=shop.sector,
                responsible_town=shop.responsible_town,
                principal="王国平",
            )
            for number, (stem, length) in enumerate(zip(STEMS, ADDRESS_LENGTHS, strict=True), start=1)
        ]
    )


def test_the_exports_print_landscape_fitted_to_the_width_without_overlapping_rows(world, long_texts, tmp_path):
    new = Enterprise.objects.filter(name__startswith="第").order_by("pk")
    pdfs = convert(
        tmp_path,
        {
            "ledger": ledger_xlsx(Hazard.objects.order_by("pk"), region="潋江镇"),
            "enterprises": enterprises_xlsx(new),
            "signboards": signboards_xlsx(new, "烟花爆竹安全生产责任公示牌"),
        },
    )
    assert_prints(pdfs["ledger"], "整改进展")
    assert len(pdfs["ledger"].pages) >= 2  # the 380-character row alone fills a good part of a page
    assert_rows_apart(pdfs["ledger"], LENGTHS)
    assert_prints(pdfs["enterprises"], "责任干部电话")
    assert_rows_apart(pdfs["enterprises"], ADDRESS_LENGTHS)
    assert_prints(pdfs["signboards"], "责任干部")
