"""A small fixed-window rate limiter on the cache, for forms where abuse is cheap.

allauth limits its own forms; this one serves ours (contact form today, member
posting later). With Redis as the cache the limit holds across app servers.
"""

import hashlib

from django.core.cache import cache


def client_key(request) -> str:
    """A hashed key for the visitor: the member when logged in, else the IP address."""
    if request.user.is_authenticated:
        raw = f"user:{request.user.pk}"
    else:
        raw = f"ip:{request.META.get('REMOTE_ADDR', '')}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def rate_limit_hit(*, action: str, key: str, limit: int, period: int) -> bool:
    """Count one attempt; return True while the attempt is within the limit."""
    cache_key = f"ratelimit:{action}:{key}"
    if cache.add(cache_key, 1, timeout=period):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window expired between add() and incr()
        cache.add(cache_key, 1, timeout=period)
        return True
    return count <= limit
