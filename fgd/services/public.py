"""Abuse protection of the public form: a signed render time and a per-IP rate limit.

The honeypot field lives in fgd/forms/public.py; CSRF is Django's. Everything here stores nothing
in the database: the rate limit counts in the shared cache (Redis in production). When the
cache is down the limits are not applied (logged), rather than refusing every citizen: the
honeypot and the minimum time still hold.
"""

import logging
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

TIMESTAMP_SALT = "fgd.public-form.rendered-at"
# A form left open longer than this (a whole working day) must be sent again.
TIMESTAMP_MAX_AGE = 24 * 3600
RATE_WINDOW_SECONDS = 3600

logger = logging.getLogger(__name__)


RECEIPT_SALT = "fgd.public-form.receipt"
RECEIPT_MAX_AGE = 3600


def signed_receipt(tracking_code: str) -> str:
    """The thank-you page's proof of a submission, carried in its URL: no session write after the commit."""
    return signing.dumps(tracking_code, salt=RECEIPT_SALT, compress=False)


def receipt_code(token: str) -> str | None:
    try:
        code = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except (signing.BadSignature, TypeError):
        return None
    return code if isinstance(code, str) else None


def signed_render_time() -> str:
    return signing.dumps(time.time(), salt=TIMESTAMP_SALT)


def seconds_since_render(token: str) -> float | None:
    """None when the token is missing, forged or too old."""
    try:
        rendered_at = signing.loads(token, salt=TIMESTAMP_SALT, max_age=TIMESTAMP_MAX_AGE)
    except (signing.BadSignature, TypeError):
        return None
    if not isinstance(rendered_at, (int, float)):
        return None
    return time.time() - rendered_at


# Failed look-ups of tracking codes per IP and hour: enough for typos, far too few to guess codes.
TRACK_FAILURE_LIMIT = 30


def _rate_key(ip: str | None, kind: str) -> str:
    window = int(time.time() // RATE_WINDOW_SECONDS)
    return f"fgd:{kind}:{ip}:{window}"


def rate_limit_reached(ip: str | None, *, kind: str = "submissions") -> bool:
    """Whether this address has used its allowance (read only: see take_slot for the count)."""
    try:
        return (cache.get(_rate_key(ip, kind)) or 0) >= _limit(kind)
    except Exception as error:
        logger.warning("Rate limit %s not checked, the cache is unavailable: %s", kind, error)
        return False


def take_slot(ip: str | None, *, kind: str = "submissions") -> bool:
    """Counts one attempt and says whether it is within the allowance.

    One atomic increment decides, so parallel posts cannot overshoot the limit the way a
    read-then-count would.
    """
    key = _rate_key(ip, kind)
    try:
        cache.add(key, 0, RATE_WINDOW_SECONDS)  # atomic: only the window's first attempt creates it
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, RATE_WINDOW_SECONDS)
            count = 1
    except Exception as error:
        logger.warning("Rate limit %s not counted, the cache is unavailable: %s", kind, error)
        return True
    return count <= _limit(kind)


def count_attempt(ip: str | None, *, kind: str = "submissions") -> None:
    take_slot(ip, kind=kind)


def _limit(kind: str) -> int:
    return settings.PUBLIC_FORM_RATE_LIMIT if kind == "submissions" else TRACK_FAILURE_LIMIT
