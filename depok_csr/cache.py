"""
Django's Redis cache, with one Redis client object per connection pool instead of one per call.

Django's RedisCacheClient builds a new `redis.Redis` for every cache operation; redis-py 8
fills ~170 response callbacks in its constructor, about 0.35 ms of CPU, which is most of the
cost of serving a page from the page cache. A client object is safe to share between threads
and holds no connection of its own (the pool does, and notices a fork).
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
