"""The QR code on each signboard: scanned from the printed plate, it opens the unit's public page."""

from __future__ import annotations

import pypdfium2
import pytest
import zxingcpp

from anjian.registry import signboard
from anjian.registry.models import TOKEN_ALPHABET, TOKEN_LENGTH, Enterprise


def scanned(pdf: bytes) -> list[str]:
    """What a phone reads off each printed plate: the page rasterised at about 110 dpi, then decoded."""
    document = pypdfium2.PdfDocument(pdf)
    found = []
    for page in document:
        image = page.render(scale=1.5).to_pil()
        found.append(" | ".join(r.text for r in zxingcpp.read_barcodes(image)))
    return found


def test_every_unit_has_its_own_token_that_is_not_its_id(world):
    tokens = list(Enterprise.objects.values_list("pk", "public_token"))
    assert len({t for _, t in tokens}) == len(tokens) >= 5
    for pk, token in tokens:
        assert len(token) == TOKEN_LENGTH and set(token) <= set(TOKEN_ALPHABET) and token != str(pk)


def test_the_printed_qr_code_reads_back_the_public_address(world, settings):
    settings.ANJIAN_PUBLIC_URL = "https://aj.xingguo.gov.cn/"
    shop = world.enterprises["shop"]
    expected = f"https://aj.xingguo.gov.cn/p/u/{shop.public_token}/"
    assert signboard.public_address(shop, "http://10.0.0.5/") == expected  # the setting wins over the clerk's
    assert scanned(signboard.signboard_pdf(shop, "http://10.0.0.5/")) == [expected]


def test_without_the_setting_the_code_points_where_the_clerk_printed_it(world, settings):
    settings.ANJIAN_PUBLIC_URL = ""
    units = Enterprise.objects.filter(pk__in=[world.enterprises["shop"].pk, world.enterprises["school"].pk])
    read = scanned(signboard.signboards_pdf(units.order_by("pk"), "http://anjian.local:8000/"))
    assert read == [f"http://anjian.local:8000/p/u/{u.public_token}/" for u in units.order_by("pk")]


def test_the_detail_page_tells_the_clerk_where_the_code_points(client, world, settings):
    settings.ANJIAN_PUBLIC_URL = "https://aj.xingguo.gov.cn"
    client.force_login(world.users["county"])
    shop = world.enterprises["shop"]
    page = client.get(f"/registry/enterprises/{shop.pk}/")
    assert f"https://aj.xingguo.gov.cn/p/u/{shop.public_token}/" in page.content.decode()


@pytest.mark.parametrize("bulk", [False, True])
def test_new_units_get_a_token_however_they_are_created(world, bulk):
    fields = {"name": "新开五金店", "region": world.regions["360732104000"], "sector": world.sectors["fireworks"]}
    if bulk:
        unit = Enterprise.objects.bulk_create([Enterprise(**fields)])[0]
    else:
        unit = Enterprise.objects.create(**fields)
    unit.refresh_from_db()
    assert len(unit.public_token) == TOKEN_LENGTH
