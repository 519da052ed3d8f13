"""The registry's web pages, for every role of the test world."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anjian.core.testing import VISIBLE_ENTERPRISES, make_credit_code
from anjian.registry.forms import EnterpriseForm
from anjian.registry.models import Enterprise

pytestmark = pytest.mark.django_db

USERS = sorted(VISIBLE_ENTERPRISES)
EDITORS = {"county", "yingji", "gaoxing"}
LIST = reverse("registry:enterprise_list")


def listed_names(response) -> set[str]:
    return {row.record.name for row in response.context["table"].page.object_list}


def form_data(enterprise: Enterprise | None = None, **changes) -> dict:
    """What the form would post back unchanged, with `changes` applied."""
    form = EnterpriseForm(instance=enterprise)
    data: dict = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    data.update(changes)
    return data


@pytest.mark.parametrize("username", USERS)
def test_list_shows_exactly_what_the_user_may_see(world, client_for, username):
    client = client_for(username)
    expected = {world.enterprises[k].name for k in VISIBLE_ENTERPRISES[username]}
    for params in ({}, {"per_page": 100}):
        response = client.get(LIST, params)
        assert response.status_code == 200
        assert listed_names(response) == expected


@pytest.mark.parametrize("username", USERS)
def test_detail_is_404_outside_the_jurisdiction(world, client_for, username):
    client = client_for(username)
    for key, enterprise in world.enterprises.items():
        url = reverse("registry:enterprise_detail", args=[enterprise.pk])
        response = client.get(url)
        if key in VISIBLE_ENTERPRISES[username]:
            assert response.status_code == 200, (username, key)
            assert enterprise.name in response.content.decode()
        else:
            assert response.status_code == 404, (username, key)
            assert enterprise.name not in response.content.decode()


@pytest.mark.parametrize("username", USERS)
def test_signboard_and_exports_respect_the_jurisdiction(world, client_for, username, monkeypatch):
    monkeypatch.setattr("anjian.registry.views.signboard_pdf", lambda e, site="": f"PDF {e.name}".encode())
    seen: list = []
    monkeypatch.setattr("anjian.registry.exports.enterprises_xlsx", lambda qs: seen.append(set(qs)) or b"xlsx")
    client = client_for(username)
    for key, enterprise in world.enterprises.items():
        response = client.get(reverse("registry:enterprise_signboard", args=[enterprise.pk]))
        assert response.status_code == (200 if key in VISIBLE_ENTERPRISES[username] else 404)
    response = client.get(reverse("registry:enterprise_export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert {e.name for e in seen[0]} == {world.enterprises[k].name for k in VISIBLE_ENTERPRISES[username]}


@pytest.mark.parametrize("username", USERS)
def test_create_and_edit_forms_are_for_editors_only(world, client_for, username):
    client = client_for(username)
    visible = next(iter(VISIBLE_ENTERPRISES[username]))
    urls = [
        reverse("registry:enterprise_create"),
        reverse("registry:enterprise_edit", args=[world.enterprises[visible].pk]),
        reverse("registry:enterprise_import"),
    ]
    for url in urls:
        assert client.get(url).status_code == (200 if username in EDITORS else 403), url
    page = client.get(LIST).content.decode()
    assert (reverse("registry:enterprise_create") in page) == (username in EDITORS)


def test_edit_of_a_record_outside_the_jurisdiction_is_404(world, client_for):
    client = client_for("gaoxing")
    school = world.enterprises["school"]
    assert client.get(reverse("registry:enterprise_edit", args=[school.pk])).status_code == 404
    response = client.post(reverse("registry:enterprise_edit", args=[school.pk]), form_data(school, name="x"))
    assert response.status_code == 404
    school.refresh_from_db()
    assert school.name == "潋江镇第二小学"


def test_anonymous_users_are_sent_to_the_login_page(world, client):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_list_queries_do_not_grow_with_the_page_size(world, client_for):
    village = world.regions["gx_village"]
    Enterprise.objects.bulk_create(
        Enterprise(
            name=f"测试企业{i:03d}",
            region=village,
            sector=world.sectors["industry_trade"],
            credit_code=make_credit_code(20000000 + i),
            responsible_department=world.departments["yingji"],
            principal=f"负责人{i}",
        )
        for i in range(60)
    )
    client = client_for("county")
    counts = {}
    for per_page in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"per_page": per_page})
        assert response.status_code == 200
        assert len(response.context["table"].page.object_list) == per_page
        counts[per_page] = len(queries)
    assert counts[5] == counts[50], counts


def test_search_finds_by_name_credit_code_or_principal(world, client_for):
    client = client_for("county")
    mine = world.enterprises["mine"]
    for term in ("矿业", mine.credit_code, "李四"):
        assert listed_names(client.get(LIST, {"search": term})) == {mine.name}, term


def test_filters_and_htmx_partial(world, client_for):
    client = client_for("county")
    response = client.get(LIST, {"sector": "fireworks"})
    assert listed_names(response) == {"王国平烟花爆竹零售店"}
    response = client.get(LIST, {"region": "360732104000"})
    assert listed_names(response) == {"王国平烟花爆竹零售店", "兴国县某某矿业有限公司"}
    partial = client.get(LIST, {"high_risk": "true"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<html" not in body and "兴国县某某矿业有限公司" in body
    assert "HX-Request" in partial["Vary"]
    full = client.get(LIST).content.decode()
    assert 'class="filter-bar' in full and "hx-get" in full


def test_signboard_export_title_names_the_single_sector(world, client_for, monkeypatch):
    titles: list[str] = []
    monkeypatch.setattr("anjian.registry.exports.signboards_xlsx", lambda qs, title: titles.append(title) or b"x")
    client = client_for("gaoxing")
    client.get(reverse("registry:signboards_export"), {"sector": "fireworks"})
    client.get(reverse("registry:signboards_export"))
    assert titles == ["烟花爆竹安全生产责任公示牌", "安全生产责任公示牌"]


def test_editing_records_history_visible_on_the_detail_page(world, client_for):
    shop = world.enterprises["shop"]
    client = client_for("county")
    response = client.post(reverse("registry:enterprise_edit", args=[shop.pk]), form_data(shop, principal="王新平"))
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.principal == "王新平"
    assert shop.responsible_town == world.regions["360732104000"]  # the responsible unit survived the round trip
    latest = shop.history.first()
    assert latest.history_user == world.users["county"] and latest.history_type == "~"
    page = client.get(reverse("registry:enterprise_detail", args=[shop.pk])).content.decode()
    history = page[page.index('id="history"') :]
    assert "主要负责人" in history and "王国平" in history and "王新平" in history and "county" in history


def test_a_wrong_credit_code_shows_the_chinese_message_and_saves_nothing(world, client_for):
    client = client_for("county")
    mine = world.enterprises["mine"]
    wrong = mine.credit_code[:17] + ("0" if mine.credit_code[17] != "0" else "1")
    before = Enterprise.objects.count(), mine.history.count()
    response = client.post(reverse("registry:enterprise_edit", args=[mine.pk]), form_data(mine, credit_code=wrong))
    assert response.status_code == 200
    errors = response.context["form"].errors["credit_code"]
    assert any("校验码" in e for e in errors), errors
    assert "校验码" in response.content.decode()
    response = client.post(reverse("registry:enterprise_create"), form_data(None, credit_code=wrong, name="新企业"))
    assert response.status_code == 200 and "credit_code" in response.context["form"].errors
    mine.refresh_from_db()
    assert mine.credit_code != wrong
    assert (Enterprise.objects.count(), mine.history.count()) == before


def test_create_through_the_form(world, client_for):
    client = client_for("gaoxing")
    data = form_data(
        None,
        name="高兴镇新开烟花爆竹零售店",
        region=world.regions["gx_village"].pk,
        sector=world.sectors["fireworks"].pk,
        responsible_unit="360732104000",
        principal="张三",
        principal_phone="13907970000",
        status="operating",
        kind="individual",
        staff_count=2,
    )
    response = client.post(reverse("registry:enterprise_create"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else None
    created = Enterprise.objects.get(name="高兴镇新开烟花爆竹零售店")
    assert created.responsible_town == world.regions["360732104000"] and created.high_risk
    assert created.history.first().history_user == world.users["gaoxing"]


def test_create_outside_the_jurisdiction_is_refused(world, client_for):
    client = client_for("gaoxing")
    data = form_data(
        None, name="潋江镇某店", region=world.regions["lj_village"].pk, sector=world.sectors["fireworks"].pk
    )
    data.update(status="operating", kind="individual", staff_count=0)
    response = client.post(reverse("registry:enterprise_create"), data)
    assert response.status_code == 200
    assert not Enterprise.objects.filter(name="潋江镇某店").exists()


def test_import_page_reports_row_errors(world, client_for, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from anjian.registry import importer

    result = importer.ImportResult(created=1, errors=[importer.RowError(3, "统一社会信用代码", "校验码错误")])
    monkeypatch.setattr(importer, "import_enterprises", lambda f, user=None: result)
    upload = SimpleUploadedFile("list.xlsx", b"PK", content_type="application/octet-stream")
    response = client_for("county").post(reverse("registry:enterprise_import"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<td>3</td>" in body and "统一社会信用代码" in body and "校验码错误" in body


def test_pages_are_chinese_by_default_and_english_after_set_language(world, client_for):
    client = client_for("county")
    page = client.get(LIST).content.decode()
    assert "统一社会信用代码" in page and "安全生产监管平台" in page
    response = client.post(reverse("set_language"), {"language": "en", "next": LIST})
    assert response.status_code == 302
    page = client.get(LIST).content.decode()
    assert "Unified social credit code" in page and "统一社会信用代码" not in page


def test_login_page_works_on_a_phone(client, world):
    page = client.get(reverse("login")).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    response = client.post(reverse("login"), {"username": "grid1", "password": "Anjian#2024"})
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200


def test_an_english_browser_still_gets_chinese_pages_until_the_user_switches(world, client_for):
    client = client_for("county")
    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "统一社会信用代码" in page
    client.post(reverse("set_language"), {"language": "en", "next": LIST})
    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Unified social credit code" in page


def test_the_api_follows_accept_language(api_for, world):
    bad = {"credit_code": world.enterprises["mine"].credit_code[:-1] + "0"}
    url = f"/api/v1/enterprises/{world.enterprises['mine'].pk}/"
    english = api_for("county").patch(url, bad, format="json", HTTP_ACCEPT_LANGUAGE="en")
    chinese = api_for("county").patch(url, bad, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "check character" in english.data["credit_code"][0]
    assert "校验" in chinese.data["credit_code"][0]
