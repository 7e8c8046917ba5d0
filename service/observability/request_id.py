"""The request id: the caller's `X-Request-ID` when it is a sane token, else a fresh one.

asgi-correlation-id does the work (pure ASGI): it puts the id in a context variable, which every
log record written during the request reads (`service.observability.logs`), rewrites the
request's header so handlers (and the audit trail) see the same id, and echoes it on the
response. An id is sane when it is 1-64 characters from `A-Z a-z 0-9 . _ -`: it fits the audit
trail's column and can be pasted into a log search without quoting; anything else is replaced.
"""

import re

from asgi_correlation_id import CorrelationIdMiddleware, correlation_id
from starlette.types import ASGIApp

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")


def is_sane(value: str) -> bool:
    return _SANE.fullmatch(value) is not None


def current_request_id() -> str | None:
    """The id of the request this code runs for; None outside any request."""
    return correlation_id.get()


def with_request_ids(app: ASGIApp) -> ASGIApp:
    return CorrelationIdMiddleware(app, header_name=HEADER, validator=is_sane)
