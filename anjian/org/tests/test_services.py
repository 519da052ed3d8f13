import pytest

from anjian.org import services
from anjian.org.choices import RegionKind, RegionLevel
from anjian.org.models import Region, Sector


@pytest.mark.django_db
def test_reference_regions_load_with_real_codes_and_kinds():
    regions = services.load_regions()
    county = regions["360732000000"]
    assert county.name == "兴国县" and county.level == RegionLevel.COUNTY
    towns = Region.objects.filter(parent=county, level=RegionLevel.TOWN)
    assert towns.count() == 26  # 25 townships and the industrial park
    assert regions["360732104000"].government_name == "高兴镇人民政府"
    assert regions["360732200000"].kind == RegionKind.TOWNSHIP  # 兴江乡
    assert regions["360732400000"].kind == RegionKind.PARK
    assert regions["360732104000"].path == "360000000000/360700000000/360732000000/360732104000/"


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    services.load_regions()
    services.load_sectors()
    before = (Region.objects.count(), Sector.objects.count())
    services.load_regions()
    services.load_sectors()
    assert (Region.objects.count(), Sector.objects.count()) == before == (29, 15)


@pytest.mark.django_db
def test_high_risk_sectors_follow_the_reference():
    services.load_sectors()
    high = set(Sector.objects.filter(high_risk=True).values_list("code", flat=True))
    assert high == {"construction", "non_coal_mine", "hazardous_chemicals", "fireworks", "civil_explosives"}


@pytest.mark.django_db
def test_a_village_must_hang_under_a_town():
    regions = services.load_regions()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.add_region(regions["360732000000"], "360732000201", "错挂村", RegionLevel.VILLAGE, RegionKind.VILLAGE)
