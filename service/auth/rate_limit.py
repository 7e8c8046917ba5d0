"""Requests to the model endpoints per caller, in a moving window (`service.auth.window`)."""

from service.auth.errors import RateLimited, RateLimitUnavailable
from service.auth.window import MovingWindow


def _unavailable() -> RateLimitUnavailable:
    return RateLimitUnavailable(
        "the model endpoints are paused: the count of requests per key (in "
        "DESKCHECK_MODEL_RATE_LIMIT_STORAGE, else DESKCHECK_AUTH_FAILURE_STORAGE) cannot "
        "be reached; retry shortly"
    )


class RequestRateLimit:
    def __init__(self, limit: str, storage_url: str) -> None:
        self._window = MovingWindow(limit, storage_url, "deskcheck-model-requests", _unavailable)

    def spend(self, bucket: str, who: str) -> None:
        """Count one request against `bucket`, or raise 429 with Retry-After if it has none left.

        `who` names the bucket to the caller ("the key 'alice'", "your address")."""
        if self._window.hit(bucket):
            return
        wait_s = self._window.seconds_until_free(bucket)
        raise RateLimited(
            f"rate limited: {who} may make {self._window.limit} requests to /summarize, "
            f"/verify and /analyze (DESKCHECK_MODEL_RATE_LIMIT); retry in {wait_s} s",
            retry_after_s=wait_s,
        )
