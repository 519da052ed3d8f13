"""The journeys a person makes, in a real browser on a phone-sized and a desktop screen."""

import io

import pytest
from pypdf import PdfReader

from anjian.core.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"{live_server.url}/registry/enterprises/**")


def test_town_clerk_filters_opens_and_downloads_a_signboard(page, live_server, live_world, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "gaoxing")
    # The town sees its own units only: the mine of 高兴镇, not the school of 潋江镇.
    assert page.get_by_text("兴国县某某矿业有限公司").count() >= 1
    assert page.get_by_text("潋江镇第二小学").count() == 0

    page.select_option("select[name=sector]", "fireworks")
    page.locator("form.filter-bar [type=submit], form.filter-bar button").first.click()
    page.wait_for_url("**sector=fireworks**")
    assert page.get_by_text("兴国县某某矿业有限公司").count() == 0

    page.get_by_role("link", name="王国平烟花爆竹零售店").first.click()
    page.wait_for_url("**/registry/enterprises/*/")
    assert page.get_by_text("高兴镇人民政府").count() >= 1

    with page.expect_download() as info:
        page.locator("a[href$='signboard.pdf']").first.click()
    path = tmp_path / "signboard.pdf"
    info.value.save_as(path)
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (1700.8, 1133.9)
    text = reader.pages[0].extract_text()
    assert "王国平烟花爆竹零售店" in text and "高兴镇人民政府" in text


def test_grid_worker_reads_the_list_on_a_360px_phone(page, live_server, live_world):
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, "grid1")
    assert page.get_by_text("潋江镇城南安置房项目").count() >= 1
    # Nothing on the page is wider than the phone: the table scrolls inside its own box.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1


def test_grid_worker_registers_a_hazard_with_a_photo_on_a_360px_phone(page, live_server, live_world, tmp_path):
    from PIL import Image

    photo = tmp_path / "hazard.jpg"
    Image.new("RGB", (320, 240), "orange").save(photo, "JPEG")
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, "grid1")
    page.goto(f"{live_server.url}/hazards/new/")
    page.get_by_label("潋江镇城南安置房项目").check()
    page.fill("textarea[name=description]", "3号楼东侧临边防护缺失")
    page.set_input_files("input[name=photos]", str(photo))
    page.locator("form.hazard-capture button[type=submit]:not([name])").click()
    page.wait_for_url("**/hazards/*/")
    assert page.locator(".hazard-state").first.inner_text() == "已登记"
    thumb = page.locator(".hazard-photos img").first
    thumb.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", thumb.element_handle())
    assert page.get_by_text("3号楼东侧临边防护缺失").count() >= 1
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
