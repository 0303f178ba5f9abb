"""Whole pages and page bodies, cached under version tokens that any write to what they show replaces.

The public pages' bodies (the tracking page, the approved plan, "you said, we did") are cached
under the *public* token (`cached_public`); whole staff pages (the lists, the dashboard, the plan
page, the detail pages) under the *staff* token (`cached_staff_page`). Which writes replace which
token is decided in core/versions.py, by one execute wrapper that sees every write Django sends.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import TypeVar

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.utils import timezone, translation

from . import versions
from .access import user_role

logger = logging.getLogger(__name__)
T = TypeVar("T")

PUBLIC_VERSION_KEY = versions.PUBLIC
PUBLIC_SECONDS = 3600
STAFF_VERSION_KEY = versions.STAFF
STAFF_SECONDS = 600

_PLAIN_NAME = re.compile(r"[\w:.-]{1,100}", re.ASCII)


def public_version() -> str:
    return versions.current(PUBLIC_VERSION_KEY)


def bump_public_version() -> None:
    versions.replace(PUBLIC_VERSION_KEY)


def bump_staff_version() -> None:
    """Every staff page renders afresh (an erasure, a benchmark's "after a write", a test)."""
    versions.replace(STAFF_VERSION_KEY)


def cached_public(name: str, render: Callable[[], T | None]) -> T | None:
    """The cached rendering of a public page's part, or `render()`'s (None: nothing to show, not
    cached). The value must pickle (rendered HTML, a dict of strings).

    Keyed by page, language and local date (a page may count months from today); stored with the
    version it was rendered under, and read together with the current version in one round trip:
    a different version is a miss. The version is read before the rows, so what is stored under a
    version was read after it was set. A cache that is down only costs the rendering; a name that
    is not a plain key (it holds what a visitor typed) is rendered uncached.
    """
    if not _PLAIN_NAME.fullmatch(name):
        return render()
    key = f"csrplan:public:{name}:{translation.get_language()}:{timezone.localdate().isoformat()}"
    try:
        found = cache.get_many([PUBLIC_VERSION_KEY, key])
    except Exception as error:
        logger.warning("Public page cache unavailable: %s", error)
        return render()
    version = found.get(PUBLIC_VERSION_KEY) or public_version()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = render()
    if value is not None:
        try:
            cache.set(key, (version, value), PUBLIC_SECONDS)
        except Exception as error:
            logger.warning("Public page not cached, the cache is unavailable: %s", error)
    return value


# --- Whole staff pages ---------------------------------------------------------------------------

# Rendered in place of the CSRF token while a staff page is rendered for the cache, and replaced
# by the requesting session's token whenever the page is served: a stored page holds no token.
CSRF_PLACEHOLDER = "csrplan-page-cache-csrf-token-placeholder"
_RENDERING_FOR_CACHE = "_csrplan_rendering_for_cache"
_VALID_UNTIL = "_csrplan_page_valid_until"


def csrf_placeholder(request: HttpRequest) -> dict:
    """Context processor (after Django's own csrf one, so it wins while a cached page renders)."""
    if getattr(request, _RENDERING_FOR_CACHE, False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def _clock() -> float:
    return time.time()


def page_changes_at(request: HttpRequest, moment: datetime) -> None:
    """A cached page that shows what is upcoming and what is past (an FGD starting at 14:00) is
    only served until that moment; the view says when (the earliest such moment counts)."""
    until = moment.timestamp()
    current = getattr(request, _VALID_UNTIL, None)
    setattr(request, _VALID_UNTIL, until if current is None else min(current, until))


# What every staff page shows whatever it reads: the user (read before the view, by the session's
# authentication) and the global staff token.
ALWAYS = (versions.STAFF, versions.table_token("auth_user"), versions.table_token("auth_user_groups"))
_UNKNOWN = "?"  # a dependency first read by this rendering: its value before the rendering is unknown


def cached_staff_page(name: str) -> Callable:
    """Serves a staff page's GET from the cache while nothing it shows has been written.

    Keyed by page name, user, role, session, language, local date, host, full path and htmx headers
    (so nothing a user or a session sees reaches another, and a search kept in the session stays
    its own). Stored with what it depends on: the tokens of the tables its queries read, the
    tokens and keys its cached parts read (core/versions.py `collecting`), ALWAYS, each with its
    value read *before* the rendering (the dependencies of the page's previous copy, or ALWAYS on
    a first visit); a dependency first seen by a rendering is stored as unknown, so the next
    request renders again and learns its value. Served while every dependency still has its
    value: a write to a table the page read replaces that table's token (a triage decision does
    not re-render the reports list). A page may also end at a moment its view names
    (`page_changes_at`). Not served from the cache, nor stored: a request with messages waiting; a
    response with messages, cookies, headers of its own (only the body and its type are kept) or a
    status other than 200. Goes under the access decorators (`role_required` runs first). A cache
    that is down only costs the rendering.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def serve(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            staff = request.user.is_authenticated
            if not staff or request.method not in ("GET", "HEAD") or len(get_messages(request)):
                return view(request, *args, **kwargs)
            key = _staff_page_key(name, request)
            try:
                stored = cache.get(key)
                before = _values_now([*ALWAYS, *(stored[0] if stored else ())])
            except Exception as error:
                logger.warning("Staff page cache unavailable: %s", error)
                return view(request, *args, **kwargs)
            if stored is not None and _still_valid(stored, before):
                return _with_csrf_token(request, HttpResponse(stored[4], content_type=stored[3]))
            setattr(request, _RENDERING_FOR_CACHE, True)
            try:
                with versions.collecting() as read:
                    response = view(request, *args, **kwargs)
                    if isinstance(response, SimpleTemplateResponse):
                        response.render()
            finally:
                setattr(request, _RENDERING_FOR_CACHE, False)
            if _storable(request, response):
                depends_on = sorted({*ALWAYS, *read})
                values = tuple(before.get(dependency, _UNKNOWN) for dependency in depends_on)
                valid_until = getattr(request, _VALID_UNTIL, None)
                try:
                    cache.set(
                        key,
                        (tuple(depends_on), values, valid_until, response["Content-Type"], response.content),
                        STAFF_SECONDS,
                    )
                except Exception as error:
                    logger.warning("Staff page not cached, the cache is unavailable: %s", error)
            return _with_csrf_token(request, response)

        return serve

    return decorate


def _values_now(keys: list[str]) -> dict[str, object]:
    """The current values of a page's dependencies; a missing token is made (a table nobody has
    written since the cache was emptied), a missing cached value (the bell's forgotten count) stays
    missing, so a page that depended on it is rendered again."""
    keys = list(dict.fromkeys(keys))
    found = cache.get_many(keys)
    for key in keys:
        if key not in found and versions.is_token(key):
            found[key] = versions.current(key)
    return found


def _still_valid(stored: tuple, now: dict[str, object]) -> bool:
    depends_on, values, valid_until = stored[0], stored[1], stored[2]
    if valid_until is not None and _clock() >= valid_until:
        return False
    return all(
        value != _UNKNOWN and now.get(key, _UNKNOWN) == value for key, value in zip(depends_on, values, strict=True)
    )


def _staff_page_key(name: str, request: HttpRequest) -> str:
    role = user_role(request.user)
    seen_as = "\n".join(
        (
            request.session.session_key or "",
            request.get_host(),  # the FGD page prints its public form's absolute URL
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
        )
    )
    digest = hashlib.blake2b(seen_as.encode(), digest_size=16).hexdigest()
    language = translation.get_language()
    day = timezone.localdate().isoformat()
    return f"csrplan:staff:{name}:{request.user.pk}:{role or ''}:{language}:{day}:{digest}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    ordinary = response.status_code == 200 and not response.streaming and not response.cookies
    only_its_type = {name.lower() for name in response.headers} <= {"content-type"}
    return ordinary and only_its_type and not len(get_messages(request))


def _with_csrf_token(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if not response.streaming:
        placeholder = CSRF_PLACEHOLDER.encode()
        if placeholder in response.content:
            response.content = response.content.replace(placeholder, get_token(request).encode())
    return response


# --- Erasure ---------------------------------------------------------------------------------------

# Rendered pages and fragments: copies of what the database held, which may print a person's name.
RENDERED_KEY_PATTERNS = ("csrplan:staff:*", "csrplan:public:*", "template.cache.*", "dashboard:*", "plan-page-facts:*")


def forget_rendered_pages() -> None:
    """An erasure reaches the cache too: every stored page and fragment is deleted, not only made
    unreachable by a new version, at once and again when the erasure commits (a page rendered from
    the old rows meanwhile is deleted with the rest). Hooked to stakeholders.erasure by core.apps."""

    def forget() -> None:
        delete_matching = getattr(cache, "delete_matching", None)  # core.cache.RedisCache
        try:
            if delete_matching is not None:
                delete_matching(RENDERED_KEY_PATTERNS)
            else:  # a cache of this process (development): nothing else lives in it that matters
                cache.clear()
        except Exception as error:
            logger.error("Rendered pages could not be deleted from the cache after an erasure: %s", error)

    forget()
    transaction.on_commit(forget)
