"""What an operator sees of a running service: request ids, JSON logs and Prometheus metrics."""

from starlette.types import ASGIApp

from service.observability.access import AccessLog
from service.observability.request_id import with_request_ids


def observed(app: ASGIApp) -> ASGIApp:
    """The outermost layers: the request id first, so the access line and every record carry it."""
    return with_request_ids(AccessLog(app))
