"""The hazard pages for every role of the test world: visibility, buttons, refusals, forms, figures."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from anjian.core.testing import VISIBLE_ENTERPRISES
from anjian.hazards import rules, services
from anjian.hazards.choices import State
from anjian.hazards.models import Hazard

pytestmark = pytest.mark.django_db

USERS = sorted(VISIBLE_ENTERPRISES)
LIST = reverse("hazards:list")
NEVER_ACT = {"leader"}


def jpeg(color="red") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, "JPEG")
    return SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def hazards(world):
    """One hazard per enterprise, registered by the county office; the school's is overdue."""
    county = world.users["county"]
    found_at = timezone.now() - dt.timedelta(days=7)  # a deadline two days ago lies after the finding
    made = {
        key: services.register_hazard(county, unit, description=f"隐患-{key}", source="supervision", found_at=found_at)
        for key, unit in world.enterprises.items()
    }
    school = made["school"]
    services.perform(county, school, "assess", grade="general")
    services.perform(county, school, "plan", responsible_person="王五", measures="清理", deadline=in_days(3))
    services.perform(county, school, "coordinate", deadline=str(in_days(-2)))
    return made


def listed(response) -> set[str]:
    return {row.record.description for row in response.context["table"].page.object_list}


@pytest.mark.parametrize("username", USERS)
def test_list_and_detail_follow_the_jurisdiction(world, hazards, client_for, username):
    client = client_for(username)
    visible = VISIBLE_ENTERPRISES[username]
    assert listed(client.get(LIST, {"per_page": 100})) == {f"隐患-{k}" for k in visible}
    for key, hazard in hazards.items():
        response = client.get(reverse("hazards:detail", args=[hazard.pk]))
        assert response.status_code == (200 if key in visible else 404), (username, key)
        action = client.get(reverse("hazards:act", args=[hazard.pk, "assess"]))
        if key not in visible:
            assert action.status_code == 404
        else:
            assert action.status_code == (403 if username in NEVER_ACT else 200)


@pytest.mark.parametrize("username", USERS)
def test_buttons_are_the_allowed_actions(world, hazards, client_for, username):
    client = client_for(username)
    user = world.users[username]
    for key in VISIBLE_ENTERPRISES[username]:
        hazard = Hazard.objects.get(pk=hazards[key].pk)
        page = client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()
        shown = set(re.findall(r'data-action="(\w+)"\s+href=', page))
        assert shown == set(rules.allowed_actions(user, hazard)), (username, key)


def test_a_role_that_may_never_act_gets_403(world, hazards, client_for):
    client = client_for("leader")
    for action in ("assess", "plan", "verify", "supervise"):
        url = reverse("hazards:act", args=[hazards["site"].pk, action])
        assert client.get(url).status_code == 403
        assert client.post(url, {"grade": "general"}).status_code == 403
    assert client.get(reverse("hazards:new")).status_code == 403
    grid = client_for("grid1")
    assert grid.get(reverse("hazards:act", args=[hazards["site"].pk, "supervise"])).status_code == 403


def test_unknown_action_is_404(world, hazards, client_for):
    assert client_for("county").get(f"/hazards/{hazards['site'].pk}/act/nonsense/").status_code == 404


