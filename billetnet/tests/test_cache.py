"""billetnet.cache.RedisCache: Django's Redis cache, one client per pool."""

import pytest
import redis

from billetnet.cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": "billetnet-cache-test"})
    yield backend
    backend.clear()


def test_the_client_is_built_once_and_works(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    assert redis_cache._cache.get_client() is client
    redis_cache.set("clé", {"valeur": 1}, 30)
    assert redis_cache.get("clé") == {"valeur": 1}
    assert redis_cache.add("clé", "autre", 30) is False
    redis_cache.delete("clé")
    assert redis_cache.get("clé", "absente") == "absente"
