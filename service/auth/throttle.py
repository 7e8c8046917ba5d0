"""Failed authentications per client address, counted with `limits` (memory or Redis).

Only failures count: a client that knows its key is never slowed. Past the limit, every
attempt from that address is refused until the window moves on, the right key included,
or guessing would go on at full speed.
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

from service.auth.errors import ThrottleUnavailable, TooManyFailures

T = TypeVar("T")
log = logging.getLogger(__name__)

_NAMESPACE = "deskcheck-auth-failures"


class AuthThrottle:
    def __init__(self, limit: str, storage_url: str) -> None:
        self.limit: RateLimitItem = parse(limit)
        storage = storage_from_string(storage_url, wrap_exceptions=True)
        self._limiter = MovingWindowRateLimiter(storage)

    def check(self, client: str) -> None:
        """Raise 429 with Retry-After when `client` has used up its failures."""
        if self._counted(lambda: self._limiter.test(self.limit, _NAMESPACE, client)):
            return
        stats = self._counted(
            lambda: self._limiter.get_window_stats(self.limit, _NAMESPACE, client)
        )
        reset_at = stats.reset_time
        raise TooManyFailures(
            f"too many failed authentications from your address ({self.limit}); "
            "wait and retry with a valid key",
            retry_after_s=max(1, math.ceil(reset_at - time.time())),
        )

    def failed(self, client: str) -> None:
        self._counted(lambda: self._limiter.hit(self.limit, _NAMESPACE, client))

    def _counted(self, call: Callable[[], T]) -> T:
        """Fail closed: without the count, guessing keys could not be slowed down."""
        try:
            return call()
        except StorageError as unreachable:
            log.error("auth failure storage unreachable: %s", unreachable.storage_error)
            raise ThrottleUnavailable(
                "authentication is paused: the count of failed authentications "
                "(DESKCHECK_AUTH_FAILURE_STORAGE) cannot be reached; retry shortly"
            ) from unreachable
