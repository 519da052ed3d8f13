import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from anjian.hazards import services


@pytest.fixture
def hazard_photo(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(out, "JPEG")
    hazard = services.register_hazard(
        world.users["grid1"],
        world.enterprises["site"],
        description="脚手架缺扣件",
        source="grid_patrol",
        photos=[SimpleUploadedFile("p.jpg", out.getvalue())],
    )
    return hazard.photos.get().attachment


@pytest.mark.parametrize("username", ["grid1", "county", "leader"])
def test_people_who_see_the_hazard_see_its_photo(hazard_photo, client_for, username):
    client = client_for(username)
    for url in (hazard_photo.file.url, hazard_photo.thumbnail.url):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize("username", ["gaoxing", "qiye1", "expert1"])
def test_others_get_not_found(hazard_photo, client_for, username):
    assert client_for(username).get(hazard_photo.file.url).status_code == 404


def test_anonymous_is_sent_to_login(hazard_photo, client):
    response = client.get(hazard_photo.thumbnail.url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unknown_files_are_not_found(world, client_for):
    assert client_for("county").get("/media/attachments/00/nothing.jpg").status_code == 404
    assert client_for("county").get("/media/../anjian/settings.py").status_code == 404


def test_an_api_client_fetches_the_photo_urls_of_an_answer_with_its_token(hazard_photo, api_for):
    from anjian.hazards.models import HazardPhoto

    hazard = HazardPhoto.objects.get(attachment=hazard_photo).hazard
    grid1 = api_for("grid1")
    assert hazard_photo.file.url in str(grid1.get(f"/api/v1/hazards/{hazard.pk}/").json())
    response = grid1.get(hazard_photo.file.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert api_for("gaoxing").get(hazard_photo.thumbnail.url).status_code == 404  # not in the town's jurisdiction
    stranger = api_for("grid1")
    stranger.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    refused = stranger.get(hazard_photo.file.url)
    assert refused.status_code == 401 and "detail" in refused.json()
