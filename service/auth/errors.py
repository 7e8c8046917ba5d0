from http import HTTPStatus

from service.errors import DeskcheckError


class Unauthorized(DeskcheckError):
    status = HTTPStatus.UNAUTHORIZED
    kind = "unauthorized"


class Forbidden(DeskcheckError):
    status = HTTPStatus.FORBIDDEN
    kind = "forbidden"


class CrossSiteRequest(DeskcheckError):
    """A desk form post from another site, or without the page's CSRF token."""

    status = HTTPStatus.FORBIDDEN
    kind = "cross_site_request"


class TooManyFailures(DeskcheckError):
    status = HTTPStatus.TOO_MANY_REQUESTS
    kind = "too_many_failed_authentications"


class ThrottleUnavailable(DeskcheckError):
    status = HTTPStatus.SERVICE_UNAVAILABLE
    kind = "auth_throttle_unavailable"
    retry_after_s = 10


class DuplicateKeyName(DeskcheckError):
    status = HTTPStatus.CONFLICT
    kind = "duplicate_key_name"


class InvalidName(DeskcheckError):
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    kind = "invalid_name"


class UnknownAccount(DeskcheckError):
    status = HTTPStatus.NOT_FOUND
    kind = "unknown_account"


class WeakPassword(DeskcheckError):
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    kind = "weak_password"


class AccountChangeRefused(DeskcheckError):
    """An admin taking away their own access (disable, demote): another admin must do it."""

    status = HTTPStatus.CONFLICT
    kind = "account_change_refused"


class UnknownKey(DeskcheckError):
    status = HTTPStatus.NOT_FOUND
    kind = "unknown_key"


class RateLimited(DeskcheckError):
    """More requests to the model endpoints than DESKCHECK_MODEL_RATE_LIMIT allows."""

    status = HTTPStatus.TOO_MANY_REQUESTS
    kind = "rate_limited"


class RateLimitUnavailable(DeskcheckError):
    status = HTTPStatus.SERVICE_UNAVAILABLE
    kind = "rate_limit_unavailable"
    retry_after_s = 10
