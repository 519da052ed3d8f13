"""The journeys a person makes, in a real browser on a phone-sized and a desktop screen."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from anjian.core.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"{live_server.url}/")  # the work desk


def test_town_clerk_filters_opens_and_downloads_a_signboard(page, live_server, live_world, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "gaoxing")
    page.goto(f"{live_server.url}/registry/enterprises/")
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


def test_grid_worker_reads_the_work_desk_and_the_list_on_a_360px_phone(page, live_server, live_world):
    from anjian.hazards import services

    grid1 = live_world.users["grid1"]
    services.register_hazard(
        grid1, live_world.enterprises["site"], description="脚手架连墙件缺失", source="grid_patrol"
    )
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, "grid1")
    # The desk: what waits for the grid worker, counts first, each linking to its list.
    todo = page.locator(".desk-count[data-section='hazards.todo'] [data-count]")
    assert todo.inner_text() == "1"
    assert page.locator("#desk-hazards-todo").get_by_text("脚手架连墙件缺失").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    page.locator(".desk-count[data-section='hazards.todo']").click()
    page.wait_for_url("**/hazards/tasks/")
    assert page.get_by_text("脚手架连墙件缺失").count() >= 1
    page.goto(f"{live_server.url}/registry/enterprises/")
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
    # The thumbnail arrives after the page: wait (up to 10 s) until it has decoded, rather than racing it.
    thumb.element_handle().wait_for_element_state("visible")
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=thumb.element_handle(), timeout=10000)
    assert page.get_by_text("3号楼东侧临边防护缺失").count() >= 1
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1


def test_enterprise_identifies_assesses_and_prints_a_major_risk_point(page, live_server, live_world, tmp_path):
    """qiye1 creates 成品储存区, assesses it LEC 3 × 6 × 40 = 720 (重大风险) and prints its notice board."""
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, live_server, "qiye1")
    page.goto(f"{live_server.url}/risk/points/new/")
    page.fill("input[name=name]", "成品储存区")
    page.select_option("select[name=kind]", "place")
    page.get_by_label("火药爆炸").check()
    page.get_by_label("火灾", exact=True).check()
    page.select_option("select[name=measures-0-kind]", "engineering")
    page.fill("textarea[name=measures-0-text]", "库房设置防雷、防静电设施")
    page.locator("form.risk-point-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/risk/points/\d+/$"))
    assert set(page.locator(".accident-types .badge").all_inner_texts()) == {"火药爆炸", "火灾"}

    page.locator("a[href$='/assess/']").click()
    form = page.locator("form[data-preview=assess]")
    form.wait_for()
    form.locator("select[name=l]").select_option("3")
    form.locator("select[name=e]").select_option("6")
    form.locator("select[name=c]").select_option("40")
    expect(form.locator(".preview-level")).to_have_text(re.compile(r"^重大风险"))  # the live preview, before saving
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".point-level .risk-level-red")
    assert "重大风险" in page.locator(".point-level").inner_text()
    colour = page.evaluate("getComputedStyle(document.querySelector('.point-level .badge')).backgroundColor")
    assert colour == "rgb(230, 0, 18)"  # #E60012
    assert page.locator(".assessment-table tbody tr").first.inner_text().count("720") == 1

    with page.expect_download() as info:
        page.locator("a[href$='notice-board.pdf']").first.click()
    path = tmp_path / "board.pdf"
    info.value.save_as(path)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "成品储存区" in text and "重大风险" in text


def test_inspector_fails_an_item_with_a_photo_and_turns_it_into_a_hazard_on_a_360px_phone(
    page, live_server, live_world, tmp_path
):
    """yingji ticks a check item failed with a camera photo on a visit to the shop, then 转为隐患."""
    from django.utils import timezone
    from PIL import Image

    from anjian.core.testing import make_user
    from anjian.inspections import services
    from anjian.inspections.models import Checklist, ChecklistItem
    from anjian.org.choices import Role

    second = make_user("yingji2", Role.DEPARTMENT, department=live_world.departments["yingji"])
    checklist = Checklist.objects.create(name="烟花爆竹生产安全方面重点检查", sector=live_world.sectors["fireworks"])
    item = ChecklistItem.objects.create(checklist=checklist, order=1, text="烟花爆竹零售店（点）安全条件不达标")
    ChecklistItem.objects.create(checklist=checklist, order=2, text="现场安全管理不到位")
    visit = services.create_inspection(
        live_world.users["yingji"],
        unit=live_world.enterprises["shop"],
        kind="routine",
        visit_date=timezone.localdate(),
        inspectors=[live_world.users["yingji"], second],
        checklist=checklist,
    )
    photo = tmp_path / "finding.jpg"
    Image.new("RGB", (320, 240), "red").save(photo, "JPEG")

    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, "yingji")
    page.goto(f"{live_server.url}/inspections/{visit.pk}/")
    card = page.locator(f"#check-i{item.pk}")
    card.locator("input[value=fail]").check()
    card.locator("textarea[name=note]").fill("店内堆放超量")
    assert card.locator("input[type=file]").get_attribute("capture") == "environment"
    card.locator("input[type=file]").set_input_files(str(photo))
    card.locator("button[type=submit]").click()
    converted = page.locator(f"#check-i{item.pk} .convert-hazard")
    converted.wait_for()
    assert page.locator(f"#check-i{item.pk} .check-result").inner_text() == "不合格"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1

    converted.click()
    page.wait_for_url("**/hazards/*/")
    assert page.get_by_text("烟花爆竹零售店（点）安全条件不达标").count() >= 1
    assert page.locator(".hazard-state").first.inner_text() == "已登记"
    thumb = page.locator(".hazard-photos img").first
    thumb.wait_for()
    # The thumbnail arrives after the page: wait (up to 10 s) until it has decoded, rather than racing it.
    thumb.element_handle().wait_for_element_state("visible")
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=thumb.element_handle(), timeout=10000)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1


def test_counters_follow_each_tick_and_the_representative_signs_by_hand_on_a_360px_phone(page, live_server, live_world):
    """yingji ticks both items (the counters change without a reload), signs, and the shop's representative
    signs by hand on the pad of yingji's phone: an empty pad is refused, the drawn signature is shown."""
    from django.utils import timezone

    from anjian.core.testing import make_user
    from anjian.inspections import services
    from anjian.inspections.models import Checklist, ChecklistItem
    from anjian.org.choices import Role

    second = make_user("yingji2", Role.DEPARTMENT, department=live_world.departments["yingji"])
    checklist = Checklist.objects.create(name="烟花爆竹经营安全检查", sector=live_world.sectors["fireworks"])
    items = [
        ChecklistItem.objects.create(checklist=checklist, order=n, text=text)
        for n, text in enumerate(("超量储存", "未配备灭火器材"), start=1)
    ]
    visit = services.create_inspection(
        live_world.users["yingji"],
        unit=live_world.enterprises["shop"],
        kind="routine",
        visit_date=timezone.localdate(),
        inspectors=[live_world.users["yingji"], second],
        checklist=checklist,
    )
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, "yingji")
    page.goto(f"{live_server.url}/inspections/{visit.pk}/")
    page.evaluate("window.sameDocument = true")
    assert "2 项未检查" in page.locator("#visit-counts").inner_text()
    for item, result, expected in ((items[0], "pass", "已检查1项"), (items[1], "fail", "已检查2项，不合格1项")):
        card = page.locator(f"#check-i{item.pk}")
        card.locator(f"input[value={result}]").check()
        card.locator("button[type=submit]").click()
        page.wait_for_function(
            "(text) => document.querySelector('#visit-counts').innerText.includes(text)", arg=expected
        )
    assert page.evaluate("window.sameDocument") is True  # no reload
    assert page.locator("#sign-readiness .alert").count() == 0

    page.locator(".sign-inspector").click()
    page.wait_for_load_state()
    form = page.locator("form.sign-representative")
    form.locator("input[name=signer_name]").fill("王国平")
    form.locator(".sign-representative-submit").click()  # nothing drawn yet
    assert form.locator(".pad-empty").is_visible()
    canvas = form.locator("canvas.signature-pad")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 110)
    page.mouse.down()
    for x, y in ((70, 40), (120, 120), (170, 50), (230, 100), (280, 60)):
        page.mouse.move(box["x"] + x, box["y"] + y, steps=4)
    page.mouse.up()
    form.locator(".sign-representative-submit").click()
    signature = page.locator("img.representative-signature")
    signature.wait_for()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=signature.element_handle())
    representative = visit.signatures.get(role="unit_representative")
    assert representative.signer_name == "王国平" and representative.image.content_type == "image/png"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1


