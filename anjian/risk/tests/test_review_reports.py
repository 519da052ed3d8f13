"""Review reports: uploaded with a review, linked from the schedule and the list, served only to those who
may see the review; a file that is not a readable document is refused on the form, in Chinese."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anjian.core.models import Attachment
from anjian.org.models import Region
from anjian.risk.models import RiskReview

pytestmark = pytest.mark.django_db

REVIEWS = reverse("risk:reviews")
PARK = "360732400000"


def pdf(title="整体性安全风险评估报告") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def area_review(world, report) -> dict:
    return {
        "kind": "area_assessment",
        "held_on": "2024-03-01",
        "region": Region.objects.get(code=PARK).pk,
        "enterprise": "",
        "participants": "县应急局、园区管委会、评估机构",
        "changes": "辨识重大风险2处",
        "report": report,
    }


@pytest.fixture
def park_assessment(world, client_for):
    data = area_review(world, SimpleUploadedFile("园区整体评估.pdf", pdf(), content_type="application/pdf"))
    response = client_for("county").post(REVIEWS, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return RiskReview.objects.get(kind="area_assessment")


def test_the_report_is_stored_with_the_review(park_assessment):
    report = park_assessment.report
    assert (report.content_type, report.extension, report.original_name) == (
        "application/pdf",
        ".pdf",
        "园区整体评估.pdf",
    )


def test_the_schedule_shows_the_area_assessment_date_and_report(park_assessment, client_for):
    response = client_for("county").get(REVIEWS)
    park = next(
        (item, report)
        for item, report in response.context["schedule"]
        if item.kind == "area_assessment" and item.subject.code == PARK
    )
    assert park[0].last_held_on.isoformat() == "2024-03-01" and park[1] == park_assessment.report
    page = response.content.decode()
    schedule = page[page.index("review-schedule") : page.index("review-list")]
    assert "2024年3月1日" in schedule and park_assessment.report.file.url in schedule
    recorded = page[page.index("review-list") :]
    assert park_assessment.report.file.url in recorded


@pytest.mark.parametrize(("username", "status"), [("county", 200), ("leader", 200), ("qiye1", 404), ("grid1", 404)])
def test_the_report_is_served_to_those_who_see_the_review(park_assessment, client_for, username, status):
    response = client_for(username).get(park_assessment.report.file.url)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_the_link_is_left_out_for_who_cannot_open_it(park_assessment, client_for):
    """The committee office's department sees the county's rhythm but not the regional reviews' records."""
    response = client_for("yingji").get(REVIEWS)
    assert park_assessment.report.file.url not in response.content.decode()
    assert client_for("yingji").get(park_assessment.report.file.url).status_code == 404


def test_an_enterprise_review_report_follows_the_enterprise(world, client_for):
    data = {
        "kind": "monthly",
        "held_on": "2024-05-31",
        "enterprise": world.enterprises["mine"].pk,
        "region": "",
        "participants": "矿长、安全副矿长",
        "report": SimpleUploadedFile("5月研判.pdf", pdf("5月")),
    }
    assert client_for("county").post(REVIEWS, data).status_code == 302
    url = RiskReview.objects.get(kind="monthly").report.file.url
    assert client_for("gaoxing").get(url).status_code == 200  # the mine's town
    assert client_for("qiye1").get(url).status_code == 404  # another enterprise
    assert client_for("expert1").get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("评估报告.pdf", b"%PDF-1.7\nnot really a pdf\n", "无法读取"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100, "只接受"),
    ],
)
def test_a_bad_file_is_refused_in_chinese_and_the_rest_kept(world, client_for, name, data, message):
    response = client_for("county").post(REVIEWS, area_review(world, SimpleUploadedFile(name, data)))
    assert response.status_code == 400
    errors = response.context["form"].errors["report"]
    assert errors and message in errors[0]
    page = response.content.decode()
    assert errors[0] in page and "县应急局、园区管委会、评估机构" in page and "辨识重大风险2处" in page
    assert not RiskReview.objects.exists() and not Attachment.objects.exists()


def test_a_refused_review_leaves_no_stored_report(world, client_for):
    data = area_review(world, SimpleUploadedFile("r.pdf", pdf("orphan")))
    data["held_on"] = "2999-01-01"  # in the future: refused by record_review after the report was stored
    response = client_for("county").post(REVIEWS, data)
    assert response.status_code == 400 and "held_on" in response.context["form"].errors
    assert not Attachment.objects.exists()
