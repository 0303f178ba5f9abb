import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fgd.uploads import validate_upload


def _png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_real_png_is_accepted():
    assert validate_upload(SimpleUploadedFile("photo.png", _png_bytes())) == "image/png"


def test_a_renamed_executable_is_refused():
    exe = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError, match="JPEG"):
        validate_upload(exe)


def test_a_file_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n" + b"0" * (6 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        validate_upload(big)
    assert error.value.code == "too_large"


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims the given size: what a decompression bomb looks like."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("width", "height"), [(20_000, 20_000), (100_000, 100_000)])
def test_a_photo_that_claims_too_many_pixels_is_refused(width, height):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("bomb.png", _png_claiming(width, height)))
    assert error.value.code == "too_many_pixels"


def test_a_damaged_photo_is_refused_with_a_message():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("broken.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50))
    assert error.value.code == "bad_image"
