"""image_verify: what every upload goes through."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from billetnet.images import image_square_webp, image_verify

LIMITS = {"max_bytes": 10 * 1024 * 1024, "max_pixels": 40_000_000}


def _png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge image: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_decompression_bomb_is_refused():
    upload = SimpleUploadedFile("bombe.png", _png_header_claiming(200_000, 200_000))
    with pytest.raises(ValidationError) as excinfo:
        image_verify(upload, **LIMITS)
    assert "trop grande" in str(excinfo.value)


def test_too_many_pixels_is_refused_before_decoding():
    upload = SimpleUploadedFile("large.png", _png_header_claiming(8000, 6000))
    with pytest.raises(ValidationError) as excinfo:
        image_verify(upload, **LIMITS)
    assert "8000 × 6000" in str(excinfo.value)


def test_truncated_image_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "blue").save(buffer, format="JPEG")
    upload = SimpleUploadedFile("coupe.jpg", buffer.getvalue()[:300])
    with pytest.raises(ValidationError):
        image_verify(upload, **LIMITS)


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "a.jpg"), ("PNG", "a.PNG"), ("WEBP", "a.webp")])
def test_accepted_formats(fmt, name):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format=fmt)
    image = image_verify(SimpleUploadedFile(name, buffer.getvalue()), **LIMITS)
    assert image.size == (40, 30)


def test_square_rendition_keeps_transparency():
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    rendition = image_square_webp(image, size=64, name="x.webp")
    with Image.open(rendition) as result:
        assert result.size == (64, 64)
        assert result.mode == "RGBA"
