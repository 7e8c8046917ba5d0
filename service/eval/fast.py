"""The real `/verify` and `/summarize` code paths in fast mode, on one event loop.

Public datasets hold thousands of items; one loop for all of them keeps the harness' own
overhead out of the per-article times it reports.
"""

import asyncio
from types import TracebackType

from schemas.common import ArticleIn
from schemas.summarize import SummarizeRequest, SummarizeResponse
from schemas.verify import VerifyRequest, VerifyResponse
from service.config import Settings
from service.llm import ModelClient, configured_backend, stop_backend
from service.summarize.service import summarize
from service.verify.service import verify

_WARM_UP = "The council in Oleshky, Kherson Oblast, said on Monday the bridge would reopen in May."


class FastRunner:
    """`with FastRunner(settings) as run: run.verify(text)`."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._backend = configured_backend(settings)
        # Fast mode never starts the backend; the client is only there because the signatures
        # of the services ask for one.
        self._model = ModelClient(settings, self._backend)
        self._loop = asyncio.Runner()

    def __enter__(self) -> "FastRunner":
        # A place named with its region makes the evidence layer load the gazetteer (seconds,
        # once a process); paying for it here keeps it out of whichever article comes first.
        self.verify(_WARM_UP)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._loop.run(stop_backend(self._backend))
        self._loop.close()

    def verify(self, text: str, summary: str | None = None) -> VerifyResponse:
        request = VerifyRequest(article=ArticleIn(text=text), summary=summary, mode="fast")
        return self._loop.run(verify(request, self._settings, self._model))

    def summarize(self, text: str, max_points: int) -> SummarizeResponse:
        request = SummarizeRequest(article=ArticleIn(text=text), max_points=max_points, mode="fast")
        return self._loop.run(summarize(request, self._settings, self._model))
