"""A public round taken without an account: the form, the draw kept across a refresh by a signed cookie, answers
and submission, the result, the public leaderboard with masked names and no phone, the refusals (a draft or
non-public round, a forged cookie), spam throttled with 429 and a message in Chinese, and no third-party asset."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from anjian.contests import throttle
from anjian.contests.models import Attempt, Entry

from .conftest import fill_bank, make_round, open_round, right_answers

pytestmark = pytest.mark.usefixtures("frozen")
FORM = {"name": "王小明", "unit": "兴国县某某矿业有限公司", "phone": "138 0013 8000", "town": "360732104000"}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_round(world):
    fill_bank(world, count=8)
    return open_round(world, question_count=4, is_public=True)


def url(round_, name: str = "public") -> str:
    return reverse(f"contests:{name}", args=[round_.public_key])


def test_taking_part_without_an_account(public_round):
    client = Client()
    form = client.get(url(public_round))
    assert form.status_code == 200 and "手机号码" in form.content.decode() and "高兴镇" in form.content.decode()
    started = client.post(url(public_round), FORM)
    assert started.status_code == 302 and f"contest-{public_round.pk}" in started.cookies
    first = client.get(url(public_round)).content.decode()
    again = client.get(url(public_round)).content.decode()  # a refresh: the same draw
    positions = re.findall(r'name="q(\d)" value="A" id="q\d+A"', first)
    assert positions == ["1", "2", "3", "4"] and first.count('class="card mb-3 question"') == 4
    assert re.findall(r"</span> (.*?)</legend>", first) == re.findall(r"</span> (.*?)</legend>", again)
    attempt = Attempt.objects.get()
    right = right_answers(attempt)
    saved = client.post(url(public_round, "public_answer"), {"position": "2", "q2": list(right[2])})
    assert saved.status_code == 200 and "已保存" in saved.content.decode()
    done = client.post(url(public_round, "public_submit"), {f"q{p}": list(a) for p, a in right.items()}, follow=True)
    text = done.content.decode()
    assert "已提交：4 分" in text and "您的最好成绩：4" in text
    entry = Entry.objects.get()
    assert (entry.user, entry.phone_masked, entry.region.code) == (None, "138****8000", "360732104000")
    assert "13800138000" not in repr(Entry.objects.values_list())
    assert Client().get(url(public_round, "public_board")).status_code == 200


def test_the_public_leaderboard_masks_names_and_shows_no_phone(public_round):
    client = Client()
    client.post(url(public_round), FORM)
    attempt = Attempt.objects.get()
    client.post(url(public_round, "public_submit"), {f"q{p}": list(a) for p, a in right_answers(attempt).items()})
    board = Client().get(url(public_round, "public_board")).content.decode()
    assert "王*明" in board and "王小明" not in board and "8000" not in board
    assert "兴国县某某矿业有限公司" in board


def test_the_same_phone_resumes_and_another_name_is_refused(public_round):
    Client().post(url(public_round), FORM)
    other_device = Client()
    resumed = other_device.post(url(public_round), FORM | {"phone": "13800138000"})
    assert resumed.status_code == 302 and Attempt.objects.count() == 1
    impostor = Client().post(url(public_round), FORM | {"name": "李四"})
    assert impostor.status_code == 400 and "已由另一位参赛者使用" in impostor.content.decode()


def test_bad_input_is_refused_field_by_field(public_round):
    refused = Client().post(url(public_round), {"name": "王", "unit": "某", "phone": "12345", "town": ""})
    assert refused.status_code == 400 and not Entry.objects.exists()
    errors = refused.context["form"].errors
    assert set(errors) == {"name", "unit", "phone", "town"} and "11 位手机号码" in refused.content.decode()
    wrong_town = Client().post(url(public_round), FORM | {"town": "360732999000"})
    assert wrong_town.status_code == 400 and "town" in wrong_town.context["form"].errors


def test_only_an_open_public_round_has_a_public_page(world, public_round):
    draft = make_round(world, is_public=True)
    private = open_round(world, question_count=4, title="内部场")
    client = Client()
    assert client.get(url(draft)).status_code == 404
    assert client.get(url(private)).status_code == 404
    assert client.get("/contests/p/nothing-here/").status_code == 404
    assert client.post(url(public_round, "public_submit")).status_code == 404  # no cookie: no attempt


def test_a_forged_cookie_names_nobody(public_round):
    client = Client()
    client.post(url(public_round), FORM)
    client.cookies[f"contest-{public_round.pk}"] = "1:forged:signature"
    page = client.get(url(public_round)).content.decode()
    assert "public-entry" in page  # the entry form again, not someone's attempt


def test_spam_is_throttled_with_a_chinese_message(public_round, monkeypatch):
    monkeypatch.setitem(throttle.RATES, "contest-start", (3, 600))
    client = Client()
    for n in range(3):
        client.post(url(public_round), FORM | {"phone": f"1390000000{n}", "name": f"测试{n}号"})
    refused = client.post(url(public_round), FORM | {"phone": "13900000009", "name": "第四个"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "请求过于频繁" in refused.content.decode()
    assert Entry.objects.count() == 3
    monkeypatch.setitem(throttle.RATES, "contest-read", (2, 60))
    Client().get(url(public_round))
    Client().get(url(public_round))
    partial = Client().get(url(public_round), HTTP_HX_REQUEST="true")
    assert partial.status_code == 429 and "<html" not in partial.content.decode()


def test_a_public_page_carries_no_third_party_asset(public_round):
    client = Client()
    for page in (client.get(url(public_round)), client.get(url(public_round, "public_board"))):
        body = page.content.decode()
        assert not re.search(r'(src|href)="(https?:)?//', body)
        assert 'name="viewport" content="width=device-width' in body


def test_time_runs_out_for_a_public_participant(world, time_machine):
    fill_bank(world, count=6)
    round_ = open_round(world, question_count=3, time_limit_minutes=5, is_public=True)
    client = Client()
    client.post(url(round_), FORM)
    attempt = Attempt.objects.get()
    from .conftest import NOW

    time_machine.move_to(NOW + dt.timedelta(minutes=6), tick=False)
    late = client.post(url(round_, "public_answer"), {"position": "1", "q1": "A"})
    assert late.status_code == 400 and "答题时间已到" in late.content.decode()
    page = client.get(url(round_)).content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline and "public-entry" not in page
