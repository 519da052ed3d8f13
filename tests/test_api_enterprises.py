"""The enterprises API as an integrator uses it: log in, filter, page, write, fail politely, download."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from anjian.core.testing import PASSWORD, make_credit_code
from anjian.registry.models import Enterprise

pytestmark = pytest.mark.django_db

GAOXING_TOWN = "360732104000"
GAOXING_VILLAGE = "360732104201"
LIANJIANG_VILLAGE = "360732100001"


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {e["name"] for e in response.json()["results"]}


# --- Authentication ---------------------------------------------------------------------------


def test_token_login_and_token_header(world):
    api = APIClient()
    response = api.post("/api/v1/auth/token/", {"username": "gaoxing", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert names(api.get("/api/v1/enterprises/")) == {"王国平烟花爆竹零售店", "兴国县某某矿业有限公司"}


def test_token_login_with_a_wrong_password_is_400(world):
    response = APIClient().post("/api/v1/auth/token/", {"username": "gaoxing", "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_session_authentication_works(world, client_for):
    client = client_for("grid1")
    assert names(client.get("/api/v1/enterprises/")) == {"潋江镇城南安置房项目"}


# --- Reading and filtering ----------------------------------------------------------------------


def test_detail_fields_follow_the_glossary(api_for, world):
    shop = world.enterprises["shop"]
    data = api_for("county").get(f"/api/v1/enterprises/{shop.pk}/").json()
    assert data["region"] == GAOXING_VILLAGE
    assert data["sector"] == "fireworks"
    assert data["high_risk"] is True
    assert data["responsible_unit"] == "高兴镇人民政府"
    assert data["principal"] == "王国平"
    assert data["principal_phone"] == "13907971001"
    assert data["liaison_leader_phone"] == "13907971002"
    assert data["responsible_cadre"] == "康富春"
    assert data["credit_code"] is None
    mine = api_for("county").get(f"/api/v1/enterprises/{world.enterprises['mine'].pk}/").json()
    assert mine["responsible_unit"] == "兴国县应急管理局"
    site = api_for("county").get(f"/api/v1/enterprises/{world.enterprises['site'].pk}/").json()
    assert site["grid"] == "360732100001001"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"region": GAOXING_TOWN}, {"shop", "mine"}),  # a town's code matches its villages
        ({"region": "360732000000"}, {"shop", "mine", "site", "school", "park_chem"}),  # the county
        ({"region": "360732100001001"}, {"site"}),  # a grid code matches its grid
        ({"sector": "fireworks"}, {"shop"}),
        ({"sector": ["fireworks", "school"]}, {"shop", "school"}),
        ({"status": "operating"}, {"shop", "mine", "site", "school", "park_chem"}),
        ({"status": "closed"}, set()),
        ({"search": "矿业"}, {"mine"}),
        ({"search": "王国平"}, {"shop"}),  # principal
        ({"search": make_credit_code(10000003)[:12]}, {"site", "school", "mine", "park_chem"}),
        ({"search": make_credit_code(10000003)}, {"school"}),
        ({"high_risk": "true"}, {"shop", "mine", "site", "park_chem"}),
        ({"high_risk": "false"}, {"school"}),
        ({"responsible_department": "yingji"}, {"mine", "park_chem"}),
        ({"kind": "enterprise"}, {"shop", "mine", "site", "school", "park_chem"}),
        ({"region": GAOXING_TOWN, "sector": "non_coal_mine"}, {"mine"}),
    ],
)
def test_filters(api_for, world, query, expected):
    response = api_for("county").get("/api/v1/enterprises/", query)
    assert names(response) == {world.enterprises[k].name for k in expected}
    assert response.json()["count"] == len(expected)


def test_filters_stay_inside_the_jurisdiction(api_for, world):
    assert names(api_for("gaoxing").get("/api/v1/enterprises/", {"region": "360732000000"})) == {
        world.enterprises["shop"].name,
        world.enterprises["mine"].name,
    }
    assert names(api_for("gaoxing").get("/api/v1/enterprises/", {"region": LIANJIANG_VILLAGE})) == set()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"region": "999999999999"}, "region"),
        ({"region": "abc\x00"}, "region"),
        ({"sector": "no_such_sector"}, "sector"),
        ({"status": "bankrupt"}, "status"),
        ({"responsible_department": "nobody"}, "responsible_department"),
        ({"search": "a\x00b"}, "search"),
    ],
)
def test_bad_filters_are_400_keyed_by_filter(api_for, world, query, field):
    response = api_for("county").get("/api/v1/enterprises/", query)
    assert response.status_code == 400
    assert field in response.json()


def test_pagination_has_count_and_results(api_for, world):
    api = api_for("county")
    first = api.get("/api/v1/enterprises/", {"page_size": 2}).json()
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["next"] and first["previous"] is None
    last = api.get("/api/v1/enterprises/", {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1
    assert api.get("/api/v1/enterprises/", {"page": "abc"}).status_code == 404
    assert api.get("/api/v1/enterprises/", {"page": 99}).status_code == 404
    assert api.get("/api/v1/enterprises/", {"page_size": "lots"}).status_code == 200


def _list_queries(api, page_size: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get("/api/v1/enterprises/", {"page_size": page_size, "region": GAOXING_TOWN})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size
    return len(ctx.captured_queries)


@pytest.mark.parametrize("username", ["county", "yingji", "gaoxing"])
def test_list_queries_do_not_grow_with_the_page_size(api_for, world, username):
    shop = world.enterprises["shop"]
    for i in range(60):
        Enterprise.objects.create(
            name=f"烟花爆竹零售店{i:02d}",
            region=shop.region,
            sector=shop.sector,
            responsible_town=shop.responsible_town,
            responsible_department=None,
        )
    api = api_for(username)
    _list_queries(api, 5)  # warm up: the token and the role assignments are fetched alike each time
    assert _list_queries(api, 5) == _list_queries(api, 50)


# --- Writing --------------------------------------------------------------------------------


def test_create_a_shop_under_the_town_government(api_for, world):
    payload = {
        "name": "李明烟花爆竹零售店",
        "kind": "individual",
        "region": GAOXING_VILLAGE,
        "sector": "fireworks",
        "principal": "李明",
        "principal_phone": "13907972001",
        "responsible_unit": "高兴镇人民政府",
        "liaison_leader": "周甘华",
        "liaison_leader_phone": "0797-5322110",
        "responsible_cadre": "康富春",
        "responsible_cadre_phone": "13907971003",
    }
    response = api_for("gaoxing").post("/api/v1/enterprises/", payload, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["responsible_unit"] == "高兴镇人民政府"
    assert data["high_risk"] is True
    assert data["region"] == GAOXING_VILLAGE
    enterprise = Enterprise.objects.get(pk=data["id"])
    assert enterprise.responsible_town.code == GAOXING_TOWN
    assert enterprise.history.latest().history_user.username == "gaoxing"  # the audit trail knows who


def test_create_with_a_department_and_a_lower_case_credit_code(api_for, world):
    code = make_credit_code(20000001)
    response = api_for("yingji").post(
        "/api/v1/enterprises/",
        {
            "name": "某化工公司",
            "credit_code": f" {code.lower()} ",
            "region": GAOXING_VILLAGE,
            "sector": "hazardous_chemicals",
            "responsible_unit": "yingji",
            "staff_count": 120,
            "above_scale": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["credit_code"] == code
    assert response.json()["responsible_unit"] == "兴国县应急管理局"


def test_patch_changes_only_the_fields_sent(api_for, world):
    shop = world.enterprises["shop"]
    before = api_for("gaoxing").get(f"/api/v1/enterprises/{shop.pk}/").json()
    response = api_for("gaoxing").patch(
        f"/api/v1/enterprises/{shop.pk}/", {"principal_phone": "13907979999"}, format="json"
    )
    assert response.status_code == 200, response.content
    after = response.json()
    assert after["principal_phone"] == "13907979999"
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"principal_phone", "updated_at"}


def test_put_replaces_and_can_clear_the_responsible_unit(api_for, world):
    mine = world.enterprises["mine"]
    response = api_for("county").put(
        f"/api/v1/enterprises/{mine.pk}/",
        {
            "name": "兴国县某某矿业有限公司",
            "region": GAOXING_VILLAGE,
            "sector": "non_coal_mine",
            "responsible_unit": "",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["responsible_unit"] == ""


@pytest.mark.parametrize(
    ("payload", "field", "fragment"),
    [
        ({"credit_code": make_credit_code(1)[:17] + "0"}, "credit_code", make_credit_code(1)[17]),
        ({"credit_code": "12345"}, "credit_code", "18"),
        ({"credit_code": make_credit_code(10000001)}, "credit_code", ""),  # already the mine's
        ({"principal_phone": "12345"}, "principal_phone", "0797-5322110"),
        ({"liaison_leader_phone": "abc"}, "liaison_leader_phone", ""),
        ({"region": "360732000000"}, "region", ""),  # the county is not a town or village
        ({"region": "360732100001001"}, "region", ""),  # nor is a grid
        ({"region": "nowhere"}, "region", "nowhere"),
        ({"region": ["360732104201"]}, "region", ""),
        ({"grid": "360732100001001"}, "grid", ""),  # a grid of another village
        ({"grid": "000"}, "grid", ""),
        ({"sector": "mining"}, "sector", "mining"),
        ({"responsible_unit": "某某局"}, "responsible_unit", "某某局"),
        ({"status": "bankrupt"}, "status", ""),
        ({"staff_count": -1}, "staff_count", ""),
        ({"staff_count": 10**30}, "staff_count", ""),
        ({"staff_count": "many"}, "staff_count", ""),
        ({"name": "x" * 100_000}, "name", ""),
        ({"name": ""}, "name", ""),
        ({"name": {"zh": "名字"}}, "name", ""),
        ({"name": "a\x00b"}, "name", ""),
        ({"above_scale": "maybe"}, "above_scale", ""),
    ],
)
def test_invalid_input_is_400_keyed_by_field(api_for, world, payload, field, fragment):
    shop = world.enterprises["shop"]
    response = api_for("county").patch(f"/api/v1/enterprises/{shop.pk}/", payload, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert fragment in " ".join(errors[field])


def test_the_check_character_message_names_the_right_character(api_for, world):
    good = make_credit_code(30000001)
    wrong = good[:17] + ("1" if good[17] != "1" else "2")
    response = api_for("county").post(
        "/api/v1/enterprises/",
        {"name": "某公司", "credit_code": wrong, "region": GAOXING_VILLAGE, "sector": "industry_trade"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert f"should be {good[17]}" in response.json()["credit_code"][0]


def test_create_needs_name_region_and_sector(api_for, world):
    response = api_for("county").post("/api/v1/enterprises/", {}, format="json")
    assert response.status_code == 400
    assert {"name", "region", "sector"} <= set(response.json())


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ("[1, 2, 3]", "application/json"),
        ('"just a string"', "application/json"),
        ("null", "application/json"),
        ('{"name": NaN}', "application/json"),
        ("\xff\xfe", "application/json"),
        ("name=x", "text/plain"),
    ],
)
def test_malformed_bodies_never_answer_500(api_for, world, body, content_type):
    response = api_for("county").post("/api/v1/enterprises/", body, content_type=content_type)
    assert 400 <= response.status_code < 500
    assert response.status_code != 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/enterprises/abc/",
        "/api/v1/enterprises/999999999999999999/",
        "/api/v1/enterprises/0/",
        "/api/v1/regions/%00/",
        "/api/v1/regions/999999999999/",
        "/api/v1/sectors/%E7%83%9F/",
    ],
)
def test_unknown_records_are_404(api_for, world, url):
    assert api_for("county").get(url).status_code == 404


# --- Files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["signboard.pdf/", "signboard.pdf"])
def test_signboard_pdf(api_for, world, suffix):
    shop = world.enterprises["shop"]
    response = api_for("qiye1").get(f"/api/v1/enterprises/{shop.pk}/{suffix}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def _workbook_text(content: bytes) -> str:
    from openpyxl import load_workbook

    assert content.startswith(b"PK")
    book = load_workbook(io.BytesIO(content))
    return "\n".join(str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value)


@pytest.mark.parametrize("suffix", ["signboards.xlsx/", "signboards.xlsx"])
def test_signboards_xlsx_follows_the_list_filters(api_for, world, suffix):
    response = api_for("county").get(f"/api/v1/enterprises/{suffix}", {"sector": "fireworks", "region": GAOXING_TOWN})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert response["Content-Disposition"].startswith("attachment;")
    text = _workbook_text(response.content)
    assert "烟花爆竹安全生产责任公示牌" in text
    assert "王国平烟花爆竹零售店" in text
    assert "兴国县某某矿业有限公司" not in text


def test_signboards_xlsx_of_several_sectors_has_the_plain_title(api_for, world):
    response = api_for("county").get("/api/v1/enterprises/signboards.xlsx/", {"sector": ["fireworks", "school"]})
    assert response.status_code == 200
    text = _workbook_text(response.content)
    assert "安全生产责任公示牌" in text
    assert "烟花爆竹安全生产责任公示牌" not in text


def test_signboards_xlsx_stays_inside_the_jurisdiction(api_for, world):
    response = api_for("grid1").get("/api/v1/enterprises/signboards.xlsx/")
    assert response.status_code == 200
    text = _workbook_text(response.content)
    assert "潋江镇城南安置房项目" in text
    assert "王国平烟花爆竹零售店" not in text


@pytest.mark.parametrize("suffix", ["export.xlsx/", "export.xlsx"])
def test_export_xlsx(api_for, world, suffix):
    response = api_for("gaoxing").get(f"/api/v1/enterprises/{suffix}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = _workbook_text(response.content)
    assert "王国平烟花爆竹零售店" in text
    assert "潋江镇第二小学" not in text


def test_file_endpoints_refuse_bad_filters_with_400(api_for, world):
    response = api_for("county").get("/api/v1/enterprises/signboards.xlsx/", {"region": "999"})
    assert response.status_code == 400
    assert "region" in response.json()
