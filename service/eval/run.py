"""Running labeled cases through the real `verify` and keeping what it predicted."""

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass

from schemas.common import ArticleIn, Mode
from schemas.verify import ClaimStatus, ContradictionType, Verdict, VerifyRequest, VerifyResponse
from service.config import Settings
from service.errors import DeskcheckError
from service.eval.labels import Case
from service.eval.score import Found
from service.llm import Backend, ModelClient, configured_backend, start_backend, stop_backend
from service.verify.service import verify


@dataclass(frozen=True, slots=True)
class FoundClaim:
    start: int
    end: int
    text: str
    status: ClaimStatus


@dataclass(frozen=True, slots=True)
class FoundContradiction:
    type: ContradictionType
    spans: tuple[tuple[int, int], ...]
    """Spans of the claims the contradiction names."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the service reported on one case, and how long it took."""

    case: Case
    seconds: float
    flags: tuple[Found, ...] = ()
    contradictions: tuple[FoundContradiction, ...] = ()
    claims: tuple[FoundClaim, ...] = ()
    verdicts: tuple[Verdict, ...] | None = None
    error: str | None = None


def run_cases(cases: Sequence[Case], mode: Mode, settings: Settings) -> list[Outcome]:
    return asyncio.run(_run_all(cases, mode, settings))


async def _run_all(cases: Sequence[Case], mode: Mode, settings: Settings) -> list[Outcome]:
    backend = configured_backend(settings)
    if mode == "full":
        await start_backend(backend, settings)
        await _until_settled(backend)
    try:
        model = ModelClient(settings, backend)
        return [await run_case(case, mode, settings, model) for case in cases]
    finally:
        await stop_backend(backend)


async def _until_settled(backend: Backend) -> None:
    while backend.state == "starting":
        await asyncio.sleep(0.2)


async def run_case(case: Case, mode: Mode, settings: Settings, model: ModelClient) -> Outcome:
    request = VerifyRequest(article=ArticleIn(text=case.article), summary=case.summary, mode=mode)
    started = time.perf_counter()
    try:
        response = await verify(request, settings, model)
    except DeskcheckError as error:
        # One failing case must not hide the figures of the others; it is reported, and its
        # labels count as missed.
        return Outcome(case, time.perf_counter() - started, error=f"{error.kind}: {error.detail}")
    return outcome_of(case, response, time.perf_counter() - started)


def outcome_of(case: Case, response: VerifyResponse, seconds: float) -> Outcome:
    claim_spans = {claim.id: (claim.start, claim.end) for claim in response.claims}
    flags = tuple(
        Found(flag.type, flag.start, flag.end, flag.text, flag.detector)
        for claim in response.claims
        for flag in claim.flags
    )
    contradictions = tuple(
        FoundContradiction(c.type, tuple(claim_spans[i] for i in c.claims if i in claim_spans))
        for c in response.contradictions
    )
    claims = tuple(FoundClaim(c.start, c.end, c.text, c.status) for c in response.claims)
    verdicts = (
        tuple(row.verdict for row in response.summary_check)
        if response.summary_check is not None
        else None
    )
    return Outcome(case, seconds, _distinct(flags), contradictions, claims, verdicts)


def _distinct(flags: tuple[Found, ...]) -> tuple[Found, ...]:
    # Two detectors raising the same type on the same words is one finding for the editor.
    seen: dict[tuple[str, int, int], Found] = {}
    for flag in flags:
        seen.setdefault((flag.type, flag.start, flag.end), flag)
    return tuple(seen.values())
