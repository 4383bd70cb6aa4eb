"""Django's Redis cache with one redis-py client per connection pool.

Django builds a new client object for every cache call, and building one fills
a table of some 160 response callbacks: that costs more than the round trip of
a cached page. A client is safe to share between threads, so each pool keeps one.
"""

from django.core.cache.backends import redis
from redis import Redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Redis] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
