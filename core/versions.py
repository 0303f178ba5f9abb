"""Version tokens: what a write makes stale, decided in one place.

Cached pages and fragments are keyed by (or stored with) tokens in the shared cache; a reader
reads the token before it reads the rows. Invalidation is not left to each service remembering
to call something: every connection gets an execute wrapper (installed in core.apps on
`connection_created`) that looks at each INSERT, UPDATE or DELETE and replaces the tokens whose
readers may show its table, at once and again when the transaction commits. So QuerySet.update,
bulk_create, data migrations, the admin, the Celery worker and management commands all count, and
no reader can leave what it read before the commit under the token that follows it. Writes made
outside Django (psql) are not seen: the readers' timeouts bound them.

- public: the public pages' bodies (core.page_cache.cached_public); replaced by a write to any
  table but UNWATCHED_BY_PUBLIC;
- a table token per table ("csrplan:table:<name>"): whole staff pages (core.page_cache.cached_staff_page)
  depend on the tokens of the tables they read, noted while they render (`collecting`), and on
  the tokens and keys their cached parts read (`note`); a write replaces its table's token,
  tables in UNWATCHED_BY_STAFF aside;
- staff: every staff page depends on it; replaced only by `bump_staff_version` (an erasure, a
  benchmark's "after a write", a test);
- reference: filter bars and forms' options (core.fragments.reference_version); the tables of
  settings.REFERENCE_DATA_MODELS;
- plan data: the monitoring panel, the plan page's and traceability's sections
  (core.fragments.plan_data_version); the tables of settings.PLAN_DATA_MODELS and their
  many-to-many links, a sign-in's last_login stamp aside.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache as memoize

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

PUBLIC = "csrplan:public-version"
STAFF = "csrplan:staff-version"
REFERENCE = "csrplan:reference-version"
PLAN_DATA = "csrplan:plan-data-version"

# Written on requests or by jobs, never shown on a public page: a write here keeps the public cache.
UNWATCHED_BY_PUBLIC = (
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
UNWATCHED_BY_STAFF = ("django_session", "django_admin_log", "axes_")

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)
# A sign-in stamps the user's last_login: not a change of the names plan pages print.
_LAST_LOGIN = re.compile(r'^\s*UPDATE\s+[`"]?auth_user[`"]?\s+SET\s+[`"]?last_login[`"]?\s*=\s*%s\s+WHERE', re.I)


TABLE_PREFIX = "csrplan:table:"
_READ = re.compile(r'\b(?:FROM|JOIN)\s+[`"](\w+)[`"]', re.IGNORECASE)
# The keys read while a staff page renders (None: nobody is collecting).
_collected: ContextVar[set[str] | None] = ContextVar("csrplan_versions_collected", default=None)


def table_token(table: str) -> str:
    return TABLE_PREFIX + table.lower()


def is_token(key: str) -> bool:
    """A token (made when missing), not a cached value such as the bell's count."""
    return key.startswith(TABLE_PREFIX) or key in (PUBLIC, STAFF, REFERENCE, PLAN_DATA)


@contextmanager
def collecting() -> Iterator[set[str]]:
    """The token and cache keys that what runs inside reads: the tables its queries read (their
    table tokens), the tokens it asks for (`current`) and the keys its readers `note`."""
    keys: set[str] = set()
    reset = _collected.set(keys)
    try:
        yield keys
    finally:
        _collected.reset(reset)


def note(key: str) -> None:
    """A reader of a cached value that a staff page shows (the bell's count) says so."""
    keys = _collected.get()
    if keys is not None:
        keys.add(key)


def current(key: str) -> str:
    """The token's value, made when missing (any value will do: readers compare, never parse)."""
    note(key)
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(key, version, None)
        version = cache.get(key, version)
    return version


def replace(*keys: str) -> None:
    try:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)
    except Exception as error:  # the write itself must not fail because the cache is down
        logger.warning("Cached pages not invalidated, the cache is unavailable: %s", error)


def replace_all(**_signal_kwargs) -> None:
    """post_migrate: what any cached page shows may have changed shape (STAFF reaches every staff page)."""
    replace(PUBLIC, STAFF, REFERENCE, PLAN_DATA)


@memoize
def _tables_of(labels: frozenset[str], *, with_links: bool = False) -> frozenset[str]:
    """The models' tables (`with_links`: and the link tables of many-to-many fields on either side)."""
    models = {apps.get_model(label) for label in labels}
    tables = {model._meta.db_table for model in models}
    for model in apps.get_models() if with_links else ():
        for field in model._meta.local_many_to_many:
            if model in models or field.related_model in models:
                tables.add(field.remote_field.through._meta.db_table)
    return frozenset(table.lower() for table in tables)


def tokens_replaced_by(sql: str) -> tuple[str, ...]:
    """The tokens an SQL statement replaces: none unless it writes, then per its table."""
    match = _WRITE.match(sql)
    if not match:
        return ()
    table = match.group(1).lower()
    tokens = []
    if not table.startswith(UNWATCHED_BY_PUBLIC):
        tokens.append(PUBLIC)
    if not table.startswith(UNWATCHED_BY_STAFF):
        tokens.append(table_token(table))
    if table in _tables_of(frozenset(settings.REFERENCE_DATA_MODELS)):
        tokens.append(REFERENCE)
    if table in _tables_of(frozenset(settings.PLAN_DATA_MODELS), with_links=True) and not _LAST_LOGIN.match(sql):
        tokens.append(PLAN_DATA)
    return tuple(tokens)


@memoize
def _replace_on_commit(key: str) -> Callable[[], None]:
    # One function per token: a transaction queues the replacement of each token once.
    return lambda: replace(key)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not isinstance(sql, str):
        return result
    collected = _collected.get()
    if collected is not None:
        collected.update(table_token(table) for table in _READ.findall(sql))
    tokens = tokens_replaced_by(sql)
    if tokens:
        replace(*tokens)
        connection = context["connection"]
        if connection.in_atomic_block:
            queued = {f for _, f, _ in connection.run_on_commit}
            for token in tokens:
                if _replace_on_commit(token) not in queued:
                    transaction.on_commit(_replace_on_commit(token), using=connection.alias)
    return result


def install_write_watch(sender, connection, **kwargs) -> None:
    """connection_created receiver."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)
