"""Uploads hardened: decompression bombs refused from the header, sizes kept while the request streams in,
photos stored as their pixels alone, SVG/HTML/scripts refused, PDFs that act by themselves refused, and every
served file sent so that a browser neither sniffs nor runs it."""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import load_handler
from django.http.multipartparser import MultiPartParser
from django.urls import reverse
from PIL import Image, ImageCms, ImageDraw
from PIL.PngImagePlugin import PngInfo

from anjian.core import attachments, uploads
from anjian.core.attachments import PDF, store_document, store_image
from anjian.core.models import Attachment
from anjian.hazards import services
from anjian.hazards.models import Hazard, HazardPhoto

HANDLERS = [
    "anjian.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
MB = 2**20
GPS_IFD, MAKE, ORIENTATION = 0x8825, 0x010F, 0x0112
PAYLOAD = b"MZ\x90\x00\x03\x00\x00\x00" + b"This program cannot be run in DOS mode." * 50


@pytest.fixture(autouse=True)
def handlers(settings, tmp_path):
    """The upload handlers as settings.py names them (also before that line is merged), temp files in tmp."""
    settings.FILE_UPLOAD_HANDLERS = HANDLERS
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)


def upload(data: bytes, name: str = "p.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def encoded(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def peak_bytes(call) -> int:
    tracemalloc.start()
    try:
        call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


# --- decompression bombs ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow's own, above 40 million
@pytest.mark.parametrize("size", [(9_990, 9_990), (8_000, 6_000)], ids=["99.8 megapixels", "48 megapixels"])
def test_a_decompression_bomb_is_refused_from_its_header_without_decoding(size):
    """12 KB of PNG that would take hundreds of MB decoded: refused with hardly any memory used."""
    bomb = encoded(Image.new("1", size), "PNG", optimize=True)
    assert len(bomb) < 64 * 1024
    failures = []

    def store():
        try:
            store_image(upload(bomb, "bomb.png", "image/png"))
        except ValidationError as exc:
            failures.append(exc)

    assert peak_bytes(store) < 8 * MB  # decoding alone would take width × height bytes (48 to 100 MB)
    [refusal] = failures
    assert "40" in refusal.messages[0]
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_the_pixel_limit_is_width_times_height(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_IMAGE_PIXELS", 100 * 100)
    assert store_image(upload(encoded(Image.new("RGB", (100, 100), "red"), "PNG"), "a.png")).width == 100
    with pytest.raises(ValidationError):
        store_image(upload(encoded(Image.new("RGB", (101, 100), "red"), "PNG"), "b.png"))
    with pytest.raises(ValidationError):  # a JPEG's header is read the same way
        store_image(upload(encoded(Image.new("RGB", (20, 600), "red"), "JPEG")))
    assert Attachment.objects.count() == 1


# --- sizes kept while the request streams in ------------------------------------------------------------


class Body:
    """A multipart body made as it is read: a field, a file of `size` bytes, another field."""

    BOUNDARY = "----anjian-boundary"

    def __init__(self, size: int):
        part = f"--{self.BOUNDARY}\r\nContent-Disposition: form-data; "
        self.head = (
            f'{part}name="description"\r\n\r\n配电箱未上锁\r\n'
            f'{part}name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
        ).encode()
        self.tail = f'\r\n{part}name="kind"\r\n\r\nfinding\r\n--{self.BOUNDARY}--\r\n'.encode()
        self.size, self.position = size, 0
        self.length = len(self.head) + size + len(self.tail)

    def read(self, n: int = -1) -> bytes:
        n = self.length - self.position if n is None or n < 0 else min(n, self.length - self.position)
        out = bytearray()
        while len(out) < n:
            at = self.position + len(out)
            if at < len(self.head):
                out += self.head[at : at + n - len(out)]
            elif at < len(self.head) + self.size:
                out += b"\xff" * min(n - len(out), len(self.head) + self.size - at)
            else:
                start = at - len(self.head) - self.size
                out += self.tail[start : start + n - len(out)]
        self.position += n
        return bytes(out)

    def meta(self, length: int | None = None) -> dict[str, str]:
        content_type = f"multipart/form-data; boundary={self.BOUNDARY}"
        return {"CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(length or self.length)}


def parse(body: Body, length: int | None = None):
    handlers = [load_handler(path, None) for path in HANDLERS]
    return MultiPartParser(body.meta(length), body, handlers).parse()


def test_a_file_past_the_limit_is_cut_while_it_streams_in_and_the_form_arrives_whole():
    body = Body(uploads.MAX_FILE_BYTES + 10 * MB)
    result = {}
    peak = peak_bytes(lambda: result.update(zip(("post", "files"), parse(body), strict=True)))
    assert peak < 4 * MB  # 40 MB went through, in chunks, to a temporary file cut at the limit
    received = result["files"]["file"]
    assert received.size == uploads.MAX_FILE_BYTES + 1
    assert result["post"]["description"] == "配电箱未上锁" and result["post"]["kind"] == "finding"
    assert body.position == body.length  # read off the connection to the end, so the answer reaches the browser
    with pytest.raises(ValidationError) as refused:
        store_image(received)
    assert "10 MB" in refused.value.messages[0]


def test_a_request_declaring_more_than_the_limit_is_refused_before_it_is_read():
    body = Body(1024)
    with pytest.raises(uploads.UploadTooLarge):
        parse(body, length=uploads.MAX_REQUEST_BYTES + 1)
    assert body.position == 0


def test_no_reader_of_uploads_accepts_more_than_the_handler_keeps():
    from anjian.registry import importer
    from anjian.risk import siteplans

    limits = (attachments.MAX_IMAGE_BYTES, attachments.MAX_DOCUMENT_BYTES, siteplans.MAX_PDF_BYTES, importer.MAX_BYTES)
    assert max(limits) <= uploads.MAX_FILE_BYTES < uploads.MAX_REQUEST_BYTES


def test_the_settings_name_the_handler_first():
    from anjian import settings as project

    assert project.FILE_UPLOAD_HANDLERS == HANDLERS
    assert project.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * MB and project.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * MB


def hazard(world) -> Hazard:
    grid1 = world.users["grid1"]
    return services.register_hazard(grid1, world.enterprises["site"], description="配电箱未上锁", source="grid_patrol")


def test_an_oversized_photo_sent_to_the_api_is_cut_while_streaming_and_refused_by_field(world, api_for, caplog):
    h = hazard(world)
    big = upload(b"\xff\xd8\xff" + b"\x00" * (uploads.MAX_FILE_BYTES + MB))
    with caplog.at_level(logging.WARNING, logger="anjian.core.uploads"):
        response = api_for("grid1").post(f"/api/v1/hazards/{h.pk}/photos/", {"file": big}, format="multipart")
    assert response.status_code == 400
    assert "10 MB" in response.json()["file"][0]
    assert "Upload truncated" in caplog.text
    assert not HazardPhoto.objects.exists() and not Attachment.objects.exists()


def test_a_photo_over_10_mb_on_the_form_is_refused_with_its_message_and_the_typed_text_stays(world, client_for):
    site = world.enterprises["site"]
    data = {"unit": site.pk, "description": "临边防护缺失", "source": "grid_patrol", "location": "3号楼"}
    photo = upload(b"\xff\xd8\xff" + b"\x00" * (attachments.MAX_IMAGE_BYTES + 1))
    response = client_for("grid1").post(reverse("hazards:new"), {**data, "photos": [photo]})
    assert response.status_code == 200
    assert "10 MB" in " ".join(response.context["form"].errors["photos"])
    assert "临边防护缺失" in response.content.decode()
    assert not Hazard.objects.exists() and not Attachment.objects.exists()


def test_a_request_over_the_total_limit_is_refused_whole(world, api_for, client_for, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_REQUEST_BYTES", MB)
    h = hazard(world)
    photo = upload(b"\xff\xd8\xff" + b"\x00" * 2 * MB)
    response = api_for("grid1").post(f"/api/v1/hazards/{h.pk}/photos/", {"file": photo}, format="multipart")
    assert response.status_code == 400 and "1 MB" in response.json()["detail"]
    data = {"unit": world.enterprises["site"].pk, "description": "临边防护缺失", "source": "grid_patrol"}
    photo.seek(0)
    assert client_for("grid1").post(reverse("hazards:new"), {**data, "photos": [photo]}).status_code == 400
    assert Hazard.objects.count() == 1 and not HazardPhoto.objects.exists()


# --- photos stored as their pixels alone -----------------------------------------------------------------


@functools.cache
def srgb() -> bytes:
    """One profile for the whole run: a new one carries the second it was made in, and two photos made across a
    second's turn would differ."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def phone_photo(payload: bytes = PAYLOAD) -> bytes:
    """An 80 × 60 JPEG, left half red and right half blue, taken turned (orientation 6), with the phone's make,
    its GPS position, a comment and a colour profile, and an executable appended after its end."""
    image = Image.new("RGB", (80, 60), "red")
    ImageDraw.Draw(image).rectangle((40, 0, 79, 59), fill="blue")
    exif = Image.Exif()
    exif[MAKE] = "Phone Maker"
    exif[ORIENTATION] = 6
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (25.0, 52.0, 0.0), 3: "E", 4: (115.0, 24.0, 0.0)})
    return encoded(image, "JPEG", quality=95, exif=exif, icc_profile=srgb(), comment=b"site 7") + payload


def stored_bytes(a: Attachment) -> bytes:
    with a.file.open("rb") as f:
        return f.read()


@pytest.mark.django_db
def test_a_photo_is_stored_upright_without_exif_gps_comment_or_appended_program():
    original = phone_photo()
    with Image.open(io.BytesIO(original)) as before:  # what the phone sent does hold all that
        assert before.getexif().get_ifd(GPS_IFD) and before.info.get("comment") == b"site 7"
    a = store_image(upload(original))
    data = stored_bytes(a)
    assert b"This program cannot be run" not in data and data.endswith(b"\xff\xd9")
    assert a.sha256 == hashlib.sha256(data).hexdigest() and a.size == len(data)
    with Image.open(io.BytesIO(data)) as after:
        assert after.format == "JPEG" and a.content_type == "image/jpeg"
        assert not after.getexif() and "exif" not in after.info and "comment" not in after.info
        assert after.info.get("icc_profile") == srgb()  # the colour profile is kept
        assert after.size == (60, 80) == (a.width, a.height)  # turned as the phone said
        red, blue = after.convert("RGB").getpixel((30, 10)), after.convert("RGB").getpixel((30, 70))
        assert red[0] > 200 > red[2] and blue[2] > 200 > blue[0]
    with Image.open(a.thumbnail.path) as thumb:
        assert thumb.size == (60, 80) and not thumb.getexif()


@pytest.mark.django_db
def test_the_same_photo_again_is_the_same_attachment_whatever_was_added_to_it():
    first = store_image(upload(phone_photo()))
    assert store_image(upload(phone_photo(), "again.jpg")).pk == first.pk
    assert store_image(upload(phone_photo(payload=b""), "clean.jpg")).pk == first.pk  # same pixels
    assert Attachment.objects.count() == 1


@pytest.mark.django_db
def test_a_photo_stored_before_re_encoding_is_found_by_its_original_bytes():
    original = phone_photo()
    legacy = attachments._store(original, hashlib.sha256(original).hexdigest(), "image/jpeg", upload(original), None)
    assert store_image(upload(original)).pk == legacy.pk
    assert stored_bytes(legacy) == original and Attachment.objects.count() == 1  # left as it was


def test_a_photo_uploaded_twice_on_two_hazards_is_flagged_as_reused(world):
    county = world.users["county"]
    first = services.register_hazard(
        county,
        world.enterprises["school"],
        description="消防通道堵塞",
        source="supervision",
        photos=[upload(phone_photo())],
    )
    second = services.register_hazard(
        county,
        world.enterprises["site"],
        description="塔吊起重力矩限制器失效",
        source="supervision",
        photos=[upload(phone_photo(), "again.jpg")],
    )
    [warning] = second.quality_warnings
    assert warning.code == "photo_reused" and str(first.pk) in warning.message


@pytest.mark.django_db
def test_a_png_keeps_its_format_and_transparency_but_not_its_text_exif_or_trailer():
    image = Image.new("P", (40, 30), 1)
    image.putpalette([255, 255, 255, 200, 30, 30] + [0, 0, 0] * 254)
    ImageDraw.Draw(image).rectangle((0, 0, 19, 29), fill=0)
    text = PngInfo()
    text.add_text("Comment", "GPS 25.866N 115.4E")
    exif = Image.Exif()
    exif[MAKE] = "Scanner"
    original = encoded(image, "PNG", pnginfo=text, exif=exif, transparency=0) + PAYLOAD
    data = stored_bytes(a := store_image(upload(original, "plan.png", "image/png")))
    assert a.content_type == "image/png" and PAYLOAD not in data and data.endswith(b"IEND\xaeB`\x82")
    with Image.open(io.BytesIO(data)) as after:
        assert after.format == "PNG" and after.mode == "P" and after.info.get("transparency") == 0
        assert not after.getexif() and "Comment" not in after.info and after.getpixel((30, 10)) == 1


@pytest.mark.django_db
def test_a_webp_is_stored_as_webp_without_its_exif():
    exif = Image.Exif()
    exif[MAKE] = "Phone Maker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (25.0, 52.0, 0.0)})
    a = store_image(upload(encoded(Image.new("RGB", (64, 48), "green"), "WEBP", exif=exif), "p.webp", "image/webp"))
    with Image.open(io.BytesIO(stored_bytes(a))) as after:
        assert after.format == "WEBP" and a.content_type == "image/webp" and not after.getexif()


@pytest.mark.django_db
def test_a_phone_mpo_is_stored_as_a_plain_jpeg_of_its_first_picture():
    first, second = Image.new("RGB", (64, 48), "red"), Image.new("RGB", (64, 48), "blue")
    a = store_image(upload(encoded(first, "MPO", save_all=True, append_images=[second])))
    with Image.open(io.BytesIO(stored_bytes(a))) as after:
        assert after.format == "JPEG" and getattr(after, "n_frames", 1) == 1
        assert after.getpixel((10, 10))[0] > 200


# --- SVG, HTML and scripts -------------------------------------------------------------------------------

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
ACTIVE_TEXT = {
    "drawing.svg": SVG,
    "plain.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    "page.html": b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>",
    "page.htm": b"<html><body onload=alert(1)>",
    "code.js": b"alert(document.cookie);",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ACTIVE_TEXT)
def test_svg_html_and_scripts_are_refused_as_photos_and_as_documents(name):
    with pytest.raises(ValidationError):
        store_image(upload(ACTIVE_TEXT[name], name, "image/svg+xml"))
    with pytest.raises(ValidationError) as refused:
        store_document(upload(ACTIVE_TEXT[name], name, "text/html"))
    assert "PDF" in refused.value.messages[0] and not Attachment.objects.exists()


def test_an_svg_sent_as_a_hazard_photo_is_refused(world, api_for):
    h = hazard(world)
    response = api_for("grid1").post(
        f"/api/v1/hazards/{h.pk}/photos/", {"file": upload(SVG, "p.svg", "image/svg+xml")}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["file"]
    assert not HazardPhoto.objects.exists()


# --- PDFs ------------------------------------------------------------------------------------------------


def pdf(change=None) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if change:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def link(uri: str):
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

    def add(writer):
        action = DictionaryObject({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(uri)})
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(50), FloatObject(20)]),
                NameObject("/A"): action,
            }
        )
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])

    return add


def document_script(writer):
    from pypdf.actions import JavaScript

    writer.add_open_action(JavaScript("app.alert('x');"))


def open_action(kind: str, **entries):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    def add(writer):
        action = {NameObject("/S"): NameObject(kind)}
        action.update(
            {
                NameObject(f"/{k}"): (NameObject(v) if v.startswith("/") else TextStringObject(v))
                for k, v in entries.items()
            }
        )
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject(action)

    return add


def page_action(writer):
    from pypdf.generic import DictionaryObject, NameObject

    go = DictionaryObject({NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): NameObject("/start")})
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): go})


def embedded_file(writer):
    writer.add_attachment("setup.exe", PAYLOAD)


def raw_pdf(*objects: bytes) -> bytes:
    """A PDF written by hand, object 1 its catalogue: for names pypdf would not write as given."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def scripted_link(kind: bytes = b"/JavaScript", key: bytes = b"/JS") -> bytes:
    return raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 20] /A << /S %s %s (app.alert(1)) >> >>" % (kind, key),
    )


def hidden_script() -> bytes:
    """A link whose action is a script, its names written with #-escapes to slip past a search for the bytes."""
    data = scripted_link(b"/J#61vaScript", b"/J#53")
    assert b"/JavaScript" not in data and b"/JS" not in data
    return data


ACTIVE_PDFS = {
    "document-level script": lambda: pdf(document_script),
    "script on opening": lambda: pdf(open_action("/JavaScript", JS="app.alert(1)")),
    "program launched on opening": lambda: pdf(open_action("/Launch", F="cmd.exe")),
    "print on opening": lambda: pdf(open_action("/Named", N="/Print")),
    "link on opening": lambda: pdf(open_action("/URI", URI="https://example.org/")),
    "automatic page action": lambda: pdf(page_action),
    "embedded file": lambda: pdf(embedded_file),
    "javascript: link": lambda: pdf(link("javascript:app.alert(1)")),
    "file: link": lambda: pdf(link("file:///C:/Windows/System32/cmd.exe")),
    "script on a link": scripted_link,
    "#-escaped script": hidden_script,
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", ACTIVE_PDFS)
def test_a_pdf_that_acts_by_itself_is_refused(case):
    with pytest.raises(ValidationError) as refused:
        store_document(upload(ACTIVE_PDFS[case](), "report.pdf", PDF))
    assert "PDF" in refused.value.messages[0] and not Attachment.objects.exists()


@pytest.mark.django_db
def test_a_pdf_with_web_links_and_an_opening_page_is_accepted():
    def plain(writer):
        link("https://www.mem.gov.cn/")(writer)
        writer.open_destination = writer.pages[0]

    data = pdf(plain)
    assert b"/OpenAction" in data and b"/URI" in data
    assert store_document(upload(data, "研判报告.pdf", PDF)).content_type == PDF


# --- serving ---------------------------------------------------------------------------------------------


def test_a_pdf_is_served_as_a_download_named_pdf_sandboxed_and_not_sniffed(world, client_for):
    county = world.users["county"]
    a = store_document(upload(pdf(), "会议纪要.html", "text/html"), county)
    response = client_for("county").get(a.file.url)
    assert response.status_code == 200 and response["Content-Type"] == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and ".pdf" in disposition and ".html" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_a_photo_is_shown_not_sniffed_and_sandboxed(world, client_for):
    a = store_image(upload(phone_photo()), world.users["county"])
    for url in (a.file.url, a.thumbnail.url):
        response = client_for("county").get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert not response.get("Content-Disposition", "").startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]


def test_the_hazard_photo_pages_are_not_sniffed_either(world, client_for):
    grid1 = world.users["grid1"]
    h = services.register_hazard(
        grid1,
        world.enterprises["site"],
        description="配电箱未上锁",
        source="grid_patrol",
        photos=[upload(phone_photo())],
    )
    photo = h.photos.get()
    response = client_for("grid1").get(reverse("hazards:photo_thumb", args=[h.pk, photo.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
