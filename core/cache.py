"""Django's Redis cache, with one redis-py client per connection pool instead of one per operation.

Django builds a new `redis.Redis` around the (kept) connection pool on every cache call; building
it copies redis-py's table of response callbacks, about 530 Python calls, more than the GET it
wraps. Every staff page reads the cache at least twice (its session, the bell's count), so the
client is kept with its pool. A redis-py client over a pool is safe to share, and Django's caches
are already one per thread.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def delete_matching(self, patterns) -> int:
        """Deletes the keys matching any of the glob patterns (SCAN, not KEYS: Redis is not blocked)."""
        client = self._cache.get_client(write=True)
        deleted = 0
        for pattern in patterns:
            keys = list(client.scan_iter(match=self.make_key(pattern), count=1000))
            if keys:
                deleted += client.delete(*keys)
        return deleted
