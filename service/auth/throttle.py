"""Failed authentications per client address, counted with `limits` (memory or Redis).

Only failures count: a client that knows its key is never slowed. Past the limit, every
attempt from that address is refused until the window moves on, the right key included,
or guessing would go on at full speed.
"""

import math
import time

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from service.auth.errors import TooManyFailures

_NAMESPACE = "deskcheck-auth-failures"


class AuthThrottle:
    def __init__(self, limit: str, storage_url: str) -> None:
        self.limit: RateLimitItem = parse(limit)
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_url))

    def check(self, client: str) -> None:
        """Raise 429 with Retry-After when `client` has used up its failures."""
        if self._limiter.test(self.limit, _NAMESPACE, client):
            return
        reset_at = self._limiter.get_window_stats(self.limit, _NAMESPACE, client).reset_time
        raise TooManyFailures(
            f"too many failed authentications from your address ({self.limit}); "
            "wait and retry with a valid key",
            retry_after_s=max(1, math.ceil(reset_at - time.time())),
        )

    def failed(self, client: str) -> None:
        self._limiter.hit(self.limit, _NAMESPACE, client)
