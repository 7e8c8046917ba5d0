"""Upstream faults keep their signal: our status, Retry-After and how often the upstream was asked.

An upstream 429 becomes our 503 (the quota is this service's, not the caller's); a Retry-After
is passed on as given, capped at a day; one that outlasts the request's time for model work is
not waited for; the upstream's own words never reach our client.
"""

import pytest

from tests.llm.fault_matrix import FAULTS, Fault, Outcome, run_fault

EXPECTED = {
    # fault: (status, error, Retry-After, upstream calls, our attempts)
    "500": (502, "backend_bad_response", None, 3, 3),
    "502": (502, "backend_bad_response", None, 3, 3),
    "503, no Retry-After": (503, "backend_unavailable", "10", 3, 3),
    "503, Retry-After: 1": (503, "backend_unavailable", "1", 3, 3),
    "503, Retry-After: 3600": (503, "backend_unavailable", "3600", 1, 1),
    "429, Retry-After: 3": (503, "backend_rate_limited", "3", 2, 2),
    "429, Retry-After: 3600": (503, "backend_rate_limited", "3600", 1, 1),
    "429, Retry-After: 3 days": (503, "backend_rate_limited", "86400", 1, 1),
    "timeout (upstream hangs)": (503, "backend_unavailable", "10", 3, 3),
    "connection refused": (503, "backend_unavailable", "10", 0, 3),
    "garbage body (HTML, 200)": (502, "backend_bad_response", None, 1, 1),
    "truncated JSON (200)": (502, "backend_bad_response", None, 1, 1),
    "wrong schema (200)": (502, "backend_bad_response", None, 1, 1),
}


def _observed(outcome: Outcome) -> tuple[int, str | None, str | None, int, int]:
    return (
        outcome.status,
        outcome.error,
        outcome.retry_after,
        outcome.upstream_calls,
        outcome.our_attempts,
    )


@pytest.mark.parametrize(
    "fault", [f for f in FAULTS if f.name in EXPECTED], ids=lambda fault: fault.name
)
def test_upstream_fault_keeps_its_signal(fault: Fault) -> None:
    outcome = run_fault(fault)
    assert _observed(outcome) == EXPECTED[fault.name]
    assert not outcome.echoed_upstream_text


def test_http_date_retry_after_is_passed_on_in_seconds() -> None:
    (fault,) = [f for f in FAULTS if f.name.startswith("429, Retry-After: HTTP-date")]
    outcome = run_fault(fault)
    assert (outcome.status, outcome.error, outcome.upstream_calls) == (
        503,
        "backend_rate_limited",
        1,
    )
    assert outcome.retry_after is not None
    assert 7190 <= int(outcome.retry_after) <= 7200


def test_every_fault_has_an_expected_outcome() -> None:
    named = {f.name for f in FAULTS if not f.name.startswith("429, Retry-After: HTTP-date")}
    assert named == set(EXPECTED)
