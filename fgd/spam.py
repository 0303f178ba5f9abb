"""Abuse protection of the public form: a signed render time and a per-IP rate limit.

The honeypot field lives in forms_public.py; CSRF is Django's. Everything here stores nothing
in the database: the rate limit counts in the shared cache (Redis in production).
"""

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

TIMESTAMP_SALT = "fgd.public-form.rendered-at"
# A form left open longer than this (a whole working day) must be sent again.
TIMESTAMP_MAX_AGE = 24 * 3600
RATE_WINDOW_SECONDS = 3600


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


def _rate_key(ip: str, kind: str) -> str:
    window = int(time.time() // RATE_WINDOW_SECONDS)
    return f"fgd:{kind}:{ip}:{window}"


def rate_limit_reached(ip: str, *, kind: str = "submissions") -> bool:
    limit = settings.PUBLIC_FORM_RATE_LIMIT if kind == "submissions" else TRACK_FAILURE_LIMIT
    return (cache.get(_rate_key(ip, kind)) or 0) >= limit


def count_attempt(ip: str, *, kind: str = "submissions") -> None:
    key = _rate_key(ip, kind)
    # add() is atomic: only the first submission of the window creates the counter.
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, RATE_WINDOW_SECONDS)
