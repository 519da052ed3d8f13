import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from anjian.core.attachments import MAX_IMAGE_BYTES, store_image
from anjian.core.models import Attachment


def upload(fmt="JPEG", size=(80, 60), color="red", name="p.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_a_photo_is_stored_with_a_thumbnail():
    a = store_image(upload(size=(1600, 1200)))
    assert (a.content_type, a.width, a.height) == ("image/jpeg", 1600, 1200)
    thumb = Image.open(a.thumbnail.path)
    assert max(thumb.size) == 320


@pytest.mark.django_db
def test_the_same_bytes_are_stored_once():
    first = store_image(upload(color="blue"))
    second = store_image(upload(color="blue", name="again.jpg"))
    assert first.pk == second.pk and Attachment.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"GIF89a" + b"\x00" * 40],
)
def test_files_that_are_not_readable_photos_are_refused(data):
    with pytest.raises(ValidationError):
        store_image(SimpleUploadedFile("x.jpg", data))
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_other_image_types_are_refused():
    with pytest.raises(ValidationError):
        store_image(upload(fmt="GIF", name="x.gif"))


@pytest.mark.django_db
def test_oversized_files_are_refused():
    with pytest.raises(ValidationError):
        store_image(SimpleUploadedFile("big.jpg", b"\xff" * (MAX_IMAGE_BYTES + 1)))


@pytest.mark.django_db
def test_png_and_webp_are_accepted():
    assert store_image(upload(fmt="PNG", name="a.png")).content_type == "image/png"
    assert store_image(upload(fmt="WEBP", name="a.webp", color="green")).content_type == "image/webp"
