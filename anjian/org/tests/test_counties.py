"""More than one county: each county's office and departments see their own county, the offices of the city and
the province everything below them, and the region pickers offer a user's own jurisdiction only."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from anjian.core.testing import VISIBLE_IN_TWO_COUNTIES, XINGGUO, YUDU, build_second_county
from anjian.org import areas
from anjian.org.choices import Authority, RegionLevel, Role
from anjian.org.jurisdiction import authority, counties, outranks_or_equals, restrict
from anjian.org.models import Region, RoleAssignment
from anjian.registry.models import Enterprise


@pytest.mark.parametrize("username", sorted(VISIBLE_IN_TWO_COUNTIES))
def test_each_user_sees_exactly_their_enterprises_of_the_two_counties(two_counties, username):
    visible = set(restrict(two_counties.users[username], Enterprise.objects.all()).values_list("pk", flat=True))
    assert {k for k, e in two_counties.enterprises.items() if e.pk in visible} == VISIBLE_IN_TWO_COUNTIES[username]


def test_a_department_does_not_see_its_namesake_s_county(two_counties):
    """兴国县应急管理局 and 于都县应急管理局 supervise the same sectors: each only in its own county."""
    from anjian.hazards import services as hazards
    from anjian.hazards.models import Hazard

    w = two_counties
    hazards.register_hazard(w.users["yd_town"], w.enterprises["yd_shop"], description="库存超量", source="supervision")
    hazards.register_hazard(w.users["gaoxing"], w.enterprises["shop"], description="库存超量", source="supervision")
    seen = {u: set(restrict(w.users[u], Hazard.objects.all()).values_list("unit__name", flat=True)) for u in w.users}
    assert seen["yingji"] == {"王国平烟花爆竹零售店"} and seen["yd_yingji"] == {"于都县贡江烟花爆竹店"}
    assert seen["county"] == {"王国平烟花爆竹零售店"} and seen["yd_office"] == {"于都县贡江烟花爆竹店"}
    assert seen["city"] == seen["province"] == {"王国平烟花爆竹零售店", "于都县贡江烟花爆竹店"}


def test_counties_of_each_user(two_counties):
    w = two_counties
    codes = {u: [c.code for c in counties(w.users[u]).order_by("code")] for u in w.users}
    assert codes["county"] == codes["gaoxing"] == codes["yingji"] == codes["qiye1"] == [XINGGUO]
    assert codes["yd_office"] == codes["yd_town"] == codes["yd_yingji"] == [YUDU]
    assert codes["city"] == codes["province"] == [YUDU, XINGGUO]
    assert codes["expert1"] == [XINGGUO]  # where the units assigned to the expert lie


def test_a_county_is_chosen_among_the_user_s_own(two_counties):
    w = two_counties
    assert areas.choose_county(w.users["province"]).code == YUDU  # the first by code when none is asked
    assert areas.choose_county(w.users["province"], XINGGUO).code == XINGGUO
    assert areas.choose_county(w.users["gaoxing"]).code == XINGGUO  # a town user's own county
    with pytest.raises(ValidationError):
        areas.choose_county(w.users["yd_office"], XINGGUO)
    choice = areas.pick_county(w.users["yd_office"], XINGGUO)
    assert choice.county.code == YUDU and choice.error and choice.counties == []  # one county: no select
    assert [c.code for c in areas.pick_county(w.users["city"]).counties] == [YUDU, XINGGUO]


def test_offices_above_the_county_act_with_the_county_s_authority(two_counties):
    """省/市安委办 hold the county office's role at a higher region: the same authority, over everything below."""
    from anjian.hazards import services as hazards

    w = two_counties
    assert authority(w.users["province"]) == authority(w.users["city"]) == Authority.COUNTY
    assert outranks_or_equals(w.users["province"], Authority.COUNTY)
    hazard = hazards.register_hazard(
        w.users["yd_town"], w.enterprises["yd_shop"], description="库存超量", source="supervision"
    )
    hazards.perform(w.users["yd_office"], hazard, "assess", grade="major", major_reason="按判定标准")
    hazard.refresh_from_db()
    hazards.perform(w.users["province"], hazard, "assess", grade="general", reason="复核")  # set by a county office
    hazard.refresh_from_db()
    assert hazard.grade == "general"
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises((PermissionDenied, ValidationError, Http404)):  # 兴国县's office: not its county
        hazards.perform(w.users["county"], hazard, "assess", grade="major", major_reason="按判定标准")


def test_the_office_is_named_by_its_level(two_counties, client_for):
    w = two_counties
    labels = {u: RoleAssignment.objects.get(user=w.users[u]).role_label for u in ("county", "city", "province")}
    assert labels == {
        "county": "县安委办",
        "city": "市安委办",
        "province": "省安委办",
    }
    assert "省安委办" in client_for("province").get(reverse("org:my_account")).content.decode()
    office = RoleAssignment(user=w.users["gaoxing"], role=Role.COUNTY_OFFICE, region=w.regions["360732104000"])
    with pytest.raises(ValidationError):
        office.full_clean()


