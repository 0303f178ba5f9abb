"""Staff sessions read from the shared cache, written through to the database.

Every staff request reads its session; Django's `cached_db` store answers that read from the cache
(Redis in production) and writes every change to the database too, so the database stays the
record and a cache that is emptied only costs one read. Logout, the idle and absolute timeouts
(core.middleware.StaffSessionTimeoutMiddleware) and a password change all end a session through
the store (`flush`/`cycle_key` → `delete`), which removes the cached copy with the row.

This store adds one thing to Django's: with the cache down a session is read from the database,
as without a cache (Django's `load` would fail the request on putting it back in the cache).
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

logger = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception as error:
            logger.warning("Session read from the database, the cache failed: %s", error)
            return self._load_from_db(put_back=False)
        if data is None:
            return self._load_from_db(put_back=True)
        return data

    def _load_from_db(self, *, put_back: bool) -> dict:
        row = self._get_session_from_db()
        if not row:
            return {}
        data = self.decode(row.session_data)
        if put_back:
            try:
                self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=row.expire_date))
            except Exception as error:
                logger.warning("Session not cached: %s", error)
        return data

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except Exception as error:  # the cache is down: the database alone answers
            logger.warning("Session looked up in the database only, the cache failed: %s", error)
            return self.model.objects.filter(session_key=session_key).exists()
