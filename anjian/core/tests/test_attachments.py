import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from anjian.core.attachments import DOCX, MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES, PDF, XLSX, store_document, store_image
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


def pdf_bytes(text="report") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def office_bytes(main_type: str, part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{part}" ContentType="{main_type}"/></Types>',
        )
        z.writestr(part, "<x/>")
    return out.getvalue()


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


@pytest.mark.django_db
def test_a_pdf_document_is_stored_as_pdf():
    a = store_document(SimpleUploadedFile("研判报告.pdf", pdf_bytes()))
    assert (a.content_type, a.extension, a.original_name) == (PDF, ".pdf", "研判报告.pdf")
    assert a.file.name.endswith(".pdf") and not a.thumbnail and a.width is None
    with a.file.open("rb") as f:
        assert f.read(5) == b"%PDF-"


@pytest.mark.django_db
def test_word_and_excel_documents_are_accepted():
    docx = store_document(SimpleUploadedFile("r.docx", office_bytes(WORD_MAIN, "word/document.xml")))
    xlsx = store_document(SimpleUploadedFile("r.xlsx", office_bytes(EXCEL_MAIN, "xl/workbook.xml")))
    assert (docx.content_type, docx.extension) == (DOCX, ".docx")
    assert (xlsx.content_type, xlsx.extension) == (XLSX, ".xlsx")


@pytest.mark.django_db
def test_a_real_openpyxl_workbook_is_accepted():
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    assert store_document(SimpleUploadedFile("book.xlsx", out.getvalue())).content_type == XLSX


@pytest.mark.django_db
def test_an_image_document_goes_through_store_image():
    a = store_document(upload(fmt="PNG", name="scan.png"))
    assert a.content_type == "image/png" and a.thumbnail


@pytest.mark.django_db
def test_the_same_document_is_stored_once():
    data = pdf_bytes("once")
    first = store_document(SimpleUploadedFile("a.pdf", data))
    second = store_document(SimpleUploadedFile("b.pdf", data))
    assert first.pk == second.pk and Attachment.objects.count() == 1


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("fake.pdf", b"%PDF-1.7\nthis is not a pdf at all\n"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 200),
        ("archive.zip", plain_zip()),
        ("macro.docx", office_bytes("application/vnd.ms-word.document.macroEnabled.main+xml", "word/document.xml")),
        ("missing.docx", office_bytes(WORD_MAIN, "word/document.xml")[:60]),
        ("empty.pdf", b""),
        ("notes.txt", "风险研判".encode()),
    ],
    ids=lambda value: value if isinstance(value, str) else "",  # zip bytes carry timestamps: name the case only
)
def test_other_files_are_refused(name, data):
    with pytest.raises(ValidationError) as info:
        store_document(SimpleUploadedFile(name, data))
    assert info.value.messages and Attachment.objects.count() == 0


@pytest.mark.django_db
def test_an_exe_is_refused_with_the_accepted_types_named():
    with pytest.raises(ValidationError) as info:
        store_document(SimpleUploadedFile("setup.exe", b"MZ" + b"\x00" * 100))
    assert "PDF" in info.value.messages[0] and "xlsx" in info.value.messages[0]


@pytest.mark.django_db
def test_an_oversized_document_is_refused():
    with pytest.raises(ValidationError):
        store_document(SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * MAX_DOCUMENT_BYTES))