def test_refused_action_shows_the_reason_and_keeps_the_input(world, hazards, client_for):
    client = client_for("county")
    url = reverse("hazards:act", args=[hazards["mine"].pk, "assess"])
    response = client.post(url, {"grade": "major", "comment": "现场照片已留存"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "判定标准" in page or "criterion" in page.lower()
    assert "现场照片已留存" in page
    assert Hazard.objects.get(pk=hazards["mine"].pk).state == State.REGISTERED
    # Not possible in this state: the reason, in Chinese.
    url = reverse("hazards:act", args=[hazards["mine"].pk, "verify"])
    page = client.post(url, {"comment": "复查"}).content.decode()
    with translation.override("zh-hans"), pytest.raises(rules.Refused) as refused:
        rules.check_state(hazards["mine"], "verify")
    assert refused.value.messages[0] in page.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert "复查" in page


def test_major_plan_without_funds_is_refused(world, hazards, client_for):
    county = world.users["county"]
    mine = hazards["mine"]
    services.perform(county, mine, "assess", grade="major", major_reason="无适用标准")
    services.perform(county, mine, "report")
    client = client_for("county")
    data = {
        "responsible_person": "李四",
        "measures": "疏通出口",
        "deadline": in_days(30).isoformat(),
        "contingency_plan": "停止作业",
    }
    response = client.post(reverse("hazards:act", args=[mine.pk, "plan"]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "funds" in form.errors
    assert "疏通出口" in response.content.decode()
    assert Hazard.objects.get(pk=mine.pk).state == State.REPORTED
    data["funds"] = "120000"
    response = client.post(reverse("hazards:act", args=[mine.pk, "plan"]), data)
    assert response.status_code == 302
    assert Hazard.objects.get(pk=mine.pk).state == State.RECTIFYING


def test_htmx_action_redirects_the_page_after_signing(world, hazards, client_for):
    client = client_for("county")
    url = reverse("hazards:act", args=[hazards["site"].pk, "assess"])
    partial = client.get(url, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b'name="grade"' in partial.content
    response = client.post(url, {"grade": "general"}, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("hazards:detail", args=[hazards["site"].pk])


def test_registration_from_a_phone(world, client_for):
    client = client_for("grid1")
    page = client.get(reverse("hazards:new")).content.decode()
    assert 'capture="environment"' in page and 'value="grid_patrol" selected' in page
    site = world.enterprises["site"]
    data = {"unit": site.pk, "description": "临边防护缺失", "source": "grid_patrol", "location": "3号楼"}
    response = client.post(reverse("hazards:new"), {**data, "photos": [jpeg()]})
    hazard = Hazard.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("hazards:detail", args=[hazard.pk])
    assert hazard.photos.count() == 1 and hazard.location == "3号楼"
    detail = client.get(response["Location"]).content.decode()
    photo = hazard.photos.get()
    thumb = reverse("hazards:photo_thumb", args=[hazard.pk, photo.pk])
    assert thumb in detail
    assert client.get(thumb)["Content-Type"] == "image/jpeg"
    assert client_for("gaoxing").get(thumb).status_code == 404


def test_a_file_that_is_not_a_photo_is_refused_in_chinese_and_the_fields_stay(world, client_for):
    client = client_for("grid1")
    bad = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")
    data = {"unit": world.enterprises["site"].pk, "description": "配电箱未上锁", "source": "grid_patrol"}
    response = client.post(reverse("hazards:new"), {**data, "photos": [bad]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "照片" in response.context["form"].errors["photos"][0] or "JPEG" in page
    assert "配电箱未上锁" in page
    assert not Hazard.objects.exists()


def test_registration_outside_the_jurisdiction_is_refused(world, client_for):
    client = client_for("grid1")
    data = {"unit": world.enterprises["mine"].pk, "description": "x", "source": "grid_patrol"}
    response = client.post(reverse("hazards:new"), data)
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Hazard.objects.exists()


def test_unit_picker_searches_within_the_jurisdiction(world, client_for):
    page = client_for("gaoxing").get(reverse("hazards:unit_search"), {"unit_q": "某某"}).content.decode()
    assert "兴国县某某矿业有限公司" in page and "江西某某化工有限公司" not in page


def test_list_queries_do_not_grow_with_the_page_size(world, client_for):
    county = world.users["county"]
    for i in range(30):
        h = services.register_hazard(county, world.enterprises["site"], description=f"隐患{i}", source="supervision")
        if i % 3 == 0:
            services.perform(county, h, "supervise", level="county", kind="reminder", listed_on=in_days(0))
    client = client_for("county")
    counts = []
    for size in (5, 30):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST, {"per_page": size}).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_a_page_holds_one_to_two_hundred_rows_whatever_per_page_or_region_asks(world, client_for):
    county = world.users["county"]
    for i in range(3):
        services.register_hazard(county, world.enterprises["site"], description=f"隐患{i}", source="supervision")
    client = client_for("county")
    for asked, rows in (("-1", 1), ("0", 3), ("abc", 3), ("1", 1), ("100000", 3)):
        response = client.get(LIST, {"per_page": asked, "page": "abc"})
        assert response.status_code == 200, asked
        assert len(listed(response)) == rows, asked
    for region in ("\x00", "3607\x0032", "兴国县", "9" * 40):  # no region; PostgreSQL refuses a NUL in a query
        assert client.get(LIST, {"region": region}).status_code == 200, region


def test_ledger_export_follows_the_filter_and_jurisdiction(world, hazards, client_for, monkeypatch):
    seen = []

    def ledger_for(user, queryset, which):
        seen.append((user.username, set(queryset), which))
        return b"x", "ledger.xlsx"

    monkeypatch.setattr("anjian.hazards.views.pages.ledger_for", ledger_for)
    response = client_for("gaoxing").get(reverse("hazards:ledger"), {"overdue": "false"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert seen[0][0] == "gaoxing" and seen[0][2] == "major"
    assert {h.description for h in seen[0][1]} == {"隐患-shop", "隐患-mine"}
    client_for("gaoxing").get(reverse("hazards:general_ledger"), {"overdue": "false"})
    assert seen[1][2] == "general" and {h.description for h in seen[1][1]} == {"隐患-shop", "隐患-mine"}


def test_tasks_page_lists_what_the_user_must_do(world, hazards, client_for):
    response = client_for("county").get(reverse("hazards:tasks"))
    todo = {h.pk for h, _actions in response.context["todo"]}
    assert hazards["site"].pk in todo
    due = client_for("county").get(reverse("hazards:tasks")).context["due"]
    assert hazards["school"].pk not in {h.pk for h in due}  # overdue, not due soon
    page = client_for("grid1").get(reverse("hazards:tasks")).content.decode()
    assert "潋江镇城南安置房项目" in page and "兴国县某某矿业有限公司" not in page
    badge = client_for("county").get(reverse("hazards:task_badge")).content.decode()
    assert f">{len(todo)}<" in badge


def test_stats_follow_the_hazards_and_the_jurisdiction(world, hazards, client_for):
    county = world.users["county"]
    services.perform(county, hazards["shop"], "fix_on_spot", photos=[jpeg("blue")])
    response = client_for("county").get(reverse("hazards:stats"))
    figures = response.context["figures"]
    assert (figures["found"], figures["rectified"], figures["overdue"]) == (5, 1, 1)
    page = response.content.decode()
    assert 'data-figure="rectification_rate">20.0%' in page
    assert "echarts.min.js" in page and "cdn" not in page.lower()
    town = client_for("gaoxing").get(reverse("hazards:stats")).context["figures"]
    assert (town["found"], town["rectified"], town["overdue"]) == (2, 1, 0)


def test_quota_page_shows_who_is_short(world, client_for):
    gaoxing = world.users["gaoxing"]
    h = services.register_hazard(gaoxing, world.enterprises["mine"], description="重大", source="department_inspection")
    services.perform(gaoxing, h, "assess", grade="major", major_reason="无适用标准")
    response = client_for("county").get(reverse("hazards:quota"))
    rows = {r.unit.code: r for r in response.context["rows"] if r.unit_kind == "town"}
    assert rows["360732104000"].found == 1 and rows["360732104000"].short == 9
    assert "高兴镇" in response.content.decode()


def test_criteria_search_shows_items_verbatim(world, client_for):
    from anjian.hazards.models import Criterion, CriterionDocument

    doc = CriterionDocument.objects.create(
        sector=world.sectors["non_coal_mine"], title="金属非金属矿山重大事故隐患判定标准", doc_number="矿安〔2022〕88号"
    )
    Criterion.objects.create(document=doc, article="第四条", item="（一）", text="安全出口存在下列情形之一的")
    page = client_for("county").get(reverse("hazards:criteria"), {"q": "安全出口"}).content.decode()
    assert "安全出口存在下列情形之一的" in page and "矿安〔2022〕88号" in page and "第四条" in page


def test_a_list_longer_than_the_count_cap_says_so_and_a_filter_counts_exactly(world, hazards, client_for, settings):
    """A province's unfiltered list holds millions: it is counted up to ANJIAN_LIST_COUNT_CAP (a LIMIT) and says there
    are more; a list within the cap shows its exact count and no such note."""
    settings.ANJIAN_LIST_COUNT_CAP = 2
    client = client_for("county")
    page = client.get(LIST, {"per_page": 1}).content.decode()
    assert "查到 2 条以上隐患" in page and "列表中的记录超过 2 条" in page
    assert 'href="?per_page=1&amp;page=3"' not in page  # no page past the cap is offered
    school = client.get(LIST, {"unit": world.enterprises["school"].pk}).content.decode()
    assert "共1条隐患" in school and "列表中的记录超过" not in school and "条以上" not in school
    settings.ANJIAN_LIST_COUNT_CAP = 100
    assert f"共{len(hazards)}条隐患" in client.get(LIST).content.decode()
