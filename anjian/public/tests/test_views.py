"""The pages: the public form (Chinese, light, nothing from another site, a time and honeypot check, rate-limited with
a polite page), the receipt and the progress page; the receiving units' queue, steps, hazard, reveal, rewards, policy,
figures; the desk's section of reports to acknowledge; the public entry on the login page and the hazard's link back."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from anjian.core.desk import sections
from anjian.public import antispam, services
from anjian.public.models import IdentityView, PublicReport, ReportPolicy, Reward

from .conftest import GAOXING, NAME, NOW, PHONE, acknowledged, grant_reveal, named, photo, send

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
BUDGET = 150 * 1024  # bytes a cheap phone downloads before any photo


class Assets(HTMLParser):
    """Every address the page makes the browser fetch by itself (styles, scripts, images, frames, fonts)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload", "manifest"):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img", "iframe", "source", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])


def fetched(client: Client, path: str) -> tuple[int, list[str]]:
    page = client.get(path)
    assert page.status_code == 200
    parser = Assets()
    parser.feed(page.content.decode())
    total = len(page.content)
    for url in parser.urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        total += len(b"".join(asset.streaming_content) if asset.streaming else asset.content)
    return total, parser.urls


def form_data(**values) -> dict:
    data = {"description": "居民楼一楼商铺存放大量烟花爆竹", "town": GAOXING, "address": "圩上街12号",
            "sector": "fireworks", "identity": "anonymous", "started": antispam.stamp()}  # fmt: skip
    return data | values


@pytest.mark.parametrize("path", ["/public/report/", "/public/report/track/"])
def test_the_public_pages_are_chinese_light_and_load_nothing_from_elsewhere(world, path):
    client = Client()
    total, urls = fetched(client, path)
    assert total <= BUDGET, total
    assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    page = client.get(path).content.decode()
    assert 'lang="zh-CN"' in page and "举报安全隐患" in page
    assert not re.search(r"""(src|href)=["'](https?:)?//""", page)  # no other site, not even a link to a font
    assert "bootstrap" not in page and "htmx" not in page


def test_a_report_through_the_form_after_a_few_seconds(world, frozen):
    client = Client()
    data = form_data(photos=[photo(gps=True)])
    frozen.shift(dt.timedelta(seconds=10))
    answer = client.post("/public/report/", data)
    assert answer.status_code == 201, answer.content.decode()[:2000]
    report = PublicReport.objects.get()
    page = answer.content.decode()
    assert report.tracking_code in page and "查询密码" in page
    assert answer["Cache-Control"].startswith("max-age=0") and "no-store" in answer["Cache-Control"]
    secret = re.search(r"data-secret>([^<]+)<", page).group(1)
    followed = client.post("/public/report/track/", {"code": report.tracking_code, "secret": secret})
    assert followed.status_code == 200 and "已收到" in followed.content.decode()
    assert report.photos.count() == 1


def test_too_fast_a_filled_honeypot_or_a_forged_time_is_refused_politely(world, frozen):
    client = Client()
    too_fast = client.post("/public/report/", form_data())
    assert too_fast.status_code == 400 and "提交过快" in too_fast.content.decode()
    assert "居民楼一楼商铺存放大量烟花爆竹" in too_fast.content.decode()  # what was written is kept
    honeypot, forged, stale = form_data(website="http://spam.example"), form_data(started="1.0:forged"), form_data()
    frozen.shift(dt.timedelta(seconds=10))
    assert client.post("/public/report/", honeypot).status_code == 400
    assert client.post("/public/report/", forged).status_code == 400
    frozen.shift(dt.timedelta(days=2))
    assert "页面已过期" in client.post("/public/report/", stale).content.decode()
    assert PublicReport.objects.count() == 0


def test_a_named_report_needs_a_phone_and_keeps_it_sealed(world, frozen):
    client = Client()
    without, complete = form_data(identity="named", name=NAME), form_data(identity="named", name=NAME, phone=PHONE)
    frozen.shift(dt.timedelta(seconds=10))
    refused = client.post("/public/report/", without)
    assert refused.status_code == 400 and "电话" in refused.content.decode()
    assert client.post("/public/report/", complete).status_code == 201
    report = PublicReport.objects.get()
    assert not report.anonymous and PHONE not in report.phone_sealed


