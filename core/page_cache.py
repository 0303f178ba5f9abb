"""Whole pages and page bodies cached under version tokens that any write to what they show replaces.

Two tokens live in the shared cache. The *public version* keys the public pages' bodies (the
tracking page, the approved plan, "you said, we did": `cached_public`); the *staff version* keys
whole staff pages (the lists, the dashboard, the plan page: `cached_staff_page`).

Invalidation is not left to each service remembering to call something: every connection gets
an execute wrapper (installed in core.apps on `connection_created`) that looks at each INSERT,
UPDATE or DELETE and replaces the tokens whose pages may show that table (UNWATCHED_TABLE_PREFIXES:
what the public never sees; STAFF_UNWATCHED_TABLE_PREFIXES: what no page shows, written by every
request), at once and again when the transaction commits. So QuerySet.update, bulk_create, the
admin, the Celery worker and management commands all count, and no reader caches what it read
before the commit under the token that follows it (a request reads the token before it reads the
rows). Writes made outside Django (psql) are not seen: PUBLIC_SECONDS and STAFF_SECONDS bound them.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import uuid
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

from .access import user_role

logger = logging.getLogger(__name__)
T = TypeVar("T")

PUBLIC_VERSION_KEY = "csrplan:public-version"
PUBLIC_SECONDS = 3600
STAFF_VERSION_KEY = "csrplan:staff-version"
STAFF_SECONDS = 600

# Written on requests or by jobs, never shown on a public page: a write here keeps the cache.
UNWATCHED_TABLE_PREFIXES = (
    "django_session",
    "django_admin_log",
    "axes_",
    "notifications_",
    "auth_user",
    "reports_reportjob",
)
# Written by ordinary requests (the session's clock, login attempts) and shown on no cached staff
# page. Everything else counts: the navbar names the user and counts their unread messages, the
# reports list shows its jobs' progress.
STAFF_UNWATCHED_TABLE_PREFIXES = ("django_session", "django_admin_log", "axes_")

_PLAIN_NAME = re.compile(r"[\w:.-]{1,100}", re.ASCII)
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)


def _version(key: str) -> str:
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(key, version, None)
        version = cache.get(key, version)
    return version


def public_version() -> str:
    return _version(PUBLIC_VERSION_KEY)


def staff_version() -> str:
    return _version(STAFF_VERSION_KEY)


def _replace(keys: tuple[str, ...]) -> None:
    try:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)
    except Exception as error:  # the write itself must not fail because the cache is down
        logger.warning("Page cache not invalidated, the cache is unavailable: %s", error)


def bump_public_version() -> None:
    _replace((PUBLIC_VERSION_KEY,))


def bump_staff_version() -> None:
    _replace((STAFF_VERSION_KEY,))


_BUMPS = {PUBLIC_VERSION_KEY: bump_public_version, STAFF_VERSION_KEY: bump_staff_version}


def versions_replaced_by(sql: str) -> tuple[str, ...]:
    """The version keys an SQL statement replaces: none unless it writes, then per its table."""
    match = _WRITE.match(sql)
    if not match:
        return ()
    table = match.group(1).lower()
    keys = []
    if not table.startswith(UNWATCHED_TABLE_PREFIXES):
        keys.append(PUBLIC_VERSION_KEY)
    if not table.startswith(STAFF_UNWATCHED_TABLE_PREFIXES):
        keys.append(STAFF_VERSION_KEY)
    return tuple(keys)


def is_watched_write(sql: str) -> bool:
    """Whether the statement makes the public pages' cache stale."""
    return PUBLIC_VERSION_KEY in versions_replaced_by(sql)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    keys = versions_replaced_by(sql) if isinstance(sql, str) else ()
    if keys:
        _replace(keys)
        connection = context["connection"]
        if connection.in_atomic_block:
            pending = {f for _, f, _ in connection.run_on_commit}
            for key in keys:
                if _BUMPS[key] not in pending:
                    transaction.on_commit(_BUMPS[key], using=connection.alias)
    return result


def install_write_watch(sender, connection, **kwargs) -> None:
    """connection_created receiver."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


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


def cached_staff_page(name: str) -> Callable:
    """Serves a staff page's GET from the cache while nothing it may show has been written.

    Keyed by page name, user, role, session, language, local date, host, full path and htmx headers
    (so nothing a user or a session sees reaches another, and a search kept in the session stays
    its own); stored with the staff version it was rendered under and read with the current one in
    one round trip. The version is read before the view reads its rows; a page may also end at a
    moment its view names (`page_changes_at`). Not served from the cache,
    nor stored: a request with messages waiting, a response with messages, cookies or a status
    other than 200. Goes under the access decorators (`role_required` runs first). A cache that is
    down only costs the rendering.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def serve(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            staff = request.user.is_authenticated
            if not staff or request.method not in ("GET", "HEAD") or len(get_messages(request)):
                return view(request, *args, **kwargs)
            key = _staff_page_key(name, request)
            try:
                found = cache.get_many([STAFF_VERSION_KEY, key])
                version = found.get(STAFF_VERSION_KEY) or staff_version()
            except Exception as error:
                logger.warning("Staff page cache unavailable: %s", error)
                return view(request, *args, **kwargs)
            stored = found.get(key)
            if stored is not None and stored[0] == version and (stored[1] is None or _clock() < stored[1]):
                return _with_csrf_token(request, HttpResponse(stored[3], content_type=stored[2]))
            setattr(request, _RENDERING_FOR_CACHE, True)
            try:
                response = view(request, *args, **kwargs)
                if isinstance(response, SimpleTemplateResponse):
                    response.render()
            finally:
                setattr(request, _RENDERING_FOR_CACHE, False)
            if _storable(request, response):
                try:
                    valid_until = getattr(request, _VALID_UNTIL, None)
                    stored = (version, valid_until, response["Content-Type"], response.content)
                    cache.set(key, stored, STAFF_SECONDS)
                except Exception as error:
                    logger.warning("Staff page not cached, the cache is unavailable: %s", error)
            return _with_csrf_token(request, response)

        return serve

    return decorate


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
    return ordinary and not len(get_messages(request))


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
