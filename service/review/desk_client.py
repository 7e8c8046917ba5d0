"""`deskcheck batch --url`: a batch sent to a desk over HTTP, with an API key, as any program
would (POST /review/batches, GET /review/batches/{id}).

Articles go in requests of at most REQUEST_ARTICLES articles and about REQUEST_BYTES of JSON,
so no request meets the desk's body limit (an article alone always fits: the desk's limit is
sized for its largest article). A desk that answers 429 or 503 is waited for, as its
Retry-After says, a bounded number of times; any other refusal stops the batch with the
desk's own `{"error", "detail"}`.
"""

import json
import time
from collections.abc import Iterator, Sequence
from http import HTTPStatus

import httpx

from schemas.common import ArticleIn, Mode
from schemas.review import BatchView
from service.errors import DeskcheckError

REQUEST_ARTICLES = 200
REQUEST_BYTES = 256 * 1024
_WAITS = 5  # 429/503 answers waited out per request before giving up
_MAX_WAIT_S = 60


class DeskRefused(DeskcheckError):
    """The desk answered the batch with an error; kind and detail are the desk's."""

    status = HTTPStatus.BAD_GATEWAY
    kind = "desk_refused"

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


class DeskUnreachable(DeskcheckError):
    status = HTTPStatus.BAD_GATEWAY
    kind = "desk_unreachable"


def request_chunks(articles: Sequence[ArticleIn]) -> Iterator[list[ArticleIn]]:
    """Runs of articles, each within REQUEST_ARTICLES and (but for a lone article) REQUEST_BYTES."""
    chunk: list[ArticleIn] = []
    size = 0
    for article in articles:
        length = len(article.model_dump_json(exclude_none=True).encode())
        if chunk and (len(chunk) == REQUEST_ARTICLES or size + length > REQUEST_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(article)
        size += length
    if chunk:
        yield chunk


class DeskClient:
    def __init__(self, url: str, key: str, timeout_s: float = 60.0) -> None:
        self._http = httpx.Client(
            base_url=url.rstrip("/"),
            headers={"Authorization": f"Bearer {key}", "User-Agent": "deskcheck-batch"},
            timeout=timeout_s,
        )

    def submit(self, articles: list[ArticleIn], mode: Mode, max_points: int) -> BatchView:
        body = {
            "articles": [a.model_dump(mode="json", exclude_none=True) for a in articles],
            "mode": mode,
            "max_points": max_points,
        }
        return BatchView.model_validate(self._call("POST", "/review/batches", body))

    def batch(self, batch_id: str) -> BatchView:
        return BatchView.model_validate(self._call("GET", f"/review/batches/{batch_id}"))

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, body: object = None) -> object:
        for _ in range(_WAITS):
            try:
                answer = self._http.request(method, path, json=body)
            except httpx.HTTPError as failed:
                raise DeskUnreachable(
                    f"the desk at {self._http.base_url} did not answer ({failed}); check "
                    "--url (or DESKCHECK_DESK_URL) and that the desk is running"
                ) from failed
            if answer.status_code not in (429, 503):
                return _parsed(answer)
            time.sleep(_retry_after(answer))
        return _parsed(answer)


def _retry_after(answer: httpx.Response) -> float:
    try:
        return min(float(answer.headers.get("retry-after", "1")), _MAX_WAIT_S)
    except ValueError:
        return 1.0


def _parsed(answer: httpx.Response) -> object:
    try:
        payload: object = answer.json()
    except json.JSONDecodeError:
        payload = None
    if answer.is_success and payload is not None:
        return payload
    if isinstance(payload, dict) and "error" in payload:
        raise DeskRefused(str(payload["error"]), str(payload.get("detail", "")))
    raise DeskRefused(
        "desk_error",
        f"the desk answered {answer.status_code} without a JSON body; is --url a desk?",
    )
