"""Reading request parameters that people and robots can type anything into."""

import ipaddress
import re

from django.conf import settings

_ID = re.compile(r"[0-9]{1,18}")  # ASCII digits only ("²".isdigit() is true), within a bigint


def int_param(value: str | None) -> int | None:
    """The id in a GET parameter, or None for anything that is not a plain positive number."""
    return int(value) if value and _ID.fullmatch(value) else None


def client_ip(request) -> str | None:
    """The client's address: behind PROXY_COUNT trusted proxies, the one they saw (X-Forwarded-For).

    The one owner of "who is this": the public form's limits and django-axes's login throttle
    (AXES_CLIENT_IP_CALLABLE) both ask here, so a proxy's own address is never counted. Whatever
    a client forges into the header, the answer is a valid address or None (axes stores it in an
    inet column).
    """
    proxies = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    candidate = forwarded[-proxies] if proxies and len(forwarded) >= proxies else request.META.get("REMOTE_ADDR")
    return _valid_address(candidate) or _valid_address(request.META.get("REMOTE_ADDR"))


def _valid_address(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None
