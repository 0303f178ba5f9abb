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
