"""HTML to PDF with WeasyPrint, safely: the document may only load the app's own static files.

User text ends up in the HTML (program names, minutes, aspirations). Django's templates escape
it, and the URL fetcher below is the second fence: whatever a document asks for, it gets only
the app's static files, never `file://` paths, never the network (and inline JPEG thumbnails).

In production `{% static %}` writes hashed names ("pdf.3f2a….css") that only the collected
static storage knows; in development the finders know the source names. The fetcher asks both.
"""

import base64
import hashlib
import logging
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger(__name__)

# The documents' base URL: relative links such as "/static/reports/pdf.css" resolve against
# it, and the fetcher accepts nothing outside it. ".invalid" is reserved: never resolvable.
BASE_URL = "https://csrplan.invalid/"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF with document structure, for screen readers
JPEG_DATA_URL = "data:image/jpeg;base64,"  # the only inline resource a document may carry


class RefusedResource(ValueError):
    """A document asked for something other than one of the app's static files."""


class StaticOnlyFetcher(URLFetcher):
    """Serves the app's static files to WeasyPrint and refuses every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=["https"], allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith(JPEG_DATA_URL):
            # Thumbnails the document builder made itself (evidence photos): decoded, never fetched.
            try:
                body = base64.b64decode(url.removeprefix(JPEG_DATA_URL), validate=True)
            except ValueError:
                body = b""
            if body.startswith(b"\xff\xd8"):
                return URLFetcherResponse(url[:60], body, {"Content-Type": "image/jpeg"})
        name = self._static_name(url)
        body = self._read_static(name) if name else None
        if body is None:
            self.refused.append(url)
            logger.warning("PDF rendering refused to fetch %s", url[:200])
            raise RefusedResource(f"refused: {url[:200]}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    @staticmethod
    def _static_name(url: str) -> str | None:
        """The static file's name ("reports/pdf.css") if the URL is one of ours, else None."""
        parts = urlsplit(url)
        base = urlsplit(BASE_URL)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or parts.query:
            return None
        path = unquote(parts.path)
        if not path.startswith(settings.STATIC_URL) or ".." in path.split("/") or "\x00" in path:
            return None
        return path.removeprefix(settings.STATIC_URL)

    @staticmethod
    def _read_static(name: str) -> bytes | None:
        # Collected files first (hashed names exist only there), then the source directories.
        # Both refuse names that leave their directory (SuspiciousFileOperation).
        try:
            if staticfiles_storage.exists(name):
                with staticfiles_storage.open(name) as handle:
                    return handle.read()
        except (SuspiciousFileOperation, OSError):
            return None
        found = finders.find(name)
        if not isinstance(found, str):
            return None
        with open(found, "rb") as handle:
            return handle.read()


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int
    refused: tuple[str, ...] = ()  # URLs the document asked for and did not get

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def html_to_pdf(html: str, *, on_progress: Callable[[int], None] | None = None) -> RenderedPdf:
    """Lays out and writes the PDF; reports progress between layout and writing."""
    fetcher = StaticOnlyFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)
    if on_progress:
        on_progress(80)
    content = document.write_pdf(pdf_variant=PDF_VARIANT)
    return RenderedPdf(content=content, page_count=len(document.pages), refused=tuple(fetcher.refused))
