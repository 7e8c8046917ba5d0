"""Failed authentications per client address, in a moving window (`service.auth.window`).

Only failures count: a client that knows its key is never slowed. Past the limit, every
attempt from that address is refused until the window moves on, the right key included,
or guessing would go on at full speed.
"""

from service.auth.errors import ThrottleUnavailable, TooManyFailures
from service.auth.window import MovingWindow


def _unavailable() -> ThrottleUnavailable:
    return ThrottleUnavailable(
        "authentication is paused: the count of failed authentications "
        "(DESKCHECK_AUTH_FAILURE_STORAGE) cannot be reached; retry shortly"
    )


class AuthThrottle:
    def __init__(self, limit: str, storage_url: str) -> None:
        self._window = MovingWindow(limit, storage_url, "deskcheck-auth-failures", _unavailable)

    def check(self, client: str) -> None:
        """Raise 429 with Retry-After when `client` has used up its failures."""
        if self._window.has_room(client):
            return
        raise TooManyFailures(
            f"too many failed authentications from your address ({self._window.limit}); "
            "wait and retry with a valid key",
            retry_after_s=self._window.seconds_until_free(client),
        )

    def failed(self, client: str) -> None:
        self._window.hit(client)
