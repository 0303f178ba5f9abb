"""The public pages' rendered parts, cached by a version that any write to what they show replaces.

The tracking page, the approved plan and "you said, we did" are read by anyone, often, and
change only when staff write: a status change, a public note, a merge, a plan approved or
revised, a realisation recorded, a category or region renamed, minutes made final. Their
rendered body is cached per page, language and day under `public_version()`, a token in the
shared cache.

Invalidation is not left to each service remembering to call something: every connection gets
an execute wrapper (installed in core.apps on `connection_created`) that looks at each INSERT,
UPDATE or DELETE and, unless its table is one the public pages never show (sessions, login
attempts, the outbox, …: UNWATCHED_TABLE_PREFIXES), replaces the token at once and again when
the transaction commits. So QuerySet.update, bulk_create, the admin, the Celery worker and
management commands all count, and no reader caches what it read before the commit under the
token that follows it (a request reads the token before it reads the rows). Writes made outside
Django (psql) are not seen: PUBLIC_SECONDS bounds them.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

logger = logging.getLogger(__name__)
T = TypeVar("T")

VERSION_KEY = "csrplan:public-version"
PUBLIC_SECONDS = 3600

# Written on requests or by jobs, never shown on a public page: a write here keeps the cache.
UNWATCHED_TABLE_PREFIXES = (
    "django_session",
    "django_admin_log",
    "axes_",
    "notifications_",
    "auth_user",
    "reports_reportjob",
)

_PLAIN_NAME = re.compile(r"[\w:.-]{1,100}", re.ASCII)
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)


def public_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_public_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception as error:  # the write itself must not fail because the cache is down
        logger.warning("Public page cache not invalidated, the cache is unavailable: %s", error)


def is_watched_write(sql: str) -> bool:
    match = _WRITE.match(sql)
    return bool(match) and not match.group(1).lower().startswith(UNWATCHED_TABLE_PREFIXES)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and is_watched_write(sql):
        bump_public_version()
        connection = context["connection"]
        if connection.in_atomic_block and not any(f is bump_public_version for _, f, _ in connection.run_on_commit):
            transaction.on_commit(bump_public_version, using=connection.alias)
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
        found = cache.get_many([VERSION_KEY, key])
    except Exception as error:
        logger.warning("Public page cache unavailable: %s", error)
        return render()
    version = found.get(VERSION_KEY) or public_version()
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
