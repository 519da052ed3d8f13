"""The inbox on a 360 px phone, in Debian's chromium: the bell shows the count, a notice is marked read."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from anjian.core.testing import PASSWORD
from tests.conftest import browser_type_launch_args, live_world  # noqa: F401  (the browser fixtures of tests/)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_grid_worker_reads_the_inbox_on_a_phone(page, live_server, live_world):  # noqa: F811
    from anjian.notifications import services
    from anjian.notifications.choices import Verb

    grid1 = live_world.users["grid1"]
    services.notify(
        grid1, Verb.HAZARD_ASSIGNED, "潋江镇城南安置房项目的隐患待您处理（整改）：脚手架连墙件缺失", key="a"
    )
    services.notify(grid1, Verb.HAZARD_OVERDUE, "潋江镇第二小学的隐患已逾期：消防通道堵塞", key="b")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "grid1")
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.locator(".navbar-toggler").click()
    # The menu opened to its full height (Bootstrap marks it `show` once its slide has ended): a click during the
    # slide may land on a link that is still moving.
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    expect(page.locator(".inbox-unread")).to_have_text("2")
    page.locator(".inbox-bell").click()
    expect(page).to_have_url(re.compile(r"/notifications/$"), timeout=30_000)
    expect(page.locator(".notice-unread")).to_have_count(2)
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling on a phone
    page.locator(".notice-unread form[hx-post] button").first.click()
    # A locator, not a polled page function (that is eval, which the CSP refuses); 20 s on a busy machine.
    expect(page.locator(".notice-unread")).to_have_count(1, timeout=20_000)
