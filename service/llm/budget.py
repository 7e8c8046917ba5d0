"""Token budgets: per request and per day, so a long article or a busy day cannot run up a bill.

A request opens a scope (`ModelClient.request_scope`); every model call inside it draws on the
scope's budget and on the process's daily ledger. When either runs out the call is not made:
`BudgetExhausted` tells the service to return what it has, with a warning that says so.
"""

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from http import HTTPStatus

from service.errors import DeskcheckError


class BudgetExhausted(DeskcheckError):
    """No tokens left for another model call. Services catch it and return partial results."""

    status = HTTPStatus.TOO_MANY_REQUESTS
    kind = "token_budget_exhausted"


@dataclass
class DailyLedger:
    """Tokens spent today (UTC) by this process."""

    limit: int | None
    day: date
    used: int = 0

    def remaining(self) -> int | None:
        self._roll_over()
        return None if self.limit is None else self.limit - self.used

    def spend(self, tokens: int) -> None:
        self._roll_over()
        self.used += tokens

    def _roll_over(self) -> None:
        today = datetime.now(UTC).date()
        if today != self.day:
            self.day, self.used = today, 0


@dataclass
class RequestBudget:
    """What one request may still spend, and whether it ran out (its result is then partial)."""

    limit: int | None
    used: int = 0
    exhausted: bool = False
    reason: str = ""
    stop_at: float | None = None
    """Loop time after which no further part of a long article is started (then partial)."""

    def remaining(self) -> int | None:
        return None if self.limit is None else self.limit - self.used


current_budget: ContextVar[RequestBudget | None] = ContextVar("current_budget", default=None)


def check_budget(estimated_tokens: int, ledger: DailyLedger) -> None:
    """Refuse a call whose estimated prompt alone would overdraw the request's or day's budget."""
    budget = current_budget.get()
    if budget is not None and (left := budget.remaining()) is not None and estimated_tokens > left:
        _exhaust(
            budget,
            f"the request's token budget ({budget.limit:,}, "
            "DESKCHECK_LLM_REQUEST_TOKEN_BUDGET) ran out",
        )
    daily_left = ledger.remaining()
    if daily_left is not None and estimated_tokens > daily_left:
        if budget is not None:
            _exhaust(
                budget,
                f"today's token budget ({ledger.limit:,}, "
                "DESKCHECK_LLM_DAILY_TOKEN_BUDGET) ran out",
            )
        raise BudgetExhausted(
            "today's token budget (DESKCHECK_LLM_DAILY_TOKEN_BUDGET) is spent; "
            'retry tomorrow or use "mode": "fast"'
        )


def spend(tokens: int, ledger: DailyLedger) -> None:
    ledger.spend(tokens)
    budget = current_budget.get()
    if budget is not None:
        budget.used += tokens


def out_of_time(budget: RequestBudget | None) -> None:
    """Mark the request partial because its time ran out (the caller stopped its model calls)."""
    if budget is not None:
        budget.exhausted = True
        budget.reason = "the request's time (DESKCHECK_REQUEST_DEADLINE_S) ran short"


def _exhaust(budget: RequestBudget, reason: str) -> None:
    budget.exhausted, budget.reason = True, reason
    raise BudgetExhausted(reason)