def test_a_spam_burst_on_the_form_gets_a_page_in_chinese(world, frozen):
    client = Client()
    data = form_data()
    frozen.shift(dt.timedelta(seconds=10))
    codes = [client.post("/public/report/", data, REMOTE_ADDR="203.0.113.5").status_code for _ in range(30)]
    assert codes.count(201) == 10 and codes.count(429) == 20 and max(codes) < 500
    page = client.post("/public/report/", data, REMOTE_ADDR="203.0.113.5")
    assert page.status_code == 429 and "12350" in page.content.decode() and "分钟后再试" in page.content.decode()
    assert int(page["Retry-After"]) > 0
    # The API draws on the same budget.
    api = client.post("/api/v1/public/reports/", {"description": "商铺存放烟花爆竹很多", "town": GAOXING,
                                                   "address": "圩上街"}, content_type="application/json",
                      REMOTE_ADDR="203.0.113.5")  # fmt: skip
    assert api.status_code == 429


def test_a_wrong_secret_shows_nothing(world):
    report, _secret = send()
    page = Client().post("/public/report/track/", {"code": report.tracking_code, "secret": "AAAA-BBBB-CCCC-DDDD"})
    assert page.status_code == 404 and report.description not in page.content.decode()


def test_the_reporter_reads_the_progress_and_answers(world):
    report, secret = send()
    services.perform(world.users["gaoxing"], report, "ask", public_text="具体在几楼？", note="内部：先问清楚")
    client = Client()
    page = client.post("/public/report/track/", {"code": report.tracking_code, "secret": secret}).content.decode()
    assert "具体在几楼？" in page and "内部" not in page and "gaoxing" not in page
    answered = client.post(
        "/public/report/track/answer/", {"code": report.tracking_code, "secret": secret, "text": "二楼"}
    )
    assert answered.status_code == 200 and "二楼" in answered.content.decode()
    forged = client.post("/public/report/track/answer/", {"code": report.tracking_code, "secret": "x", "text": "骗"})
    assert forged.status_code == 404


def test_the_login_page_links_the_public_form(world):
    page = Client().get("/login/").content.decode()
    assert 'href="/public/report/"' in page and "举报安全隐患" in page


