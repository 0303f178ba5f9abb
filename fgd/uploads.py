"""Checks for uploaded photos and documents: JPEG, PNG or PDF, judged by content, not by name."""

import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

# Leading bytes ("magic numbers") of the accepted types.
SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
# A phone photo is 12–50 megapixels; a few kilobytes that claim far more are a decompression bomb.
MAX_IMAGE_PIXELS = 64_000_000


def sniff_content_type(upload) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def validate_upload(upload) -> str:
    """Returns the detected content type, or raises ValidationError with a message for people."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(_("Only JPEG or PNG photos and PDF documents are accepted."), code="bad_type")
    if content_type.startswith("image/"):
        _check_image(upload)
    return content_type


def _check_image(upload) -> None:
    """Reads the photo's header (never its pixels) and refuses what cannot be a real photo."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        width = height = MAX_IMAGE_PIXELS  # over the limit: refused below
    except Exception as unreadable:  # Pillow raises many types for broken files
        raise ValidationError(_("The photo cannot be read; it may be damaged."), code="bad_image") from unreadable
    finally:
        upload.seek(0)
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("The photo is too large in pixels; the limit is %(limit)s megapixels.")
            % {"limit": MAX_IMAGE_PIXELS // 1_000_000},
            code="too_many_pixels",
        )


def private_file_response(handle, *, content_type: str, name: str, inline: bool = False) -> FileResponse:
    """A staff-only file: named with its detected type's extension, never cached on the way."""
    extension = EXTENSIONS.get(content_type, "")
    filename = f"{PurePath(name).stem or 'file'}{extension}"
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