def test_county_dashboard_draws_its_charts_and_each_number_opens_as_many_records(page, live_server, live_world):
    """The county office's dashboard: ECharts drawn from local files, and a figure's card opens a list of exactly
    as many records as it says."""
    from anjian.hazards import services

    county = live_world.users["county"]
    for text in ("消防通道堵塞", "应急照明损坏"):
        services.register_hazard(county, live_world.enterprises["school"], description=text, source="supervision")
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, live_server, "county")
    page.goto(f"{live_server.url}/dashboards/")
    page.locator("#chart-months svg").first.wait_for()
    assert page.locator("#chart-state svg").count() == 1 and page.locator("#chart-towns svg").count() == 1
    card = page.locator("[data-figure='hazards.found']")
    assert card.locator("[data-value]").inner_text() == "2"
    card.click()
    page.wait_for_url("**/dashboards/rows/**")
    assert page.locator("[data-count]").get_attribute("data-count") == "2"
    assert page.locator(".figure-rows li").count() == 2


def test_a_citizen_reports_anonymously_and_follows_the_report_to_its_reward_on_a_360px_phone(
    page, live_server, live_world, tmp_path, browser
):
    """举报 → 签收 → 核实 → 立为隐患 → 奖励 (proposed by the town, approved by the office, paid): an anonymous reporter on
    a cheap phone, with no account, sees each step through the tracking code and the secret. The site serves two
    counties: the reporter picks the county, and the form lists its towns."""
    import datetime as dt
    from decimal import Decimal

    from django.core.cache import cache
    from django.utils import timezone
    from PIL import Image

    from anjian.core.testing import build_second_county
    from anjian.inspections import services as inspections
    from anjian.public.models import PublicReport, Reward

    cache.clear()  # the rate limits of earlier tests
    photo = tmp_path / "shop.jpg"
    Image.new("RGB", (320, 240), "red").save(photo, "JPEG")
    phone = {"width": 360, "height": 740}
    page.set_viewport_size(phone)

    def no_overflow(p):
        assert p.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1

    build_second_county(live_world)  # a city's site: 于都县 beside 兴国县
    # The reporter: no account, from the login page's link.
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="举报安全隐患").click()
    page.wait_for_url("**/public/report/")
    no_overflow(page)
    page.fill("textarea[name=description]", "居民楼一楼商铺存放大量烟花爆竹，楼上住人")
    page.select_option("select[name=county]", "360732000000")  # the site serves two counties: the county first
    page.wait_for_selector("select[name=town] option[value='360732104000']", state="attached")  # then its towns
    assert "360731100000" not in page.locator("select[name=town]").inner_html()  # none of 于都县's
    page.select_option("select[name=town]", "360732104000")
    page.fill("input[name=address]", "高兴镇圩上街12号")
    page.select_option("select[name=sector]", "fireworks")
    page.set_input_files("input[name=photos]", str(photo))
    assert page.locator("input[name=identity][value=anonymous]").is_checked()
    assert page.locator("[data-named]").is_hidden()  # no name or phone asked of an anonymous reporter
    page.wait_for_timeout(3200)  # a person takes more than the form's few seconds
    page.locator("form.report-form button[type=submit]").click()
    page.wait_for_selector("[data-tracking-code]")
    code = page.locator("[data-tracking-code]").inner_text().strip()
    secret = page.locator("[data-secret]").inner_text().strip()
    no_overflow(page)
    page.get_by_role("button", name="查看进展").click()
    page.wait_for_selector(".state[data-state=received]")

    def follow():
        page.goto(f"{live_server.url}/public/report/track/")
        page.fill("input[name=code]", code)
        page.fill("input[name=secret]", secret)
        page.locator("main form button[type=submit]").click()
        page.wait_for_selector(".state")
        no_overflow(page)

    # The town on its phone: the desk, acknowledge, verify on site, open the hazard.
    report = PublicReport.objects.get(tracking_code=code)
    staff = browser.new_context(viewport=phone)
    town = staff.new_page()
    login(town, live_server, "gaoxing")
    assert town.locator(".desk-count[data-section='public.to_acknowledge'] [data-count]").inner_text() == "1"
    town.goto(f"{live_server.url}/public/reports/{report.pk}/")
    town.locator("[data-action=acknowledge]").click()
    town.locator(".action-form button[type=submit]").click()
    town.wait_for_selector(".report-state[data-state=acknowledged]")
    town.locator("[data-action=verify]").click()
    town.select_option("select[name=unit]", str(live_world.enterprises["shop"].pk))
    town.locator(".action-form button[type=submit]").click()
    town.wait_for_selector(".report-state[data-state=verified]")
    town.locator("[data-action=open_hazard]").click()
    town.select_option("select[name=unit]", str(live_world.enterprises["shop"].pk))
    town.locator(".action-form button[type=submit]").click()
    town.wait_for_url("**/hazards/*/")
    assert town.locator("a.public-report-link").count() == 1  # the hazard links back to the report
    no_overflow(town)
    follow()
    assert page.locator(".state").get_attribute("data-state") == "hazard_opened"
    assert page.locator("[data-hazard-state]").inner_text() == "正在整改"

    # The reward from the fine (2万元 → 15 % = 3,000 yuan), proposed by the town, approved by the office, paid.
    action = inspections.record_action(live_world.users["yingji"], unit=live_world.enterprises["shop"],
                                       kind="penalty", decided_on=timezone.localdate() - dt.timedelta(days=1),
                                       description="违规储存烟花爆竹", target="unit", unit_amount_wan=Decimal("2"))  # fmt: skip
    town.goto(f"{live_server.url}/public/reports/{report.pk}/")
    town.locator("[data-action=propose]").click()
    town.select_option("select[name=basis]", "illegal_operation")
    town.select_option("select[name=enforcement_action]", str(action.pk))
    town.locator(".action-form button[type=submit]").click()
    town.wait_for_selector(".reward-state[data-state=proposed]")
    assert town.locator("[data-step=approve]").count() == 0  # the proposer never approves
    reward = Reward.objects.get()
    assert reward.amount == Decimal("3000.00")
    follow()
    assert page.locator(".reward").get_attribute("data-reward-state") == "proposed"

    office = staff.new_page()
    staff.clear_cookies()
    login(office, live_server, "county")
    office.goto(f"{live_server.url}/public/rewards/{reward.pk}/")
    office.locator("[data-step=approve] button[type=submit]").click()
    office.wait_for_selector(".reward-state[data-state=approved]")
    staff.clear_cookies()
    login(town, live_server, "gaoxing")
    town.goto(f"{live_server.url}/public/rewards/{reward.pk}/")
    town.fill("[data-step=pay] input[name=paid_on]", timezone.localdate().isoformat())
    town.select_option("[data-step=pay] select[name=means]", "bank_transfer")
    town.locator("[data-step=pay] button[type=submit]").click()
    town.wait_for_selector(".reward-state[data-state=paid]")
    staff.close()

    # The reporter sees every step, and the reward paid.
    follow()
    steps = page.locator(".step").evaluate_all("items => items.map(i => i.dataset.action)")
    assert steps == ["submit", "acknowledge", "verify", "open_hazard", "reward_propose", "reward_approve", "reward_pay"]
    assert page.locator(".reward").get_attribute("data-reward-state") == "paid"
    assert "3000.00" in page.locator(".reward").inner_text() and "已发放" in page.locator(".reward").inner_text()
