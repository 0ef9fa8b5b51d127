"""Images are measured from their header before they are decoded (issue 9, finding 5)."""

from __future__ import annotations

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile, JpegImagePlugin

from vielfalt.core.lib import uploads


def image_file(mode: str, size: tuple[int, int], image_format: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


@pytest.fixture
def decoding_forbidden(monkeypatch):
    def load(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def test_a_small_png_of_huge_dimensions_is_refused_without_decoding(decoding_forbidden):
    """6,300 × 6,300 pixels in a few kilobytes: under the old 40-megapixel cap it cost ~537 MB and 2.6 s."""
    upload = image_file("1", (6300, 6300), "PNG", "bombe.png")
    assert upload.size < 200_000

    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        uploads.reencode_image(upload, max_bytes=5 * uploads.MB, max_side=2400)

    assert refused.value.code == "too_many_pixels"
    assert time.monotonic() - started < 0.5


def test_pillow_itself_refuses_bombs_anywhere_else():
    assert Image.MAX_IMAGE_PIXELS == uploads.IMAGE_MAX_PIXELS


def test_a_camera_photo_is_decoded_at_a_reduced_scale(monkeypatch):
    """A 24-megapixel JPEG is taken, but never held at full size in memory."""
    sizes = []
    original = JpegImagePlugin.JpegImageFile.load

    def load(self):
        sizes.append(self.size)
        return original(self)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", load)
    upload = image_file("RGB", (6000, 4000), "JPEG", "foto.jpg")

    result = uploads.reencode_image(upload, max_bytes=5 * uploads.MB, max_side=2400)

    assert sizes and sizes[0][0] * sizes[0][1] <= 3000 * 2000  # decoded at half the size, not 6000 × 4000
    with Image.open(result) as image:
        assert image.size == (2400, 1600)


def test_a_screenshot_sized_png_is_still_taken():
    result = uploads.reencode_image(
        image_file("RGB", (3840, 2160), "PNG", "bildschirm.png"), max_bytes=5 * uploads.MB, max_side=2400
    )

    with Image.open(result) as image:
        assert image.size == (2400, 1350)


@pytest.mark.parametrize(
    ("mode", "size", "image_format"),
    [("1", (4000, 3001), "PNG"), ("1", (4000, 3001), "WEBP"), ("L", (6001, 4000), "JPEG")],
)
def test_the_caps_per_format(decoding_forbidden, mode, size, image_format):
    upload = image_file(mode if image_format != "WEBP" else "L", size, image_format, f"bild.{image_format.lower()}")

    with pytest.raises(ValidationError) as refused:
        uploads.reencode_image(upload, max_bytes=5 * uploads.MB, max_side=2400)

    assert refused.value.code == "too_many_pixels"


def test_a_document_check_can_be_limited_to_some_types():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vielfalt.core.lib.uploads import check_document

    pdf = SimpleUploadedFile("handout.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    _file, kind = check_document(pdf, max_bytes=1024, types={"pdf", "docx"})
    assert kind.extension == "pdf"

    pptx = SimpleUploadedFile("folien.pptx", b"PK\x03\x04", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as refused:
        check_document(pptx, max_bytes=1024, types={"pdf", "docx"})
    assert refused.value.code == "type"
    assert "PDF, DOCX" in refused.value.messages[0]