def options(user, selected=None, deepest=RegionLevel.VILLAGE) -> list[str]:
    chosen = Region.objects.get(code=selected) if selected else None
    return [code for code, _label in areas.region_choices(user, chosen, deepest)]


def test_a_town_user_s_filter_does_not_grow_with_the_counties(world):
    before = options(world.users["gaoxing"])
    build_second_county(world)
    after = options(world.users["gaoxing"])
    assert before == after == ["360732104000", "360732104201"]  # 高兴镇 (whole town) and its village


def test_a_county_office_is_offered_its_towns_and_a_town_s_villages_on_demand(two_counties):
    user = two_counties.users["county"]
    offered = options(user)
    towns = Region.objects.filter(level=RegionLevel.TOWN, path__startswith=two_counties.regions[XINGGUO].path)
    assert offered == [XINGGUO, *towns.order_by("code").values_list("code", flat=True)]
    assert "360732100001" not in offered and "360731100000" not in offered  # no village yet; no town of 于都县
    chosen = options(user, "360732100000")  # 潋江镇 chosen: its village is listed under it
    assert chosen.index("360732100001") == chosen.index("360732100000") + 1
    assert len(chosen) == len(offered) + 1


def test_an_office_above_the_county_is_offered_counties_then_a_county_s_towns(two_counties):
    user = two_counties.users["province"]
    assert options(user) == ["360000000000", "360700000000", YUDU, XINGGUO]
    assert options(user, "360731100000") == [
        "360000000000",
        "360700000000",
        YUDU,
        "360731100000",
        "360731100001",
        "360731104000",
        XINGGUO,
    ]
    assert options(user, None, RegionLevel.TOWN) == ["360000000000", "360700000000", YUDU, XINGGUO]


def test_the_filter_fetches_a_town_s_villages_as_it_changes(two_counties, client_for):
    client = client_for("county")
    select = region_select(client.get(reverse("registry:enterprise_list")).content.decode())
    assert reverse("org:region_options") in select and 'hx-target="this"' in select
    assert (
        "潋江镇" in select and "贡江镇" not in select and "城南社区" not in select
    )  # a village once its town is chosen
    answer = client.get(reverse("org:region_options"), {"field": "region", "region": "360732100000"})
    body = answer.content.decode()
    assert answer.status_code == 200 and "城南社区" in body and 'value="360732100000" selected' in body
    assert "贡江镇" not in body
    listed = client.get(reverse("registry:enterprise_list"), {"region": "360732100000"}).content.decode()
    assert "城南社区" in region_select(listed)  # without script: the submitted page lists the chosen town's villages


def region_select(html: str) -> str:
    return re.search(r'<select name="region".*?</select>', html, re.S).group(0)


def test_region_tree_and_departments_show_one_county_at_a_time(two_counties, client_for):
    yudu = client_for("yd_office").get(reverse("org:region_tree"))
    assert [n.region.name for n in yudu.context["roots"]] == ["于都县"]
    assert "兴国县" not in yudu.content.decode() and 'name="county"' not in yudu.content.decode()
    province = client_for("province")
    page = province.get(reverse("org:region_tree"), {"county": XINGGUO})
    assert [n.region.name for n in page.context["roots"]] == ["兴国县"] and 'name="county"' in page.content.decode()
    assert page.context["roots"][0].count == 5  # the office of the province sees 兴国县's five units
    departments = province.get(reverse("org:department_list"), {"county": YUDU}).content.decode()
    assert "于都县应急管理局" in departments and "兴国县应急管理局" not in departments
    refused = client_for("yd_office").get(reverse("org:department_list"), {"county": XINGGUO})
    assert refused.status_code == 400 and "兴国县应急管理局" not in refused.content.decode()


def test_the_unit_list_offers_the_departments_of_the_user_s_own_county(two_counties, client_for):
    """The responsible-department filter of the unit list: 于都县's office sees its departments, not 兴国县's; the
    province office (a hundred counties in a province) none of the counties'."""
    options = re.compile(r'<select[^>]*name="responsible_department"[^>]*>(.*?)</select>', re.S)
    yudu = options.search(client_for("yd_office").get(reverse("registry:enterprise_list")).content.decode()).group(1)
    assert "于都县应急管理局" in yudu and "兴国县应急管理局" not in yudu
    province = client_for("province").get(reverse("registry:enterprise_list")).content.decode()
    chosen = options.search(province).group(1)
    assert "于都县应急管理局" not in chosen and "兴国县应急管理局" not in chosen
