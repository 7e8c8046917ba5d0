"""Verified API keys, remembered briefly so that a request does not pay a store round trip to
authenticate (the queue listing spends as long on that lookup as on its own query).

Only keys the store confirmed are remembered, never unknown ones: a key created a moment ago
works at once. A key revoked in the store keeps working for at most `ttl_s` seconds, in every
process and replica, since none of them is told. This class is the revocation seam: code that
revokes a key in this process calls `forget` (one key) or `clear` so it stops here at once.
"""

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from cachetools import TTLCache

if TYPE_CHECKING:
    from service.auth.principal import Principal

_MAX_KEYS = 4096


class VerifiedKeys:
    def __init__(self, ttl_s: float, timer: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        # TTLCache is not thread-safe, and lookups run on the event loop and in worker threads.
        self._lock = threading.Lock()
        self._principals: TTLCache[str, Principal] | None = (
            TTLCache(maxsize=_MAX_KEYS, ttl=ttl_s, timer=timer) if ttl_s > 0 else None
        )

    def get(self, key_hash: str) -> "Principal | None":
        if self._principals is None:
            return None
        with self._lock:
            return self._principals.get(key_hash)

    def remember(self, key_hash: str, principal: "Principal") -> None:
        if self._principals is not None:
            with self._lock:
                self._principals[key_hash] = principal

    def forget(self, key_hash: str) -> None:
        if self._principals is not None:
            with self._lock:
                self._principals.pop(key_hash, None)

    def clear(self) -> None:
        if self._principals is not None:
            with self._lock:
                self._principals.clear()
