"""The checker: a grounded fact-checking model asked in the MiniCheck protocol.

Bespoke-MiniCheck (Ollama: `bespoke-minicheck`) and models trained like it take one user message,
`Document: {document}\\nClaim: {claim}`, and answer `Yes` (the document supports the claim) or
`No`. The service asks only about what its own code cannot decide, one claim sentence at a time,
with the article sentences that code aligned to it as the document. The answer is read by code:
anything but a plain yes or no is `undecided`, never a guess.
"""

import re
import time
from dataclasses import dataclass, field
from typing import Literal

from service.config import Settings
from service.llm.backend import Backend
from service.llm.errors import translate_error
from service.llm.transport import ChatServer, chat_server
from service.llm.values import CallStats
from service.observability.metrics import observe_model_call

CheckerAnswer = Literal["supported", "unsupported", "undecided"]

_MAX_ANSWER_TOKENS = 4  # "Yes" or "No" is one token; a longer answer is not one we can read
_ANSWER = re.compile(r"\s*(yes|no)\W*", re.IGNORECASE)


def minicheck_prompt(document: str, claim: str) -> str:
    return f"Document: {document}\nClaim: {claim}"


def read_answer(content: str | None) -> CheckerAnswer:
    """`Yes`/`No` (any case, trailing punctuation allowed); anything else is undecided."""
    match = _ANSWER.fullmatch(content or "")
    if match is None:
        return "undecided"
    return "supported" if match.group(1).lower() == "yes" else "unsupported"


@dataclass(frozen=True, slots=True)
class CheckerEndpoint:
    """Where checker questions go: a dedicated server, or the main backend."""

    backend: str
    base_url: str
    model: str
    api_key: str


def checker_endpoint(settings: Settings, backend: Backend) -> CheckerEndpoint | None:
    """The dedicated checker if configured, else the main backend once it is ready."""
    if settings.checker_base_url is not None:
        return CheckerEndpoint(
            "checker",
            settings.checker_base_url.rstrip("/"),
            settings.checker_model,
            settings.checker_api_key.get_secret_value(),
        )
    if backend.state != "ready" or backend.base_url is None:
        return None
    return CheckerEndpoint(
        backend.name,
        backend.base_url,
        backend.model or "default",
        settings.llm_api_key.get_secret_value(),
    )


@dataclass
class Checker:
    """Asks one endpoint about (document, claim) pairs, at most `max_calls` per instance."""

    endpoint: CheckerEndpoint
    settings: Settings
    stats: CallStats = field(init=False)
    _server: ChatServer = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.stats = CallStats(self.endpoint.backend, self.endpoint.model, "minicheck")
        self._server = chat_server(self.endpoint.base_url, self.endpoint.api_key, self.settings)

    @property
    def exhausted(self) -> bool:
        return self.stats.attempts >= self.settings.checker_max_calls

    async def check(self, document: str, claim: str) -> CheckerAnswer:
        """Does `document` support `claim`? Transport failures raise as any model call does."""
        if self.exhausted:
            return "undecided"
        started = time.perf_counter()
        try:
            completion = await self._server.complete(
                model=self.endpoint.model,
                messages=[{"role": "user", "content": minicheck_prompt(document, claim)}],
                max_tokens=_MAX_ANSWER_TOKENS,
                temperature=0.0,
            )
        except Exception as exc:
            error = translate_error(exc, self.stats)
            observe_model_call("checker", error.kind, 0, 0)
            raise error from exc
        finally:
            self.stats.latency_ms += round((time.perf_counter() - started) * 1000)
        before = self.stats.prompt_tokens, self.stats.completion_tokens
        self.stats.count(completion)
        observe_model_call(
            "checker",
            "ok",
            self.stats.prompt_tokens - before[0],
            self.stats.completion_tokens - before[1],
        )
        return read_answer(self.stats.last_answer)

    async def close(self) -> None:
        await self._server.close()
