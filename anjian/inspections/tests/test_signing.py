"""Signing a visit record: never with unchecked items, the representative by hand (a signature pad's PNG,
not a typed name), the counters that follow each tick without a reload, and the signature on the page."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from anjian.inspections import services
from anjian.inspections.choices import ItemResult, SignerRole, VisitState
from anjian.inspections.models import Inspection
from anjian.inspections.signing import signature_from_data_url
from anjian.inspections.tests.test_services import checklist, handwritten, second_officer

UNCHECKED = "有 1 项检查内容未填写结果"


@pytest.fixture
def visit(world) -> Inspection:
    """A visit of 应急管理局 to the shop with a two-item checklist, the first item ticked."""
    made = services.create_inspection(
        world.users["yingji"],
        unit=world.enterprises["shop"],
        kind="routine",
        visit_date=timezone.localdate(),
        inspectors=[world.users["yingji"], second_officer(world)],
        checklist=checklist(world),
    )
    first = made.checklist.items.order_by("order").first()
    services.record_result(world.users["yingji"], made, result=ItemResult.PASS, item=first)
    return made


def tick_all(world, visit) -> None:
    for item in visit.checklist.items.all():
        services.record_result(world.users["yingji"], visit, result=ItemResult.FAIL, item=item, note="现场发现")


def represent(world, visit, **kw):
    fields = {"role": SignerRole.UNIT_REPRESENTATIVE, "signer_name": "王国平", "signature": handwritten()}
    return services.sign(world.users["yingji"], visit, **(fields | kw))


def data_url(upload) -> str:
    return "data:image/png;base64," + base64.b64encode(upload.read()).decode()


# --- the rules --------------------------------------------------------------------------------------------


def test_no_one_signs_while_an_item_has_no_result(world, visit):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.sign(world.users["yingji"], visit)
    message = refused.value.message_dict["results"][0]
    assert UNCHECKED in message and "电焊等人员无证上岗作业" in message  # the item still unchecked
    with pytest.raises(ValidationError) as refused:
        represent(world, visit)
    assert "results" in refused.value.message_dict
    assert not visit.signatures.exists()
    tick_all(world, visit)
    services.sign(world.users["yingji"], visit)
    assert visit.signatures.count() == 1


def test_the_representative_signs_by_hand_not_by_a_typed_name(world, visit):
    tick_all(world, visit)
    for upload, expected in (
        (None, "signs by hand"),  # a typed name alone
        (handwritten(ink=False), "pad is empty"),
        (handwritten(fmt="JPEG"), "could not be read"),  # a photo, not the pad's PNG
        (handwritten(size=(40, 20)), "could not be read"),
    ):
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            represent(world, visit, signature=upload)
        assert expected in refused.value.message_dict["signature"][0]
    with pytest.raises(ValidationError) as refused:
        represent(world, visit, signer_name="")
    assert "signer_name" in refused.value.message_dict
    assert not visit.signatures.exists()
    signature = represent(world, visit)
    assert signature.image.content_type == "image/png" and signature.signer is None
    for officer in visit.inspectors.all():
        services.sign(officer, visit)
    visit.refresh_from_db()
    assert visit.state == VisitState.SIGNED and visit.unit_representative == "王国平"


def test_the_pad_posts_a_png_data_url(world):
    assert signature_from_data_url("") is None
    for bad in ("王国平", "data:image/png;base64,***", "data:image/jpeg;base64,AAAA"):
        with pytest.raises(ValidationError) as refused:
            signature_from_data_url(bad)
        assert "signature" in refused.value.message_dict
    decoded = signature_from_data_url(data_url(handwritten()))
    assert decoded.read().startswith(b"\x89PNG")


# --- the visit page ---------------------------------------------------------------------------------------


def test_signing_too_early_shows_the_reason_beside_the_forms(world, visit, client_for):
    client = client_for("yingji")
    response = client.post(reverse("inspections:sign", args=[visit.pk]), {"role": SignerRole.INSPECTOR})
    assert response.status_code == 400
    page = response.content.decode()
    assert "sign-errors" in page and UNCHECKED in page and "电焊等人员无证上岗作业" in page
    assert not visit.signatures.exists()
    detail = client.get(reverse("inspections:detail", args=[visit.pk])).content.decode()
    assert 'id="sign-readiness"' in detail and "1 项检查内容未填写结果" in detail


def test_a_typed_name_alone_is_refused_on_the_page(world, visit, client_for):
    tick_all(world, visit)
    sign = reverse("inspections:sign", args=[visit.pk])
    response = client_for("yingji").post(sign, {"role": SignerRole.UNIT_REPRESENTATIVE, "signer_name": "王国平"})
    assert response.status_code == 400 and "签名板上手写签名" in response.content.decode()
    assert not visit.signatures.exists()


def test_the_handwritten_signature_is_signed_and_shown(world, visit, client_for):
    tick_all(world, visit)
    client = client_for("yingji")
    sign = reverse("inspections:sign", args=[visit.pk])
    page = client.get(reverse("inspections:detail", args=[visit.pk])).content.decode()
    assert "data-signature-pad" in page and "signature-pad.js" in page
    response = client.post(
        sign,
        {"role": SignerRole.UNIT_REPRESENTATIVE, "signer_name": "王国平", "signature": data_url(handwritten())},
    )
    assert response.status_code == 302
    representative = visit.signatures.get(role=SignerRole.UNIT_REPRESENTATIVE)
    image_url = reverse("inspections:signature_image", args=[visit.pk, representative.pk])
    page = client.get(reverse("inspections:detail", args=[visit.pk])).content.decode()
    assert image_url in page and "representative-signature" in page
    image = client.get(image_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    assert client_for("grid1").get(image_url).status_code == 404  # the shop lies outside 潋江镇's grid
    assert client_for("grid1").get(representative.image.file.url).status_code == 404
    media = client_for("qiye1").get(representative.image.file.url)  # the shop's own enterprise user
    assert media.status_code == 200


def test_ticking_an_item_updates_the_counters_without_a_reload(world, visit, client_for):
    second = visit.checklist.items.order_by("order").last()
    response = client_for("yingji").post(
        reverse("inspections:record", args=[visit.pk]),
        {"item": second.pk, "result": ItemResult.FAIL, "note": "无证焊接"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="check-i{second.pk}"' in body  # the item's card
    counts = body[body.index('id="visit-counts"') :]
    assert 'hx-swap-oob="true"' in counts[:120]
    assert "已检查2项，不合格1项" in counts and "未检查" not in counts.split("</span>")[0]
    readiness = body[body.index('id="sign-readiness"') :]
    assert 'hx-swap-oob="true"' in readiness[:120] and "未填写结果" not in readiness
