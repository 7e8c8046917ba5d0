"""Failed authentications per client address and per account, in a moving window
(`service.auth.window`).

Only failures count: a client that knows its key or password is never slowed. Past the limit,
every attempt from that address (or, for a sign-in, at that account) is refused until the
window moves on, the right key or password included, or guessing would go on at full speed.
Counting per account too slows guessing one person's password from many addresses.
"""

from service.auth.errors import ThrottleUnavailable, TooManyFailures
from service.auth.window import MovingWindow


def _unavailable() -> ThrottleUnavailable:
    return ThrottleUnavailable(
        "authentication is paused: the count of failed authentications "
        "(DESKCHECK_AUTH_FAILURE_STORAGE) cannot be reached; retry shortly"
    )


def account_bucket(name: str) -> str:
    """Where an account's failed sign-ins are counted (apart from any address's)."""
    return f"account:{name.casefold()}"


class AuthThrottle:
    def __init__(self, limit: str, storage_url: str) -> None:
        self._window = MovingWindow(limit, storage_url, "deskcheck-auth-failures", _unavailable)

    def check(self, client: str, account: str | None = None) -> None:
        """Raise 429 with Retry-After when `client` (or the `account` being signed in to) has
        used up its failures."""
        if not self._window.has_room(client):
            raise self._refusal("from your address", client)
        if account is not None and not self._window.has_room(account_bucket(account)):
            raise self._refusal("for this account", account_bucket(account))

    def failed(self, client: str, account: str | None = None) -> None:
        self._window.hit(client)
        if account is not None:
            self._window.hit(account_bucket(account))

    def _refusal(self, where: str, bucket: str) -> TooManyFailures:
        return TooManyFailures(
            f"too many failed authentications {where} ({self._window.limit}); "
            "wait and retry with a valid key or password",
            retry_after_s=self._window.seconds_until_free(bucket),
        )
