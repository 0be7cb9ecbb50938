"""One rate limit for everything anybody may post repeatedly: the public contact and event
registration forms, enterprise access requests, DOIT's invitations.

A fixed window counted in the shared cache (Redis in production), so every worker sees the same
counters. ``client_address`` is also django-axes' (``AXES_CLIENT_IP_CALLABLE``), so the login
lock-out and the rate limits agree on who the client is.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str | None:
    """``REMOTE_ADDR`` — or, behind ``REVERSE_PROXY_COUNT`` proxies that each append the address
    they were called from to X-Forwarded-For, the entry the outermost one wrote. Entries to its
    left are whatever the client sent and are never read, so nobody picks their own bucket.
    ``None`` when there is no address at all (axes stores it as an IP address or nothing)."""
    proxies = settings.REVERSE_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def over_limit(key: str, *, limit: int, seconds: int) -> bool:
    """Count one more attempt under ``key``; True once the count passes ``limit`` in the window."""
    cache_key = f"sxsh:rate:{key}"
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds)
        count = 1
    return count > limit
