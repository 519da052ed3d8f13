"""The field app on a 360 px phone in Debian's chromium: records made without a signal survive a reload, arrive
once when the connection returns (a replay of every request changes nothing), and a photo upload cut in the
middle resumes where the server's copy stops."""

import re

import pytest
from playwright.sync_api import expect

from anjian.core.testing import PASSWORD
from tests.conftest import browser_type_launch_args, live_world  # noqa: F401  (the browser fixtures of tests/)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SITE = "潋江镇城南安置房项目"
QUEUE = "#queue-count"


def sign_in_and_open_capture(page, live_server):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/login/?next=/field/hazard/new/")
    page.fill("input[name=username]", "grid1")
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"{live_server.url}/field/hazard/new/")
    # The units come from the bundle; the service worker keeps the page shells.
    page.wait_for_function("() => document.querySelectorAll('#f-unit option').length > 1")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")  # installed: the pages are kept


def capture(page, description, photo):
    unit = page.locator("#f-unit option", has_text=SITE).get_attribute("value")
    page.select_option("#f-unit", unit)
    page.fill("#f-description", description)
    page.set_input_files("#f-photos", str(photo))
    page.click("#capture [type=submit]")
    page.wait_for_selector("#capture-saved:not([hidden])")
    page.wait_for_function("() => document.getElementById('f-description').value === ''")


def photo_file(tmp_path, name, size, noise=False):
    from PIL import Image

    path = tmp_path / name
    if noise:  # noise does not compress: several parts of 256 KB even after the phone shrinks it
        import os

        Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(path, "JPEG", quality=95)
    else:
        Image.new("RGB", size, "orange").save(path, "JPEG")
    return path


def test_hazards_recorded_offline_survive_a_reload_and_arrive_once(page, context, live_server, live_world, tmp_path):  # noqa: F811
    from anjian.hazards.models import Hazard, HazardPhoto

    sent = []  # every API request the page and its service worker make, to replay them afterwards
    context.on("request", lambda r: sent.append(r) if "/api/v1/" in r.url and r.method in ("POST", "PUT") else None)
    sign_in_and_open_capture(page, live_server)
    photo = photo_file(tmp_path, "big.jpg", (3200, 2400))

    context.set_offline(True)
    page.wait_for_selector("#net-state.off")
    capture(page, "脚手架连墙件缺失", photo)
    capture(page, "临边防护栏杆缺失", photo)
    expect(page.locator(QUEUE)).to_have_text("待发送 2 条")  # (the count follows the store's write: waited for)
    kept = page.evaluate("AnjianStore.entries()")
    assert [e["payload"]["description"] for e in kept] == ["脚手架连墙件缺失", "临边防护栏杆缺失"]
    # The photo was made smaller on the phone: 1600 px on its longer edge.
    size = page.evaluate(
        "AnjianStore.entries().then((es) => AnjianStore.photo(es[0].photo_ids[0]))"
        ".then((p) => createImageBitmap(p.blob)).then((b) => [b.width, b.height])"
    )
    assert size == [1600, 1200]
    assert Hazard.objects.count() == 0

    page.reload()  # without a signal: the page comes from the service worker, the queue from IndexedDB
    page.wait_for_selector("#net-state.off")
    page.wait_for_function(f"() => document.querySelector('{QUEUE}').textContent === '待发送 2 条'")

    context.set_offline(False)
    page.wait_for_function(f"() => document.querySelector('{QUEUE}').textContent === '全部已发送。'", timeout=30000)
    for entry in kept:
        hazard = Hazard.objects.get(client_uuid=entry["uuid"])
        assert hazard.description == entry["payload"]["description"]
        assert hazard.found_by.username == "grid1" and hazard.unit.name == SITE
        assert HazardPhoto.objects.filter(hazard=hazard).count() == 1
    assert Hazard.objects.count() == 2

    # The same requests again (a phone that lost the answers): nothing new on the server.
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    assert sent
    replayed = 0
    for request in sent:
        if not request.post_data_buffer:  # a part's bytes (a Blob) are not kept by the browser's log
            continue
        answer = context.request.fetch(
            request.url,
            method=request.method,
            headers={k: v for k, v in request.headers.items() if k.lower() in ("content-type", "content-range")}
            | {"X-CSRFToken": token, "Referer": live_server.url + "/field/"},
            data=request.post_data_buffer,
        )
        assert answer.status in (200, 201), (request.url, answer.status, answer.text())
        replayed += 1
    assert replayed >= 6  # two hazards, two uploads begun, two photos attached
    assert Hazard.objects.count() == 2
    assert HazardPhoto.objects.count() == 2


