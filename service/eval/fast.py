"""The real `/verify` and `/summarize` code paths, in fast mode (or full), on one event loop.

Public datasets hold thousands of items; one loop for all of them keeps the harness' own
overhead out of the per-article times it reports.
"""

import asyncio
from types import TracebackType

from schemas.common import ArticleIn, Mode
from schemas.summarize import SummarizeRequest, SummarizeResponse
from schemas.verify import VerifyRequest, VerifyResponse
from service.config import Settings
from service.errors import DeskcheckError
from service.llm import ModelClient, configured_backend, stop_backend
from service.llm.backend import start_backend
from service.summarize.service import summarize
from service.verify.service import verify

_WARM_UP = "The council in Oleshky, Kherson Oblast, said on Monday the bridge would reopen in May."


class FastRunner:
    """`with FastRunner(settings) as run: run.verify(text)`; `summary_mode="full"` asks the
    configured model backend for summaries (its tasks as settings say), all else stays fast."""

    def __init__(self, settings: Settings, summary_mode: Mode = "fast") -> None:
        self._settings = settings
        self._backend = configured_backend(settings)
        # Fast mode never starts the backend; the client is only there because the signatures
        # of the services ask for one.
        self._model = ModelClient(settings, self._backend)
        self._loop = asyncio.Runner()
        self.summary_mode = summary_mode

    def __enter__(self) -> "FastRunner":
        # A place named with its region makes the evidence layer load the gazetteer (seconds,
        # once a process); paying for it here keeps it out of whichever article comes first.
        self.verify(_WARM_UP)
        if self.summary_mode == "full":
            self._loop.run(self._start_model())
        return self

    async def _start_model(self) -> None:
        await start_backend(self._backend, self._settings)
        if self._backend._startup is not None:
            await self._backend._startup
        if self._backend.state not in ("ready", "off"):  # off: no task here calls it
            raise RuntimeError(f"the model backend did not start: {self._backend.reason}")

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

    def verify_or_report(
        self, text: str, name: str, errors: list[str], summary: str | None = None
    ) -> VerifyResponse | None:
        """`verify`, or None with the failure added to `errors` under `name`: one failing item
        is named in the report, never allowed to hide the figures of the others."""
        try:
            return self.verify(text, summary)
        except DeskcheckError as error:
            errors.append(f"{name}: {error.kind}: {error.detail}")
            return None

    def summarize(self, text: str, max_points: int) -> SummarizeResponse:
        request = SummarizeRequest(
            article=ArticleIn(text=text), max_points=max_points, mode=self.summary_mode
        )
        return self._loop.run(summarize(request, self._settings, self._model))
