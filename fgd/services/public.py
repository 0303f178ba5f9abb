"""Abuse protection of the public form: a signed render time and rate limits.

Two allowances, one owner (`allowance_for`): an untagged post counts against its address (a few an
hour); a post tagged with an FGD's public code on that FGD's own day (in WITA) counts against the
session (FGD_SESSION_DAILY_SUBMISSIONS a day), because a whole room shares the venue's Wi-Fi or a
carrier's NAT, i.e. one address. A stale QR code (another day) falls back to the address's limit.

The honeypot field lives in fgd/forms/public.py; CSRF is Django's. Everything here stores nothing
in the database: the rate limit counts in the shared cache (Redis in production). When the
cache is down the limits are not applied (logged), rather than refusing every citizen: the
honeypot and the minimum time still hold.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

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


# A session's counter outlives its day a little, so a post at 23:59 WITA is still counted.
SESSION_WINDOW_SECONDS = 2 * 24 * 3600


@dataclass(frozen=True)
class Allowance:
    """One counter: its cache key, its limit and how long it lives."""

    key: str
    limit: int
    seconds: int


def session_day_is_today(session) -> bool:
    """Whether today (in WITA, the project's time zone) is the session's day: its QR code is live."""
    return session is not None and timezone.localtime(session.starts_at).date() == timezone.localdate()


def allowance_for(ip: str | None, *, kind: str = "submissions", session=None) -> Allowance:
    """The counter a post is charged to: the session's on its day when tagged, else the address's."""
    if kind == "submissions" and session_day_is_today(session):
        day = timezone.localdate().isoformat()
        return Allowance(
            f"fgd:session-submissions:{session.pk}:{day}",
            settings.FGD_SESSION_DAILY_SUBMISSIONS,
            SESSION_WINDOW_SECONDS,
        )
    window = int(time.time() // RATE_WINDOW_SECONDS)
    return Allowance(f"fgd:{kind}:{ip}:{window}", _limit(kind), RATE_WINDOW_SECONDS)


def rate_limit_reached(ip: str | None, *, kind: str = "submissions", session=None) -> bool:
    """Whether this post's allowance is used up (read only: see take_slot for the count)."""
    allowance = allowance_for(ip, kind=kind, session=session)
    try:
        return (cache.get(allowance.key) or 0) >= allowance.limit
    except Exception as error:
        logger.warning("Rate limit %s not checked, the cache is unavailable: %s", kind, error)
        return False


def take_slot(ip: str | None, *, kind: str = "submissions", session=None) -> bool:
    """Counts one attempt and says whether it is within the allowance (the session's or the address's).

    One atomic increment decides, so parallel posts cannot overshoot the limit the way a
    read-then-count would.
    """
    allowance = allowance_for(ip, kind=kind, session=session)
    try:
        cache.add(allowance.key, 0, allowance.seconds)  # atomic: only the window's first attempt creates it
        try:
            count = cache.incr(allowance.key)
        except ValueError:  # expired between add() and incr()
            cache.set(allowance.key, 1, allowance.seconds)
            count = 1
    except Exception as error:
        logger.warning("Rate limit %s not counted, the cache is unavailable: %s", kind, error)
        return True
    return count <= allowance.limit


def count_attempt(ip: str | None, *, kind: str = "submissions") -> None:
    take_slot(ip, kind=kind)


def _limit(kind: str) -> int:
    return settings.PUBLIC_FORM_RATE_LIMIT if kind == "submissions" else TRACK_FAILURE_LIMIT