def test_a_photo_upload_cut_in_the_middle_resumes_where_it_stopped(page, context, live_server, live_world, tmp_path):  # noqa: F811
    from anjian.hazards.models import Hazard, HazardPhoto

    sign_in_and_open_capture(page, live_server)
    ranges = []
    cut = {"done": False}

    def parts(route, request):
        if request.method == "PUT":
            ranges.append(request.headers["content-range"])
            if len(ranges) == 2 and not cut["done"]:  # the second part: the connection drops
                cut["done"] = True
                return route.abort("internetdisconnected")
        return route.continue_()

    context.route(re.compile(r".*/api/v1/field/uploads/\d+/$"), parts)  # the page's requests and the worker's
    capture(page, "配电箱未接地", photo_file(tmp_path, "noise.jpg", (2000, 1500), noise=True))
    page.wait_for_function(f"() => !document.querySelector('{QUEUE}').textContent.includes('…')")
    assert cut["done"]
    hazard = Hazard.objects.get(description="配电箱未接地")  # the record went
    if page.inner_text(QUEUE) == "待发送 1 条":  # its photo waits (unless Background Sync already sent it)
        assert HazardPhoto.objects.filter(hazard=hazard).count() == 0
        page.get_by_role("button", name="立即发送").click()
    page.wait_for_function(f"() => document.querySelector('{QUEUE}').textContent === '全部已发送。'", timeout=30000)
    assert HazardPhoto.objects.filter(hazard=hazard).count() == 1
    starts = [int(r.split()[1].split("-")[0]) for r in ranges]
    part = 256 * 1024
    # The part cut off is sent again, and no other part twice: the upload resumed where it stopped.
    assert starts[:2] == [0, part] and starts[2:] == [part * i for i in range(1, len(starts) - 1)], starts
    assert Hazard.objects.count() == 1

    # The unit leaves the grid worker's grid before the next record arrives: the server refuses it, the phone
    # keeps it with the reason beside it until its author discards it.
    site = live_world.enterprises["site"]
    site.grid = live_world.regions["lj_grid2"]
    site.save(update_fields=["grid"])
    capture(page, "消防通道堵塞", photo_file(tmp_path, "small.jpg", (320, 240)))
    page.wait_for_function(f"() => document.querySelector('{QUEUE}').textContent.includes('未被接受 1 条')")
    page.goto(f"{live_server.url}/field/")
    refused = page.locator("#queue-list .entry.refused")
    assert "消防通道堵塞" in refused.inner_text()
    assert refused.locator(".reasons li").count() >= 1
    page.once("dialog", lambda dialog: dialog.accept())
    refused.get_by_role("button", name="放弃").click()
    page.wait_for_function(f"() => document.querySelector('{QUEUE}').textContent === '全部已发送。'")
    assert not Hazard.objects.filter(description="消防通道堵塞").exists()


def test_a_visit_filled_offline_arrives_with_its_failed_item(page, context, live_server, live_world, tmp_path):  # noqa: F811
    """An inspection visit without a signal: one item passed, one failed with a note and a photo."""
    from anjian.inspections.models import Checklist, ChecklistItem, Inspection

    checklist = Checklist.objects.create(name="非煤矿山安全检查表", sector=live_world.sectors["non_coal_mine"])
    ChecklistItem.objects.create(checklist=checklist, order=1, text="安全出口畅通")
    ChecklistItem.objects.create(checklist=checklist, order=2, text="配电箱接地可靠")
    mine = live_world.enterprises["mine"]
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/login/?next=/field/")
    page.fill("input[name=username]", "yingji")
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"{live_server.url}/field/")
    page.locator(f"#unit-list [data-unit='{mine.pk}']").get_by_role("link", name="检查").click()
    page.wait_for_function("() => document.querySelectorAll('#v-items li').length === 2")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    context.set_offline(True)
    page.reload()  # the visit page opens without a signal, its checklist from the phone
    page.wait_for_function("() => document.querySelectorAll('#v-items li').length === 2")
    assert page.inner_text("#visit-unit") == mine.name
    page.select_option("#v-kind", "assistance")  # 帮扶指导: one officer is enough
    first, second = page.locator("#v-items li").all()
    first.locator("input[value=pass]").check()
    second.locator("input[value=fail]").check()
    second.locator(".note").fill("配电箱未接地")
    second.locator(".photo").set_input_files(str(photo_file(tmp_path, "box.jpg", (640, 480))))
    page.click("#visit [type=submit]")
    page.wait_for_function(f"() => document.querySelector('{QUEUE}').textContent === '待发送 1 条'")

    context.set_offline(False)
    page.wait_for_function(f"() => document.querySelector('{QUEUE}').textContent === '全部已发送。'", timeout=30000)
    visit = Inspection.objects.get(unit=mine)
    results = {r.text or r.item.text: r for r in visit.results.select_related("item", "photo")}
    assert {k: r.result for k, r in results.items()} == {"安全出口畅通": "pass", "配电箱接地可靠": "fail"}
    assert results["配电箱接地可靠"].note == "配电箱未接地" and results["配电箱接地可靠"].photo_id