def test_the_queue_list_detail_and_export(world, client_for):
    late, _s = send()
    send(town="360732100000", sector="construction", description="潋江镇工地夜间违规施工")
    town = client_for("gaoxing")
    listing = town.get("/public/reports/")
    assert listing.status_code == 200 and late.tracking_code in listing.content.decode()
    assert "潋江镇工地" not in listing.content.decode()
    assert town.get("/public/reports/?state=received&late=true").status_code == 200
    detail = town.get(f"/public/reports/{late.pk}/").content.decode()
    assert 'data-action="acknowledge"' in detail and 'data-action="open_hazard"' not in detail
    export = town.get("/public/reports/export.xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for("qiye1").get(f"/public/reports/{late.pk}/").status_code == 404


def test_the_steps_through_the_pages(world, client_for):
    report, _s = send(photos=[photo()])
    town = client_for("gaoxing")
    assert town.get(f"/public/reports/{report.pk}/act/acknowledge/").status_code == 200
    assert town.post(f"/public/reports/{report.pk}/act/acknowledge/", {}).status_code == 302
    refused = town.post(f"/public/reports/{report.pk}/act/close/", {"outcome": "unfounded"})
    assert refused.status_code == 400 and "理由" in refused.content.decode()
    assert town.get(f"/public/reports/{report.pk}/act/nonsense/").status_code == 404
    opened = town.post(f"/public/reports/{report.pk}/hazard/", {"unit": world.enterprises["shop"].pk,
                                                               "description": report.description})  # fmt: skip
    assert opened.status_code == 302 and opened["Location"].startswith("/hazards/")
    hazard_page = town.get(opened["Location"]).content.decode()
    assert f'href="/public/reports/{report.pk}/"' in hazard_page and "群众举报" in hazard_page  # linked back
    assert client_for("leader").get(f"/public/reports/{report.pk}/act/verify/").status_code == 403


def test_the_reveal_page_logs_and_never_caches(world, client_for):
    report, _s = named()
    assert client_for("gaoxing").post(f"/public/reports/{report.pk}/reveal/", {"reason": "核实情况"}).status_code == 403
    grant_reveal(world.users["county"])
    county = client_for("county")
    detail = county.get(f"/public/reports/{report.pk}/").content.decode()
    assert "reveal-form" in detail and PHONE not in detail
    shown = county.post(f"/public/reports/{report.pk}/reveal/", {"reason": "联系举报人核实线索"})
    assert shown.status_code == 200 and PHONE in shown.content.decode() and "no-store" in shown["Cache-Control"]
    assert county.post(f"/public/reports/{report.pk}/reveal/", {"reason": ""}).status_code == 400
    assert IdentityView.objects.count() == 1


def test_rewards_through_the_pages(world, client_for):
    from decimal import Decimal

    from anjian.inspections import services as inspections

    report, _secret = acknowledged(world)
    services.perform(world.users["gaoxing"], report, "verify", unit=world.enterprises["shop"])
    action = inspections.record_action(world.users["yingji"], unit=world.enterprises["shop"], kind="penalty",
                                       decided_on=NOW.date() - dt.timedelta(days=1), description="违法储存",
                                       target="unit", unit_amount_wan=Decimal("1"))  # fmt: skip
    town = client_for("gaoxing")
    form = town.get(f"/public/reports/{report.pk}/reward/")
    assert form.status_code == 200 and f'value="{action.pk}"' in form.content.decode()
    proposed = town.post(f"/public/reports/{report.pk}/reward/", {"basis": "illegal_operation",
                                                                 "enforcement_action": action.pk})  # fmt: skip
    assert proposed.status_code == 302, proposed.content.decode()[:3000]
    reward = Reward.objects.get()
    page = town.get(f"/public/rewards/{reward.pk}/").content.decode()
    assert 'data-step="approve"' not in page and "3000.00" in page  # the town proposes, never approves
    office = client_for("county")  # the same test client, now signed in as the county office
    assert 'data-step="approve"' in office.get(f"/public/rewards/{reward.pk}/").content.decode()
    assert office.post(f"/public/rewards/{reward.pk}/approve/", {}).status_code == 302
    town = client_for("gaoxing")
    assert town.post(f"/public/rewards/{reward.pk}/pay/", {"paid_on": "2099-01-01", "means": "cash"}).status_code == 400
    assert town.post(f"/public/rewards/{reward.pk}/pay/", {"paid_on": "2024-07-15", "means": "cash"}).status_code == 302
    assert Reward.objects.get().state == "paid"
    assert client_for("county").get("/public/rewards/?state=paid").status_code == 200


def test_the_office_sets_the_hours_to_acknowledge(world, client_for):
    county = client_for("county")
    assert county.get("/public/policy/").status_code == 200
    assert county.post("/public/policy/", {"ack_hours": "0"}).status_code == 400
    assert county.post("/public/policy/", {"ack_hours": "8"}).status_code == 302
    assert ReportPolicy.objects.get().ack_hours == 8
    report, _s = send()
    assert report.ack_due_at == NOW + dt.timedelta(hours=8)
    assert client_for("gaoxing").get("/public/policy/").status_code == 403


def test_the_figures_page(world, client_for):
    acknowledged(world)
    send(town="360732100000", sector="construction", description="潋江镇工地夜间违规施工")
    page = client_for("county").get("/public/stats/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-figure="public.reports">2<' in text and "高兴镇" in text and "潋江镇" in text
    assert client_for("county").get("/public/stats/?date_from=abc").status_code == 400
    assert client_for("gaoxing").get("/public/stats/").status_code == 200
    assert client_for("qiye1").get("/public/stats/").status_code == 403


def test_the_desk_lists_the_reports_to_acknowledge_late_first(world, frozen, client_for):
    early, _s = send()
    frozen.shift(dt.timedelta(hours=20))
    send(description="圩上街另一家商铺也在存放烟花爆竹")
    frozen.shift(dt.timedelta(hours=5))  # the first is now past its 24 hours, the second is not
    desk = {s.key: s for s in sections(world.users["gaoxing"])}
    section = desk["public.to_acknowledge"]
    assert section.count == 2 and section.items[0].overdue and not section.items[1].overdue
    assert early.tracking_code in section.items[0].text
    assert "public.to_acknowledge" not in {s.key for s in sections(world.users["qiye1"])}
    page = client_for("gaoxing").get("/").content.decode()
    assert 'data-section="public.to_acknowledge"' in page and "待签收的群众举报" in page
    nav = client_for("gaoxing").get("/public/reports/").content.decode()
    assert 'href="/public/reports/"' in nav
    assert 'href="/public/reports/"' not in client_for("qiye1").get("/").content.decode()


def test_the_dashboard_panel(world, client_for, frozen):
    acknowledged(world)
    send(description="另一家商铺门口堆放烟花爆竹")
    frozen.shift(dt.timedelta(days=2))
    page = client_for("county").get("/dashboards/")
    panel = {p.key: p for p in page.context["panels"]}["public.reports"]
    assert panel.lines[0].value == "2 件" and panel.lines[1].tone == "danger"
    assert "public.reports" not in {p.key for p in client_for("qiye1").get("/dashboards/").context["panels"] or []}
