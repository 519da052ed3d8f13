"""The contest pages for every role: organisers create, open and close rounds and keep the bank; leaders read;
enterprises and officials take the open rounds of their places and never see the bank; forms refuse bad input with
field errors and store nothing; the leaderboard and the results download answer those who may read them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from anjian.contests import attempts
from anjian.contests.models import Attempt, Entry, Question, Round

from .conftest import NOW, TODAY, fill_bank, make_round, open_round, right_answers

pytestmark = pytest.mark.usefixtures("frozen", "english")
ROLES = ["county", "leader", "yingji", "gaoxing", "grid1", "qiye1", "expert1"]


@pytest.fixture
def scene(world):
    fill_bank(world, count=8)
    live = open_round(world, question_count=4, title="县第一场")
    draft = make_round(world, title="县草稿场")
    town = make_round(world, "gaoxing", title="高兴镇场")
    return {"live": live, "draft": draft, "town": town}


@pytest.mark.parametrize("username", ROLES)
def test_every_page_answers_every_role_within_its_rights(world, scene, client_for, username):
    client = client_for(username)
    index = client.get(reverse("contests:index"))
    assert index.status_code == 200
    organiser = username in ("county", "gaoxing")
    reads_bank = username in ("county", "gaoxing", "leader")
    assert client.get(reverse("contests:questions")).status_code == (200 if reads_bank else 403)
    assert client.get(reverse("contests:round_new")).status_code == (200 if organiser else 403)
    assert client.get(reverse("contests:question_new")).status_code == (200 if organiser else 403)
    reads_county = username in ("county", "leader")
    for key in ("live", "draft"):
        page = client.get(reverse("contests:round", args=[scene[key].pk]))
        assert page.status_code == (200 if reads_county else 404), key
    assert client.get(reverse("contests:round", args=[scene["town"].pk])).status_code == (
        200 if username in ("county", "leader", "gaoxing") else 404
    )
    # Everyone with a place in the county takes the county's open round; the expert has none.
    takes = username != "expert1"
    assert client.get(reverse("contests:take", args=[scene["live"].pk])).status_code == (200 if takes else 404)
    assert client.get(reverse("contests:take", args=[scene["draft"].pk])).status_code == 404
    assert client.get(reverse("contests:leaderboard", args=[scene["live"].pk])).status_code == (200 if takes else 404)
    # The participation as the user's jurisdiction counts it: the expert's, in the county of the assigned units.
    assert client.get(reverse("contests:participation")).status_code == 200


def test_the_bank_never_reaches_a_participant(world, scene, client_for):
    client = client_for("qiye1")
    body = client.get(reverse("contests:take", args=[scene["live"].pk])).content.decode()
    assert not any(text in body for text in Question.objects.values_list("text", flat=True))  # nothing of the bank
    assert client.get("/api/v1/contest-questions/").json()["count"] == 0


def test_an_organiser_creates_opens_and_closes_a_round(world, client_for):
    fill_bank(world, count=6)
    client = client_for("county")
    bad = client.post(reverse("contests:round_new"), {"title": "", "opens_on": TODAY.isoformat(),
                      "closes_on": (TODAY - dt.timedelta(days=1)).isoformat(), "question_count": 5,
                      "attempts_allowed": 1})  # fmt: skip
    assert bad.status_code == 400 and not Round.objects.exists()
    assert "closes_on" in bad.context["form"].errors and "title" in bad.context["form"].errors
    made = client.post(reverse("contests:round_new"), {
        "title": "安康杯第一场", "opens_on": TODAY.isoformat(), "closes_on": (TODAY + dt.timedelta(days=3)).isoformat(),
        "question_count": 5, "attempts_allowed": 1, "time_limit_minutes": 20, "topics": ["general"],
        "sectors": [world.sectors["fireworks"].pk], "is_public": "on",
    })  # fmt: skip
    round_ = Round.objects.get()
    assert made.status_code == 302 and round_.is_public and round_.topics == ["general"]
    assert list(round_.sectors.values_list("code", flat=True)) == ["fireworks"]
    opened = client.post(reverse("contests:round_transition", args=[round_.pk, "open"]), follow=True)
    round_.refresh_from_db()
    assert round_.status == "open" and "竞赛已开始。" in opened.content.decode()  # pages speak Chinese
    assert client.get(reverse("contests:round_edit", args=[round_.pk])).status_code == 302
    client.post(reverse("contests:round_transition", args=[round_.pk, "close"]))
    round_.refresh_from_db()
    assert round_.status == "closed"
    refused = client.post(reverse("contests:round_transition", args=[round_.pk, "open"]), follow=True)
    assert "只有草稿状态的竞赛可以开始。" in refused.content.decode()


def test_a_town_may_not_touch_the_countys_round(world, scene, client_for):
    client = client_for("gaoxing")
    assert client.post(reverse("contests:round_transition", args=[scene["draft"].pk, "open"])).status_code == 404
    assert client.post(reverse("contests:round_transition", args=[scene["town"].pk, "open"])).status_code == 302


def test_a_question_added_by_hand_and_retired(world, client_for):
    client = client_for("county")
    bad = client.post(reverse("contests:question_new"), {"kind": "single", "text": "题目", "option_a": "甲",
                                                          "answer": "C", "topic": "general"})  # fmt: skip
    assert bad.status_code == 400 and "选择题至少需要两个选项" in bad.content.decode()
    assert not Question.objects.exists()
    client.post(reverse("contests:question_new"), {"kind": "multiple", "text": "哪些正确？", "option_a": "甲",
                                                  "option_b": "乙", "option_c": "丙", "answer": "AB", "topic": "law"})  # fmt: skip
    question = Question.objects.get()
    assert (question.options, question.answer) == (["甲", "乙", "丙"], "AB")
    client.post(reverse("contests:question_active", args=[question.pk]), {"active": "0"})
    question.refresh_from_db()
    assert not question.active
    assert client_for("leader").post(reverse("contests:question_active", args=[question.pk]),
                                     {"active": "1"}).status_code == 404  # fmt: skip


def test_taking_a_round_with_an_account(world, scene, client_for):
    client = client_for("yingji")
    started = client.post(reverse("contests:take", args=[scene["live"].pk]))
    attempt = Attempt.objects.get()
    assert started.status_code == 302 and started["Location"] == reverse("contests:attempt", args=[attempt.pk])
    page = client.get(started["Location"]).content.decode()
    assert page.count('class="card mb-3 question"') == 4 and "data-seconds-left" in page
    right = right_answers(attempt)
    saved = client.post(reverse("contests:answer", args=[attempt.pk]), {"position": "1", "q1": list(right[1])},
                        HTTP_HX_REQUEST="true")  # fmt: skip
    assert saved.status_code == 200 and "已保存" in saved.content.decode()
    form = {f"q{p}": list(letters) for p, letters in right.items()}
    done = client.post(reverse("contests:submit", args=[attempt.pk]), form, follow=True)
    assert "已提交：4 分，共4题，答对4题。" in done.content.decode()
    assert Entry.objects.get().best_score == 4
    assert client_for("qiye1").get(reverse("contests:attempt", args=[attempt.pk])).status_code == 404
    again = client_for("yingji").post(reverse("contests:take", args=[scene["live"].pk]), follow=True)
    assert "您已参加过本场竞赛" in again.content.decode() and Attempt.objects.count() == 1


def test_an_answer_after_the_deadline_is_refused_on_the_page(world, client_for, time_machine):
    fill_bank(world, count=6)
    round_ = open_round(world, question_count=3, time_limit_minutes=5)
    client = client_for("qiye1")
    client.post(reverse("contests:take", args=[round_.pk]))
    attempt = Attempt.objects.get()
    time_machine.move_to(NOW + dt.timedelta(minutes=5), tick=False)
    late = client.post(reverse("contests:answer", args=[attempt.pk]), {"position": "1", "q1": "A"})
    assert late.status_code == 400 and "答题时间已到" in late.content.decode()
    form = {f"q{p}": list(a) for p, a in right_answers(attempt).items()}
    done = client.post(reverse("contests:submit", args=[attempt.pk]), form, follow=True)
    assert "时限后提交的答案不计分" in done.content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 0 and attempt.submitted_at == attempt.deadline


def test_the_results_download_and_the_round_page_mask_phones(world, scene, client_for):
    round_ = scene["live"]
    round_.is_public = True
    round_.save()
    who = attempts.of_public(round_, "王小明", "某单位", "13800138000", world.regions["360732104000"])
    attempt = attempts.start(round_, who, NOW)
    attempts.submit(attempt, right_answers(attempt), NOW + dt.timedelta(minutes=2))
    client = client_for("county")
    page = client.get(reverse("contests:round", args=[round_.pk])).content.decode()
    assert "王小明" in page and "13800138000" not in page and f"/contests/p/{round_.public_key}/" in page
    download = client.get(reverse("contests:results", args=[round_.pk]))
    assert download.status_code == 200 and b"13800138000" not in download.content
    assert client_for("qiye1").get(reverse("contests:results", args=[round_.pk])).status_code == 404
    board = client_for("qiye1").get(reverse("contests:leaderboard", args=[round_.pk])).content.decode()
    assert "王*明" in board and "王小明" not in board  # a fellow participant sees names masked


def test_pages_use_only_our_own_assets(world, scene, client_for):
    client = client_for("county")
    for url in (reverse("contests:index"), reverse("contests:round", args=[scene["live"].pk]),
                reverse("contests:questions"), reverse("contests:participation")):  # fmt: skip
        body = client.get(url).content.decode()
        assert not re.search(r'(src|href)="(https?:)?//', body), url
