"""Checks for uploaded photos and documents: JPEG, PNG or PDF, judged by content, not by name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Leading bytes ("magic numbers") of the accepted types.
SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}


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
    return content_type
