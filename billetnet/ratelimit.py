"""A small fixed-window rate limiter on the cache, for forms where abuse is cheap.

allauth limits its own forms; this one serves ours (contact form today, member
posting later). With Redis as the cache the limit holds across app servers.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The visitor's address. Behind N trusted proxies (TRUSTED_PROXY_COUNT), the one the
    outermost proxy saw, read from X-Forwarded-For; never a value the client could choose."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("X-Forwarded-For", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_key(request) -> str:
    """A hashed key for the visitor: the member when logged in, else the IP address."""
    user = request.user
    raw = f"user:{user.pk}" if user.is_authenticated else f"ip:{client_ip(request)}"
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
