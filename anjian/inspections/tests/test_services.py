"""Visits, results, findings into hazards, signatures and enforcement actions (issue 6; seed 004 (二)3)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from PIL import Image, ImageDraw

from anjian.core.testing import make_user
from anjian.hazards.choices import PhotoKind, Source
from anjian.inspections import services
from anjian.inspections.choices import ActionKind, ItemResult, SignerRole, VisitKind, VisitState
from anjian.inspections.models import Checklist, ChecklistItem, Inspection, InspectionResult, Signature
from anjian.org.choices import Role
from anjian.org.models import User


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the Chinese translations come separately)."""
    with translation.override("en"):
        yield


def photo(color="red") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(out, "JPEG")
    return SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")


def handwritten(ink=True, fmt="PNG", size=(400, 160)) -> SimpleUploadedFile:
    """What a signature pad posts: a PNG of a stroke on a transparent ground (or a blank pad)."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if ink:
        ImageDraw.Draw(image).line([(30, 120), (120, 40), (200, 110), (330, 50)], fill=(0, 0, 0, 255), width=4)
    out = io.BytesIO()
    image.convert("RGB" if fmt == "JPEG" else "RGBA").save(out, fmt)
    return SimpleUploadedFile("signature.png", out.getvalue(), content_type=f"image/{fmt.lower()}")


def second_officer(world, username="yingji2"):
    existing = User.objects.filter(username=username).first()
    return existing or make_user(username, Role.DEPARTMENT, department=world.departments["yingji"])


def checklist(world, texts=("主要负责人未带队检查", "电焊等人员无证上岗作业")) -> Checklist:
    made = Checklist.objects.create(name="烟花爆竹", sector=world.sectors["fireworks"])
    for order, text in enumerate(texts):
        ChecklistItem.objects.create(checklist=made, order=order, text=text)
    return made


def visit(world, unit="shop", kind=VisitKind.ROUTINE, day=None, officers=None, **kw) -> Inspection:
    officers = officers or [world.users["yingji"], second_officer(world)]
    return services.create_inspection(
        world.users["yingji"],
        unit=world.enterprises[unit],
        kind=kind,
        visit_date=day or timezone.localdate(),
        inspectors=officers,
        **kw,
    )


def sign_all(world, inspection, representative="王国平"):
    for officer in inspection.inspectors.all():
        services.sign(officer, inspection)
    return services.sign(
        world.users["yingji"],
        inspection,
        role=SignerRole.UNIT_REPRESENTATIVE,
        signer_name=representative,
        signature=handwritten(),
    )


# --- visits ---------------------------------------------------------------------------------------------


def test_an_enforcement_visit_copies_unit_and_defaults_the_department(world):
    made = visit(world, checklist=checklist(world))
    assert made.region == world.enterprises["shop"].region
    assert made.sector == world.sectors["fireworks"]
    assert made.department == world.departments["yingji"]
    assert made.town is None and made.state == VisitState.DRAFT
    assert made.inspectors.count() == 2


def test_a_town_visit_defaults_to_the_town(world):
    other = make_user("gaoxing2", Role.TOWN, region=world.regions["360732104000"])
    made = services.create_inspection(
        world.users["gaoxing"],
        unit=world.enterprises["mine"],
        kind=VisitKind.SPECIAL,
        visit_date=timezone.localdate(),
        inspectors=[world.users["gaoxing"], other],
    )
    assert made.town == world.regions["360732104000"] and made.department is None


def test_an_enforcement_visit_needs_two_inspectors(world):
    with pytest.raises(ValidationError) as refused:
        visit(world, officers=[world.users["yingji"]])
    assert "inspectors" in refused.value.message_dict
    assert "two" in refused.value.message_dict["inspectors"][0]


def test_an_assistance_visit_may_have_one_inspector(world):
    made = visit(world, kind=VisitKind.ASSISTANCE, officers=[world.users["yingji"]])
    assert made.inspectors.count() == 1


def test_inspectors_must_be_officers(world):
    with pytest.raises(ValidationError) as refused:
        visit(world, officers=[world.users["yingji"], world.users["qiye1"]])
    assert "inspectors" in refused.value.message_dict


@pytest.mark.parametrize("username", ["leader", "grid1", "qiye1", "expert1"])
def test_only_county_department_and_town_roles_make_visits(world, username):
    with pytest.raises(PermissionDenied):
        services.create_inspection(
            world.users[username],
            unit=world.enterprises["shop"],
            kind=VisitKind.ROUTINE,
            visit_date=timezone.localdate(),
            inspectors=[world.users["yingji"], world.users["county"]],
        )


def test_the_unit_must_lie_in_the_jurisdiction(world):
    with pytest.raises(ValidationError) as refused:
        visit(world, unit="site")  # a construction site: 住建局's, not 应急局's
    assert "unit" in refused.value.message_dict


def test_a_visit_cannot_lie_in_the_future(world):
    with pytest.raises(ValidationError) as refused:
        visit(world, day=timezone.localdate() + dt.timedelta(days=1))
    assert "visit_date" in refused.value.message_dict


# --- results and findings -------------------------------------------------------------------------------


def test_one_result_per_item_and_ticking_again_replaces_it(world):
    made = visit(world, checklist=checklist(world))
    item = made.checklist.items.first()
    services.record_result(world.users["yingji"], made, result=ItemResult.PASS, item=item)
    again = services.record_result(world.users["yingji"], made, result=ItemResult.FAIL, item=item, note="未带队")
    assert made.results.count() == 1
    assert again.result == ItemResult.FAIL and again.text == item.text and again.note == "未带队"


def test_an_item_of_another_checklist_is_refused(world):
    made = visit(world, checklist=checklist(world))
    foreign = checklist(world, texts=("其他",)).items.first()
    with pytest.raises(ValidationError):
        services.record_result(world.users["yingji"], made, result=ItemResult.PASS, item=foreign)


def test_someone_off_the_team_cannot_record(world):
    made = visit(world)
    with pytest.raises(PermissionDenied):
        services.record_result(world.users["gaoxing"], made, result=ItemResult.PASS, text="消防通道")


def test_a_failed_item_becomes_a_hazard_with_its_photo_once(world):
    made = visit(world, checklist=checklist(world))
    item = made.checklist.items.last()
    result = services.record_result(
        world.users["yingji"], made, result=ItemResult.FAIL, item=item, note="两名焊工无证", photo=photo()
    )
    hazard = services.finding_to_hazard(world.users["yingji"], result)
    assert hazard.source == Source.DEPARTMENT_INSPECTION
    assert hazard.unit == world.enterprises["shop"] and hazard.sector == world.sectors["fireworks"]
    assert hazard.description == "电焊等人员无证上岗作业\n两名焊工无证"
    assert list(hazard.photos.values_list("attachment_id", "kind")) == [(result.photo_id, PhotoKind.FINDING)]
    result.refresh_from_db()
    assert result.hazard == hazard
    assert services.finding_to_hazard(world.users["yingji"], result) == hazard
    assert hazard.unit.hazards.count() == 1


def test_a_supervisory_visit_gives_a_supervision_hazard(world):
    made = visit(world, kind=VisitKind.SUPERVISION)
    result = services.record_result(world.users["yingji"], made, result=ItemResult.FAIL, text="未按规定开展应急演练")
    assert services.finding_to_hazard(world.users["yingji"], result).source == Source.SUPERVISION


def test_only_a_failed_item_becomes_a_hazard(world):
    made = visit(world)
    result = services.record_result(world.users["yingji"], made, result=ItemResult.PASS, text="消防通道畅通")
    with pytest.raises(ValidationError):
        services.finding_to_hazard(world.users["yingji"], result)


# --- signing ----------------------------------------------------------------------------------------------


def test_the_visit_is_signed_when_all_inspectors_and_the_representative_signed(world):
    made = visit(world)
    officers = list(made.inspectors.all())
    services.sign(officers[0], made)
    services.sign(officers[0], made, role=SignerRole.UNIT_REPRESENTATIVE, signer_name="王国平", signature=handwritten())
    made.refresh_from_db()
    assert made.state == VisitState.DRAFT and made.unit_representative == "王国平"
    services.sign(officers[1], made)
    made.refresh_from_db()
    assert made.state == VisitState.SIGNED and made.signed_at is not None
    assert made.signatures.count() == 3


def test_each_inspector_signs_once_and_only_inspectors_sign(world):
    made = visit(world)
    services.sign(world.users["yingji"], made)
    with pytest.raises(ValidationError):
        services.sign(world.users["yingji"], made)
    with pytest.raises(PermissionDenied):
        services.sign(world.users["county"], made)
    with pytest.raises(ValidationError):
        services.sign(world.users["yingji"], made, role=SignerRole.UNIT_REPRESENTATIVE)  # no name


def test_a_signed_visit_is_immutable(world):
    made = visit(world)
    result = services.record_result(world.users["yingji"], made, result=ItemResult.FAIL, text="安全出口堵塞")
    sign_all(world, made)
    made.refresh_from_db()
    with pytest.raises(ValidationError, match="signed"):
        services.record_result(world.users["yingji"], made, result=ItemResult.PASS, text="新项目")
    with pytest.raises(ValidationError, match="signed"):
        services.sign(world.users["yingji"], made, role=SignerRole.UNIT_REPRESENTATIVE, signer_name="李")
    made.summary = "改写"
    with pytest.raises(ValidationError, match="signed"):
        made.save()
    result.note = "改写"
    with pytest.raises(ValidationError, match="signed"):
        result.save()
    with pytest.raises(ValidationError, match="signed"), transaction.atomic():
        made.inspectors.add(world.users["county"])
    with pytest.raises(ValidationError, match="signed"), transaction.atomic():
        Signature.objects.filter(inspection=made).first().delete()
    with pytest.raises(ValidationError, match="signed"), transaction.atomic():
        made.delete()
    # the finding still goes into the closed loop after signing (bookkeeping, not a change of the record)
    assert services.finding_to_hazard(world.users["yingji"], result).pk
    assert InspectionResult.objects.get(pk=result.pk).note == ""


# --- enforcement actions --------------------------------------------------------------------------------


def penalty(world, **kw):
    fields = {
        "unit": world.enterprises["shop"],
        "kind": ActionKind.PENALTY,
        "decided_on": timezone.localdate(),
        "description": "超量储存",
        "target": "both",
        "unit_amount_wan": "2",
        "principal_amount_wan": "0.5",
    }
    return services.record_action(world.users["yingji"], **(fields | kw))


def test_one_case_two_penalties_records_both_amounts(world):
    made = penalty(world)
    assert (made.unit_amount_wan, made.principal_amount_wan) == (Decimal("2.00"), Decimal("0.50"))
    assert made.department == world.departments["yingji"] and made.region == world.enterprises["shop"].region
    assert made.warnings == []


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"target": ""}, "target"),
        ({"principal_amount_wan": None}, "principal_amount_wan"),
        ({"unit_amount_wan": None}, "unit_amount_wan"),
        ({"target": "unit", "principal_amount_wan": None, "unit_amount_wan": "0"}, "unit_amount_wan"),
        ({"target": "unit"}, "principal_amount_wan"),  # the principal is not fined in this case
        ({"target": "principal", "unit_amount_wan": None, "principal_amount_wan": "-1"}, "principal_amount_wan"),
        ({"unit_amount_wan": "abc"}, "unit_amount_wan"),
    ],
)
def test_penalty_amounts_are_checked(world, fields, error):
    with pytest.raises(ValidationError) as refused:
        penalty(world, **fields)
    assert error in refused.value.message_dict


def test_single_penalties(world):
    on_unit = penalty(world, target="unit", principal_amount_wan=None)
    on_principal = penalty(world, target="principal", unit_amount_wan=None)
    assert (on_unit.unit_amount_wan, on_unit.principal_amount_wan) == (Decimal("2.00"), None)
    assert (on_principal.unit_amount_wan, on_principal.principal_amount_wan) == (None, Decimal("0.50"))


def test_a_referral_needs_people_and_other_actions_carry_no_fines(world):
    base = {"target": "", "unit_amount_wan": None, "principal_amount_wan": None}
    with pytest.raises(ValidationError) as refused:
        penalty(world, kind=ActionKind.JUDICIAL_REFERRAL, **base)
    assert "referred_people" in refused.value.message_dict
    made = penalty(world, kind=ActionKind.JUDICIAL_REFERRAL, referred_people=2, dangerous_operation_crime=True, **base)
    assert made.referred_people == 2 and made.dangerous_operation_crime
    with pytest.raises(ValidationError):
        penalty(world, kind=ActionKind.ADMONITION)  # amounts on an admonition


def test_actions_stay_within_the_jurisdiction_and_the_unit(world):
    with pytest.raises(PermissionDenied):
        services.record_action(
            world.users["leader"],
            unit=world.enterprises["shop"],
            kind=ActionKind.ADMONITION,
            decided_on=timezone.localdate(),
            description="约谈",
        )
    with pytest.raises(ValidationError) as refused:
        penalty(world, unit=world.enterprises["site"])
    assert "unit" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        penalty(world, inspection=visit(world, unit="mine"))
    assert "inspection" in refused.value.message_dict
