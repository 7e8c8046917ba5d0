from http import HTTPStatus

from service.errors import DeskcheckError


class Unauthorized(DeskcheckError):
    status = HTTPStatus.UNAUTHORIZED
    kind = "unauthorized"


class Forbidden(DeskcheckError):
    status = HTTPStatus.FORBIDDEN
    kind = "forbidden"
