"""One error base that carries its status; one handler renders `{"error", "detail"}`.

Caller mistakes are 4xx; model and upstream failures are 5xx. Nothing escapes as a bare 500.
"""

from http import HTTPStatus


class DeskcheckError(Exception):
    status: HTTPStatus = HTTPStatus.INTERNAL_SERVER_ERROR
    kind: str = "internal_error"
    retry_after_s: int | None = None

    def __init__(
        self, detail: str, *, retry_after_s: int | None = None, for_editors: str | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        # What the desk shows instead, where given: the API's detail may name endpoints and
        # settings, which mean nothing to an editor.
        self.for_editors = for_editors
        if retry_after_s is not None:
            self.retry_after_s = retry_after_s


class BadArticle(DeskcheckError):
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    kind = "invalid_article"


class ArticleTooLarge(DeskcheckError):
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    kind = "article_too_large"


class BackendUnavailable(DeskcheckError):
    status = HTTPStatus.SERVICE_UNAVAILABLE
    kind = "backend_unavailable"
    retry_after_s = 10


class BackendBadResponse(DeskcheckError):
    """The model answered, but with something we cannot use (not a chat completion, cut off)."""

    status = HTTPStatus.BAD_GATEWAY
    kind = "backend_bad_response"


class DeadlineExceeded(DeskcheckError):
    status = HTTPStatus.GATEWAY_TIMEOUT
    kind = "deadline_exceeded"
