"""The QR code and short link of a session, pointing at the public form pre-tagged with the session."""

import io
from urllib.parse import urlencode

import segno
from django.urls import reverse

from .models import FgdSession


def public_form_url(request, session: FgdSession) -> str:
    """Absolute URL of the public form for this session (what the QR code encodes)."""
    path = f"{reverse('aspirations:submit')}?{urlencode({'session': session.public_code})}"
    return request.build_absolute_uri(path)


def short_url(request, session: FgdSession) -> str:
    """A link short enough to write on a whiteboard or read aloud."""
    return request.build_absolute_uri(reverse("fgd:short_link", kwargs={"code": session.public_code}))


def qr_svg(url: str, *, scale: int = 8, inline: bool = True) -> str:
    """SVG of the QR code; error correction "M" survives a smudged printout.

    inline: markup to put in a page (no XML declaration, scales with CSS); otherwise a whole SVG file.
    """
    code = segno.make(url, error="m", micro=False)
    if inline:
        return code.svg_inline(scale=scale, border=2, title=url, omitsize=True, svgclass="qr-code")
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=scale, border=4, title=url)
    return buffer.getvalue().decode()
