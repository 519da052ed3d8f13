"""The public register of typical enforcement cases (高府发〔2023〕14号 三（二）3): names and numbers masked (a property
over random names in random text), the county office's review by a second person, the refusals, the public pages that
show only what is published, attachment 4's 公布典型执法案例 cells counting published cases, and the API's answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from anjian.campaigns.dispatch import CELLS
from anjian.core import figures
from anjian.core.figures import Frame
from anjian.core.testing import make_user
from anjian.inspections import services as inspections
from anjian.org.choices import Role
from anjian.public.choices import CaseState
from anjian.public.masking import Secrets, leaks, mask, mask_names, mask_numbers, names_in, usable_names
from anjian.public.models import CasePublication
from anjian.public.rules import Refused
from anjian.public.services import cases

from .conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

DESCRIPTION = "主要负责人王国平未组织隐患排查，挂点领导周甘华联系电话13907971001，现场仓库超量储存烟花爆竹。"
DAY = dt.date(2024, 7, 1)


@pytest.fixture
def action(world):
    """A fine on 王国平烟花爆竹零售店 (both punished), decided by 应急局 and reported to the county office as typical."""
    yingji = world.users["yingji"]
    made = inspections.record_action(yingji, unit=world.enterprises["shop"], kind="penalty", decided_on=DAY,
                                     description=DESCRIPTION, target="both", unit_amount_wan="2",
                                     principal_amount_wan="0.5")  # fmt: skip
    return inspections.mark_typical(yingji, made, reported_on=dt.date(2024, 7, 3))


@pytest.fixture
def drafted(world, action):
    publication = cases.draft(world.users["yingji"], action)
    return cases.edit(world.users["yingji"], publication, basis="依据《中华人民共和国安全生产法》第一百零二条。")


def published(world, publication):
    return cases.publish(world.users["county"], publication)


# --- masking ---------------------------------------------------------------------------------------------------


def test_a_name_keeps_its_surname_and_numbers_keep_their_ends():
    text = "张三、欧阳修明和李四在王国平烟花爆竹零售店，张三手机13812345678，身份证36073219800101001X，座机0797-5322110"
    masked = mask(text, Secrets(("张三", "欧阳修明", "李四", "王国平"), ("0797-5322110",), ("王国平烟花爆竹零售店",)))
    assert masked == (
        "张某、欧阳某和李某在王国平烟花爆竹零售店，张某手机138****5678，身份证360732********001X，座机079*-***2110"
    )


def test_a_unit_named_after_its_principal_keeps_its_name_but_the_person_is_masked():
    secrets = Secrets(("王国平",), (), ("王国平烟花爆竹零售店",))
    text = "王国平烟花爆竹零售店的负责人王国平"
    assert mask(text, secrets) == "王国平烟花爆竹零售店的负责人王某"
    assert leaks(text, secrets) == ["王国平"] and leaks(mask(text, secrets), secrets) == []


def test_what_is_no_name_is_left_alone():
    assert usable_names(["王", "county", "张三、李四", "王某", ""]) == ["张三", "李四"]
    assert mask_numbers("编号2024013812345678901，信用代码913607321000000014", keep=["913607321000000014"]) == (
        "编号2024013812345678901，信用代码913607321000000014"
    )


HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E20)  # few characters: names overlap often
NAMES = st.lists(st.text(HAN, min_size=2, max_size=4), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(names=NAMES, filler=st.lists(st.text(st.sampled_from("某，。的和与张欧阳 1"), max_size=3), max_size=8),
       data=st.data())  # fmt: skip
def test_no_name_remains_in_any_text(names, filler, data):
    pieces = [data.draw(st.sampled_from(names + filler + ["某"])) for _ in range(data.draw(st.integers(0, 12)))]
    text = "".join(pieces)
    masked = mask_names(text, names)
    assert names_in(masked, names) == []
    assert not any(name in masked for name in usable_names(names))
    assert len(masked) <= len(text)


# --- drafting ----------------------------------------------------------------------------------------------------


def test_the_draft_is_written_from_the_case_with_names_masked(world, action):
    publication = cases.draft(world.users["yingji"], action)
    assert publication.state == CaseState.DRAFT and publication.county.name == "兴国县"
    assert len(publication.slug) == 10 and publication.slug != str(publication.pk)
    assert "王国平烟花爆竹零售店" in publication.title
    facts = publication.facts
    assert "王某" in facts and "周某" in facts and "139****1001" in facts and "兴国县应急管理局" in facts
    assert "王国平未" not in facts and "周甘华" not in facts and "13907971001" not in facts
    assert "2" in publication.outcome and "0.5" in publication.outcome
    assert publication.history.count() == 1


def test_only_a_typical_case_within_ones_jurisdiction_is_drafted_once(world, action):
    plain = inspections.record_action(world.users["yingji"], unit=world.enterprises["mine"], kind="admonition",
                                      decided_on=DAY, description="约谈主要负责人")  # fmt: skip
    with pytest.raises(Refused) as refused:
        cases.draft(world.users["county"], plain)
    assert "action" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        cases.draft(world.users["qiye1"], action)  # the unit itself
    with pytest.raises(PermissionDenied):
        cases.draft(world.users["leader"], action)  # reads, does not draft
    cases.draft(world.users["gaoxing"], action)  # the town the shop lies in
    with pytest.raises(Refused):
        cases.draft(world.users["county"], action)


def test_an_edit_masks_what_it_knows_and_says_so(world, drafted):
    edited = cases.edit(world.users["yingji"], drafted, facts="王国平拒不整改，手机13812345678。")
    assert edited.facts == "王某拒不整改，手机138****5678。"
    assert edited.masked == [("王国平", "王某")] and edited.edited_by == world.users["yingji"]
    with pytest.raises(Refused) as refused:
        cases.edit(world.users["yingji"], drafted, title="", facts="事" * 2001)
    assert set(refused.value.message_dict) == {"title", "facts"}


# --- review and publication -------------------------------------------------------------------------------------


def test_the_county_office_publishes_a_draft_someone_else_wrote(world, drafted):
    publication = published(world, drafted)
    assert publication.state == CaseState.PUBLISHED and publication.published_by == world.users["county"]
    assert publication.published_at == NOW


def test_no_author_of_the_text_publishes_it(world, action):
    county = world.regions["360732000000"]
    author = world.users["county"]
    publication = cases.draft(author, action, basis="依据《中华人民共和国安全生产法》第一百零二条。")
    with pytest.raises(Refused):
        cases.publish(author, publication)
    colleague = make_user("county2", Role.COUNTY_OFFICE, region=county)
    cases.edit(colleague, publication, outcome="一案双罚。")  # the last editor wrote it too
    for who in (author, colleague):
        with pytest.raises(Refused):
            cases.publish(who, publication)
    reviewer = make_user("county3", Role.COUNTY_OFFICE, region=county)
    assert cases.publish(reviewer, publication).state == CaseState.PUBLISHED


def test_only_the_county_office_of_the_cases_county_publishes(two_counties, drafted):
    world = two_counties
    for username in ("gaoxing", "yingji", "leader", "yd_office", "city"):
        with pytest.raises(PermissionDenied):
            cases.publish(world.users[username], drafted)
    assert CasePublication.objects.get().state == CaseState.DRAFT


def test_a_name_or_number_still_in_the_text_refuses_publication(world, drafted):
    shop = world.enterprises["shop"]
    cases.edit(world.users["yingji"], drafted, facts="现场负责人赵六拒绝检查。")
    shop.responsible_cadre = "赵六"  # the unit's record names him later: now the service knows him
    shop.save()
    CasePublication.objects.filter(pk=drafted.pk).update(basis="举报人电话13812345678，身份证360732198001010011")
    with pytest.raises(Refused) as refused:
        published(world, drafted)
    errors = refused.value.message_dict
    assert (
        "赵六" in errors["facts"][0]
        and "13812345678" in errors["basis"][0]
        and "360732198001010011" in errors["basis"][0]
    )
    assert CasePublication.objects.get().state == CaseState.DRAFT


def test_withdrawn_with_a_reason_and_drafted_again(world, drafted):
    publication = published(world, drafted)
    with pytest.raises(Refused) as refused:
        cases.withdraw(world.users["county"], publication, "  ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        cases.withdraw(world.users["yingji"], publication, "错误")
    withdrawn = cases.withdraw(world.users["county"], publication, "处罚决定被复议撤销")
    assert withdrawn.state == CaseState.WITHDRAWN and withdrawn.withdrawal_reason == "处罚决定被复议撤销"
    again = cases.edit(world.users["yingji"], withdrawn, outcome="处理结果：重新作出处罚决定。")
    assert again.state == CaseState.DRAFT and again.published_by is None
    assert [h.state for h in again.history.order_by("history_id")][-3:] == ["published", "withdrawn", "draft"]


# --- the public pages --------------------------------------------------------------------------------------------


def test_nothing_unpublished_is_ever_on_the_public_pages(world, drafted):
    public = Client()
    case_url = reverse("public:case", args=[drafted.slug])
    assert public.get(case_url).status_code == 404
    assert drafted.title not in public.get(reverse("public:cases")).content.decode()
    published(world, drafted)
    page = public.get(case_url)
    text = page.content.decode()
    assert page.status_code == 200 and drafted.title in text and "王某" in text
    for secret in ("周甘华", "13907971001", "yingji", "county"):  # nor who drafted or reviewed it
        assert secret not in text
    assert drafted.title in public.get(reverse("public:cases")).content.decode()
    cases.withdraw(world.users["county"], drafted, "处罚决定被复议撤销")
    assert public.get(case_url).status_code == 404
    assert drafted.title not in public.get(reverse("public:cases")).content.decode()
    assert public.get(reverse("public:case", args=["nosuchcase"])).status_code == 404


def test_the_public_list_filters_by_year_and_by_the_crime(world, drafted):
    published(world, drafted)
    public = Client()
    listed = public.get(reverse("public:cases"), {"year": "2024"}).content.decode()
    assert drafted.title in listed and "典型执法案例" in listed and 'lang="zh-CN"' in listed
    assert drafted.title not in public.get(reverse("public:cases"), {"crime": "1"}).content.decode()
    assert public.get(reverse("public:cases"), {"year": "1999"}).status_code == 400
    assert public.get(reverse("public:cases"), {"page": "x"}).status_code == 200
    assert reverse("public:cases") in public.get(reverse("public:report")).content.decode()  # the footer's link


# --- the staff pages --------------------------------------------------------------------------------------------


def test_drafting_from_the_typical_cases_page_shows_the_masked_names(world, action, client_for):
    client = client_for("yingji")
    typical = client.get(reverse("inspections:typical")).content.decode()
    draft_url = reverse("public:case_draft", args=[action.pk])
    assert draft_url in typical
    form = client.get(draft_url)
    assert form.status_code == 200 and "王国平 → 王某" in form.content.decode()
    data = {k: v for k, v in form.context["form"].initial.items()} | {"facts": "王国平拒不整改。"}
    saved = client.post(draft_url, data, follow=True)
    publication = CasePublication.objects.get()
    assert publication.facts == "王某拒不整改。" and publication.drafted_by == world.users["yingji"]
    assert "王国平 → 王某" in saved.content.decode()
    listed = client.get(reverse("public:case_list"), {"state": "draft"}).content.decode()
    assert publication.title in listed
    assert publication.title not in client.get(reverse("public:case_list"), {"state": "published"}).content.decode()
    assert client_for("qiye1").get(draft_url).status_code == 403


def test_the_office_publishes_and_withdraws_from_the_page(world, drafted, client_for):
    client = client_for("county")
    detail = reverse("public:case_detail", args=[drafted.pk])
    page = client.get(detail).content.decode()
    assert "data-confirm" in page and reverse("public:case_publish", args=[drafted.pk]) in page
    assert client.post(reverse("public:case_publish", args=[drafted.pk])).status_code == 302
    assert client.post(reverse("public:case_withdraw", args=[drafted.pk]), {"reason": ""}).status_code == 400
    assert client.post(reverse("public:case_withdraw", args=[drafted.pk]), {"reason": "撤销"}).status_code == 302
    assert CasePublication.objects.get().state == CaseState.WITHDRAWN
    assert client_for("gaoxing").post(reverse("public:case_publish", args=[drafted.pk])).status_code == 403


def test_a_refused_publication_says_why_on_the_page(world, drafted, client_for):
    CasePublication.objects.filter(pk=drafted.pk).update(outcome="")
    response = client_for("county").post(reverse("public:case_publish", args=[drafted.pk]))
    assert response.status_code == 400 and "refusal" in response.content.decode()


# --- attachment 4 -----------------------------------------------------------------------------------------------


def test_attachment_4_counts_the_cases_published_in_the_period(world, drafted, time_machine):
    assert CELLS["typical_cases"].figure == "public.typical_cases"
    assert CELLS["typical_dangerous"].figure == "public.typical_dangerous_operation"
    count = figures.get("public.typical_cases")
    county, gaoxing = world.users["county"], world.regions["360732104000"]
    july = Frame(county, None, None, dt.date(2024, 7, 1), dt.date(2024, 7, 31))
    assert count.value(july) == 0  # a draft is not published
    published(world, drafted)
    assert count.value(july) == 1
    assert count.value(Frame(county, gaoxing, None, july.start, july.end)) == 1  # the town it lies in
    assert count.value(Frame(county, None, world.departments["zhujian"], july.start, july.end)) == 0
    assert count.value(Frame(county, None, None, dt.date(2024, 8, 1), dt.date(2024, 8, 31))) == 0
    assert figures.get("public.typical_dangerous_operation").value(july) == 0
    cases.withdraw(county, drafted, "撤销")
    assert count.value(july) == 0


# --- the API ----------------------------------------------------------------------------------------------------

URL = "/api/v1/case-publications/"


def test_the_api_drafts_publishes_and_withdraws(world, action, api_for):
    created = api_for("yingji").post(URL, {"action": action.pk}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "draft" and "王某" in body["facts"] and body["public_url"] == ""
    assert "publish" not in body["allowed_actions"]
    pk = body["id"]
    patched = api_for("yingji").patch(f"{URL}{pk}/", {"basis": "依据《中华人民共和国安全生产法》。"}, format="json")
    assert patched.status_code == 200, patched.content
    assert "publish" in api_for("county").get(f"{URL}{pk}/").json()["allowed_actions"]
    done = api_for("county").post(f"{URL}{pk}/publish/", format="json")
    assert done.status_code == 201 and done.json()["public_url"] == f"/public/cases/{body['slug']}/"
    assert api_for("county").post(f"{URL}{pk}/withdraw/", {"reason": "撤销"}, format="json").json()["state"] == (
        "withdrawn"
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "action"),
        ({"action": "abc"}, "action"),
        ({"action": 99999999}, "action"),
        ({"action": "ACTION", "title": "题" * 121}, "title"),
        ({"action": "ACTION", "facts": "案情\u0007"}, "facts"),
    ],
)
def test_the_api_answers_bad_input_by_field(world, action, api_for, body, field):
    body = {k: action.pk if v == "ACTION" else v for k, v in body.items()}
    response = api_for("yingji").post(URL, body, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not CasePublication.objects.exists()


def test_the_api_refuses_by_field_and_scopes_by_jurisdiction(world, drafted, api_for):
    pk = drafted.pk
    assert api_for("yingji").post(f"{URL}{pk}/withdraw/", {}, format="json").status_code == 400
    author = api_for("yingji").post(f"{URL}{pk}/publish/", format="json")
    assert author.status_code == 403
    CasePublication.objects.filter(pk=pk).update(facts="负责人王国平")
    refused = api_for("county").post(f"{URL}{pk}/publish/", format="json")
    assert refused.status_code == 400 and "王国平" in refused.json()["facts"][0]
    assert api_for("county").post(f"{URL}{pk}/withdraw/", {"reason": "x"}, format="json").status_code == 400
    assert api_for("yingji").patch(f"{URL}{pk}/", {"title": ""}, format="json").json()["title"]
    assert [r["id"] for r in api_for("gaoxing").get(URL).json()["results"]] == [pk]
    assert api_for("qiye1").get(f"{URL}{pk}/").status_code == 404
    assert api_for("qiye1").get(URL).json()["results"] == []
