"""A moving-window count per bucket with `limits` (memory or Redis), failing closed.

Shared by the failed-authentication throttle and the model endpoints' rate limit. A moving
window: `30/minute` counts at most 30 in any 60 seconds, with no double burst where two fixed
windows meet. `hit` counts and checks in one step (under a lock in memory, in one Lua script in
Redis), so a parallel burst cannot slip past the limit between a check and a count.
"""

import logging
import math
import time
from collections.abc import Callable
from typing import TypeVar

from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

T = TypeVar("T")
log = logging.getLogger(__name__)


class MovingWindow:
    def __init__(
        self,
        limit: str,
        storage_url: str,
        namespace: str,
        unavailable: Callable[[], Exception],
    ) -> None:
        """`unavailable` makes the error raised when the storage cannot be reached: whoever set
        a limit relies on it, so an unknown count refuses rather than lets everything through."""
        self.limit: RateLimitItem = parse(limit)
        self._limiter = MovingWindowRateLimiter(
            storage_from_string(storage_url, wrap_exceptions=True)
        )
        self._namespace = namespace
        self._unavailable = unavailable

    def hit(self, bucket: str) -> bool:
        """Count one against `bucket`; False when it was already full (nothing counted)."""
        return self._reached(lambda: self._limiter.hit(self.limit, self._namespace, bucket))

    def has_room(self, bucket: str) -> bool:
        return self._reached(lambda: self._limiter.test(self.limit, self._namespace, bucket))

    def seconds_until_free(self, bucket: str) -> int:
        """Whole seconds (at least 1) until the oldest count leaves the window, freeing a slot."""
        stats = self._reached(
            lambda: self._limiter.get_window_stats(self.limit, self._namespace, bucket)
        )
        return max(1, math.ceil(stats.reset_time - time.time()))

    def _reached(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except StorageError as unreachable:
            log.error("%s storage unreachable: %s", self._namespace, unreachable.storage_error)
            raise self._unavailable() from unreachable
