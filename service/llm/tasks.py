"""Which model tasks run on which backend: a setting per task, defaults set by measurement.

`auto` means the default measured on public dev data for that kind of backend (README, "Model
tasks"): a task that does not beat the deterministic fallback there does not run by default,
and `provenance.tasks` says so instead of spending a minute of CPU for nothing.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from schemas.common import Mode
from service.config import Settings, TaskSwitch

if TYPE_CHECKING:
    from service.llm.backend import Backend

TaskName = Literal["summary", "flags", "checker"]
TASKS: tuple[TaskName, ...] = ("summary", "flags", "checker")


@dataclass(frozen=True, slots=True)
class TaskPlan:
    task: TaskName
    runs: bool
    reason: str


# Measured on the embedded SmolLM2-135M (commands and figures in the README, "Model tasks").
_EMBEDDED_DEFAULTS: dict[TaskName, tuple[bool, str]] = {
    "summary": (
        False,
        "off by default on the embedded model: choosing the summary's sentences it scored "
        "ROUGE-1 37.9 on REALSumm, below the extractive summary's 39.1 (40 documents)",
    ),
    "flags": (
        False,
        "off by default on the embedded model: 0-1 of its flags per article passed validation",
    ),
    "checker": (
        False,
        "off by default on the embedded model: on 100 SummEdits pairs it answered neither Yes "
        "nor No (balanced accuracy 0.50)",
    ),
}


def task_plan(task: TaskName, settings: Settings, backend: "Backend") -> TaskPlan:
    return planned(task, settings, backend.name)


def planned(task: TaskName, settings: Settings, backend_name: str) -> TaskPlan:
    """`task_plan` before any backend exists: the plan depends only on the backend's kind."""
    switch: TaskSwitch = getattr(settings, f"task_{task}")
    if switch != "auto":
        return TaskPlan(task, switch == "on", f"DESKCHECK_TASK_{task.upper()}={switch}")
    if task == "checker":
        if settings.checker_base_url is not None:
            return TaskPlan(task, True, "a checker is configured (DESKCHECK_CHECKER_BASE_URL)")
        return TaskPlan(task, False, "no checker configured (DESKCHECK_CHECKER_BASE_URL)")
    if backend_name == "embedded":
        runs, reason = _EMBEDDED_DEFAULTS[task]
        return TaskPlan(task, runs, reason)
    return TaskPlan(task, True, "on by default on an external backend")


@dataclass(frozen=True, slots=True)
class AnalysisPlan:
    """What a full analysis runs on this backend, as the desk and /readyz say it."""

    model_tasks: tuple[TaskName, ...]
    """The model tasks that run; empty: full mode is the evidence layer's rules alone."""
    detail: str

    @property
    def rules_only(self) -> bool:
        return not self.model_tasks

    @property
    def default_mode(self) -> Mode:
        """The mode that does the most useful work here: full when a model task adds to the
        rules; else fast, which runs the same rules on the evidence workers and caches nothing."""
        return "fast" if self.rules_only else "full"


def analysis_plan(settings: Settings, backend_name: str) -> AnalysisPlan:
    runs = tuple(task for task in TASKS if planned(task, settings, backend_name).runs)
    if runs:
        return AnalysisPlan(runs, f"rule-based checks and the model's {', '.join(runs)}")
    if backend_name == "embedded":
        return AnalysisPlan((), "rules only on the embedded model: no model task beats them here")
    return AnalysisPlan((), "rules only: every model task is switched off (DESKCHECK_TASK_*)")


def uses_main_model(settings: Settings, backend_name: str) -> bool:
    """Does any task that runs send its calls to the main backend? The checker does when no
    checker server of its own is configured. False: the backend need not run at all."""
    for task in analysis_plan(settings, backend_name).model_tasks:
        if task != "checker" or settings.checker_base_url is None:
            return True
    return False
