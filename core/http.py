"""Reading request parameters that people and robots can type anything into."""

import re

from django.conf import settings

_ID = re.compile(r"[0-9]{1,18}")  # ASCII digits only ("²".isdigit() is true), within a bigint


def int_param(value: str | None) -> int | None:
    """The id in a GET parameter, or None for anything that is not a plain positive number."""
    return int(value) if value and _ID.fullmatch(value) else None


def client_ip(request) -> str:
    """The client's address: behind PROXY_COUNT trusted proxies, the one they saw (X-Forwarded-For).

    The one owner of "who is this": the public form's limits and django-axes's login throttle
    (AXES_CLIENT_IP_CALLABLE) both ask here, so a proxy's own address is never counted.
    """
    proxies = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    # No address at all (a request built in code, e.g. the test client's force_login): "", which
    # django-axes stores as NULL (its inet column refuses a word such as "unknown").
    return request.META.get("REMOTE_ADDR", "")
