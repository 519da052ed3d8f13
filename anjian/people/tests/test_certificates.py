"""Certificates on a frozen day (15 July 2024): expiry and review computed (3 years; 6 years reviewed every 3),
the standing at its bounds (89, 90 and 91 days before an expiry or a review, the expiry day itself), bad input
refused by field with nothing stored, and `expiring_certificates` for the reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.people import certificates, services
from anjian.people.choices import CertificateStatus
from anjian.people.models import Certificate
from anjian.people.periods import add_years

from .conftest import TODAY, certificate, person

pytestmark = pytest.mark.usefixtures("frozen", "english")
D = dt.date


def status_of(made: Certificate, today: dt.date = TODAY) -> str:
    return certificates.with_status(Certificate.objects.filter(pk=made.pk), today).get().status


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


@pytest.fixture
def holder(world):
    return person(world, "mine", 1, ["special_operation"], operation_type="welding")


def test_expiry_and_review_are_computed(world, holder):
    qualification = certificate(world, holder, D(2023, 2, 28), kind="safety_qualification")
    assert (qualification.expires_on, qualification.next_review_on) == (D(2026, 2, 28), None)
    special = certificate(world, holder, D(2020, 2, 29))  # a leap day: the corresponding day is 28 February
    assert (special.expires_on, special.next_review_on) == (D(2026, 2, 28), D(2023, 2, 28))
    special = certificates.change_certificate(world.users["county"], special, {"reviewed_on": D(2023, 2, 20)})
    assert special.next_review_on is None  # the next review would fall after the expiry: renewal instead
    renewed = certificate(world, holder, D(2024, 3, 1), long_review=True)
    assert (renewed.expires_on, renewed.next_review_on) == (D(2030, 3, 1), None)
    printed = certificate(world, holder, D(2024, 4, 1), operation_type="electrical", expires_on=D(2029, 4, 1))
    assert printed.expires_on == D(2029, 4, 1) and printed.next_review_on == D(2027, 4, 1)


@pytest.mark.parametrize(
    ("kind", "issued_on", "expected"),
    [
        ("safety_qualification", D(2021, 10, 14), CertificateStatus.VALID),  # expires in 91 days
        ("safety_qualification", D(2021, 10, 13), CertificateStatus.EXPIRING),  # in 90 days
        ("safety_qualification", D(2021, 10, 12), CertificateStatus.EXPIRING),  # in 89 days
        ("safety_qualification", D(2021, 7, 15), CertificateStatus.EXPIRING),  # expires today: still valid today
        ("safety_qualification", D(2021, 7, 14), CertificateStatus.EXPIRED),  # expired yesterday
        ("special_operation", D(2021, 10, 14), CertificateStatus.VALID),  # reviewed in 91 days
        ("special_operation", D(2021, 10, 12), CertificateStatus.REVIEW_DUE),  # in 89 days
        ("special_operation", D(2021, 7, 15), CertificateStatus.REVIEW_DUE),  # review due today
        ("special_operation", D(2021, 7, 14), CertificateStatus.REVIEW_OVERDUE),  # review missed yesterday
        ("special_operation", D(2018, 10, 12), CertificateStatus.EXPIRING),  # reviewed in 2021: expires in 89 days
        ("special_operation", D(2018, 7, 14), CertificateStatus.EXPIRED),
    ],
)
def test_the_standing_at_its_bounds(world, holder, kind, issued_on, expected):
    reviewed = add_years(issued_on, 3) - dt.timedelta(days=30) if issued_on.year == 2018 else None
    made = certificate(world, holder, issued_on, kind=kind, reviewed_on=reviewed)
    assert status_of(made) == expected


BAD = [
    ({"expires_on": D(2024, 6, 30)}, "expires_on"),  # before the issue
    ({"expires_on": D(2024, 7, 1)}, "expires_on"),  # on the issue day
    ({"expires_on": D(2030, 7, 2)}, "expires_on"),  # longer than 6 years
    ({"issued_on": D(2024, 7, 16)}, "issued_on"),  # in the future
    ({"issued_on": "2024-02-30"}, "issued_on"),
    ({"issued_on": "junk"}, "issued_on"),
    ({"operation_type": ""}, "operation_type"),
    ({"operation_type": "juggling"}, "operation_type"),
    ({"kind": "licence"}, "kind"),
    ({"kind": "safety_qualification"}, "operation_type"),  # a qualification names no operation
    ({"number": ""}, "number"),
    ({"number": "T1\u0007"}, "number"),
    ({"number": "号" * 41}, "number"),
    ({"issuer": ""}, "issuer"),
    ({"reviewed_on": D(2024, 6, 1)}, "reviewed_on"),  # before the issue
    ({"issued_elsewhere": "maybe"}, "issued_elsewhere"),
]


@pytest.mark.parametrize(("changes", "field"), BAD)
def test_bad_input_is_refused_by_field_and_nothing_is_stored(world, holder, changes, field):
    values = {"person": holder, "kind": "special_operation", "operation_type": "welding", "number": "T1",
              "issuer": "赣州市应急管理局", "issued_on": D(2024, 7, 1)} | changes  # fmt: skip
    assert field in refusal(lambda: certificates.add_certificate(world.users["county"], **values))
    assert not Certificate.objects.exists()


def test_a_certificate_belongs_to_a_person_of_the_same_unit(world, holder):
    values = {"kind": "special_operation", "operation_type": "welding", "number": "T1", "issuer": "赣州市应急管理局",
              "issued_on": D(2024, 7, 1)}  # fmt: skip
    county, shop = world.users["county"], world.enterprises["shop"]
    errors = refusal(lambda: certificates.add_certificate(county, person=holder, enterprise=shop, **values))
    assert "works at 兴国县某某矿业有限公司" in errors["person"][0]
    # The shop's own user does not see the mine's people at all.
    errors = refusal(lambda: certificates.add_certificate(world.users["qiye1"], person=holder, **values))
    assert "No person with this id" in errors["person"][0]
    with pytest.raises(PermissionDenied):
        certificates.add_certificate(world.users["grid1"], person=holder, **values)
    assert not Certificate.objects.exists()
    certificates.add_certificate(county, person=holder, enterprise=world.enterprises["mine"], **values)
    assert "number" in refusal(lambda: certificates.add_certificate(county, person=holder, **values))  # twice


def test_expiring_certificates_for_the_reminders(world, holder):
    other = person(world, "school", 2, ["principal"])
    left = person(world, "school", 3, ["principal"], started_on=D(2020, 1, 1))
    in_window = certificate(world, holder, D(2018, 10, 13), reviewed_on=D(2021, 10, 1))  # expires in 90 days
    certificate(world, holder, D(2018, 10, 15), operation_type="electrical", reviewed_on=D(2021, 10, 1))  # 92 days
    review = certificate(world, other, D(2021, 7, 15), kind="special_operation", operation_type="electrical")
    expired = certificate(world, other, D(2021, 7, 1), kind="safety_qualification")
    renewed_old = certificate(world, other, D(2021, 8, 1), kind="special_operation", operation_type="work_at_height")
    certificate(world, other, D(2024, 7, 1), kind="special_operation", operation_type="work_at_height")
    certificate(world, left, D(2021, 8, 1), kind="safety_qualification")
    services.change_person(world.users["county"], left, {"left_on": D(2024, 7, 1)})
    found = set(certificates.expiring_certificates(TODAY))
    assert found == {in_window, review}  # not 92 days ahead, not expired, not replaced, not of someone who left
    assert expired not in found and renewed_old not in found
    assert set(certificates.expiring_certificates(TODAY, days=92)) == found | {
        Certificate.objects.get(operation_type="electrical", person=holder)
    }
    assert set(certificates.expiring_certificates(TODAY, days=0)) == {review}  # its review falls due today
