import pytest
from django.core.exceptions import ValidationError

from anjian.registry import services
from anjian.registry.models import Enterprise


def test_high_risk_follows_sector_or_activity(world):
    assert world.enterprises["mine"].high_risk is True
    assert world.enterprises["school"].high_risk is False
    trade = Enterprise.objects.create(
        name="兴国县某冶炼厂", region=world.regions["gx_village"], sector=world.sectors["industry_trade"]
    )
    assert trade.high_risk is False
    services.save_enterprise(trade, {"high_risk_activity": "metal_smelting"})
    trade.refresh_from_db()
    assert trade.high_risk is True


def test_responsible_unit_is_department_or_town_government(world):
    assert world.enterprises["shop"].responsible_unit == "高兴镇人民政府"
    assert world.enterprises["mine"].responsible_unit == "兴国县应急管理局"


def test_duplicate_credit_code_is_refused(world):
    dup = Enterprise(
        name="重复",
        region=world.regions["gx_village"],
        sector=world.sectors["fire"],
        credit_code=world.enterprises["mine"].credit_code,
    )
    with pytest.raises(ValidationError) as err:
        services.save_enterprise(dup)
    assert "credit_code" in err.value.message_dict


def test_lower_case_code_with_spaces_is_normalised(world):
    e = world.enterprises["school"]
    code = e.credit_code
    services.save_enterprise(e, {"credit_code": f" {code.lower()} "})
    e.refresh_from_db()
    assert e.credit_code == code


def test_grid_outside_region_is_refused(world):
    e = world.enterprises["mine"]  # in 高兴镇
    with pytest.raises(ValidationError) as err:
        services.save_enterprise(e, {"grid": world.regions["lj_grid1"]})
    assert "grid" in err.value.message_dict


def test_resolve_responsible_unit_accepts_codes_and_names(world):
    assert services.resolve_responsible_unit("yingji")[0] == world.departments["yingji"]
    assert services.resolve_responsible_unit("高兴镇人民政府")[1] == world.regions["360732104000"]
    with pytest.raises(ValidationError):
        services.resolve_responsible_unit("不存在的单位")


def test_enterprises_in_a_town_include_its_villages(world):
    names = set(services.enterprises_in(world.regions["360732104000"]).values_list("name", flat=True))
    assert names == {"王国平烟花爆竹零售店", "兴国县某某矿业有限公司"}


def test_every_change_is_recorded_with_before_and_after(world):
    e = world.enterprises["mine"]
    services.save_enterprise(e, {"principal": "张三"})
    latest, previous = e.history.all()[:2]
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("principal", "李四", "张三")]
